import { Question, SignInQuestion } from './questions';
import { InputError } from './sources';
import { Decision } from '../iam/decision';
import { Unresolved } from '../iam/unresolved';
import { roleLogicalId } from '../simulator/role-policies';
import { SimulatedSession } from '../simulator/simulated-session';
import { IdentityPoolSimulator } from '../simulator/simulator';
import { ResolvedTemplate, TemplateEnvironment } from '../simulator/template';

/** One question answered: who signed in, with which role and tags, the decision and why. */
export interface Answer {
  readonly name: string;
  /** `guest`, or the user's subject and groups and the provider. */
  readonly who: string;
  readonly granted: boolean;
  /** The role's logical id in the template, or its ARN for a role outside it. */
  readonly role?: string;
  readonly principalTags: { [tag: string]: string };
  readonly action: string;
  readonly resource: string;
  readonly decision: Decision;
  readonly reason: string;
  /** The sign-in's reason: how the role was chosen, or why there are no credentials. */
  readonly signIn: string;
  readonly expect?: string;
  /** Whether the decision is the expected one; undefined without an expectation. */
  readonly met?: boolean;
}

/** A template's pool, ready to answer questions: one simulator, one session per distinct sign-in. */
export class QuestionRunner {
  public readonly simulator: IdentityPoolSimulator;
  /** The template as the simulator resolves it: the same stand-ins, so questions name resources as the policies do. */
  public readonly template: ResolvedTemplate;
  private readonly sessions = new Map<string, { readonly session: SimulatedSession; readonly who: string }>();
  /** Role names by ARN: every answer shows its role, and most share a few. */
  private readonly roleNames = new Map<string, string>();
  private guest?: SimulatedSession;

  constructor(template: any, environment: TemplateEnvironment, public readonly pool: string | undefined) {
    this.simulator = IdentityPoolSimulator.fromTemplate(template, { ...environment, pool });
    this.template = new ResolvedTemplate(template, environment);
  }

  /**
   * The session of a sign-in, made once per distinct sign-in (one guest for all guest
   * questions). Its provider and claims may be intrinsics of the template; the provider must
   * be one the pool accepts, so that a misspelt name fails the run instead of answering DENIED.
   */
  public session(signIn: SignInQuestion | undefined, where: string): SimulatedSession {
    return this.signIn(signIn, where).session;
  }

  private signIn(signIn: SignInQuestion | undefined, where: string): { readonly session: SimulatedSession; readonly who: string } {
    if (!signIn) {
      this.guest ??= this.simulator.signInAsGuest();
      return { session: this.guest, who: 'guest' };
    }
    const key = JSON.stringify(signIn);
    let known = this.sessions.get(key);
    if (!known) {
      const provider = this.resolved(signIn.provider, `${where}: invalid signIn.provider`);
      if (typeof provider !== 'string' || !this.simulator.providerNames.includes(provider)) {
        throw new InputError(`${where}: invalid signIn.provider: ${JSON.stringify(provider)} is not a provider of the pool; ` +
          `the names it accepts in Logins are ${this.simulator.providerNames.map((n) => JSON.stringify(n)).join(', ') || 'none'}`);
      }
      const claims = signIn.claims === undefined ? undefined : Object.fromEntries(Object.entries(signIn.claims)
        .map(([claim, value]) => [claim, this.resolved(value, `${where}: invalid signIn.claims.${claim}`)]));
      const session = this.simulator.signIn(provider, {
        claims, groups: signIn.groups, principalTags: signIn.principalTags, customRoleArn: signIn.customRoleArn,
      });
      known = { session, who: who(provider, claims, signIn.groups) };
      this.sessions.set(key, known);
    }
    return known;
  }

  /** A value of a question resolved against the template: an intrinsic it cannot resolve is an input error. */
  private resolved(value: unknown, what: string): unknown {
    const resolved = this.template.resolve(value);
    if (resolved instanceof Unresolved) throw new InputError(`${what}: it depends on ${resolved.what}`);
    return resolved;
  }

  public answer(question: Question): Answer {
    const { session, who: signedIn } = this.signIn(question.signIn, question.where);
    const substitute = (value: unknown): unknown => withIdentityId(value, session.identityId);
    const resource = this.template.resolve(substitute(question.resource));
    const context = question.context === undefined ? undefined : this.template.resolve(substitute(question.context));
    const base = {
      name: question.name,
      who: signedIn,
      granted: session.granted,
      role: this.roleName(session.roleArn),
      principalTags: session.principalTags,
      action: question.action,
      signIn: session.reason,
      expect: question.expect,
    };
    let decision: { decision: Decision; reason: string };
    let shown: string;
    const unresolved = [resource, ...Object.values(context ?? {})].find((v) => v instanceof Unresolved) as Unresolved | undefined;
    if (unresolved) {
      shown = resource instanceof Unresolved ? JSON.stringify(question.resource) : String(resource);
      decision = { decision: Decision.UNDETERMINED, reason: `the question depends on ${unresolved.what}` };
    } else if (typeof resource !== 'string') {
      shown = JSON.stringify(resource);
      decision = { decision: Decision.UNDETERMINED, reason: `the resource ${shown} is not a string once resolved` };
    } else {
      shown = resource;
      decision = session.evaluate(question.action, resource, { context: context as any, resourcePolicy: question.resourcePolicy as any });
    }
    return { ...base, resource: shown, ...decision, met: question.expect === undefined ? undefined : decision.decision === question.expect };
  }

  /** A role ARN as the template names the role: its logical id, or the ARN itself. */
  public roleName(arn: string | undefined): string | undefined {
    if (arn === undefined) return undefined;
    let name = this.roleNames.get(arn);
    if (name === undefined) {
      name = roleLogicalId(this.template, arn) ?? arn;
      this.roleNames.set(arn, name);
    }
    return name;
  }
}

/** `${identityId}` in a question's strings (Fn::Sub templates included) stands for the user's identity id. */
function withIdentityId(value: unknown, identityId: string | undefined): unknown {
  if (typeof value === 'string') return identityId === undefined ? value : value.split('${identityId}').join(identityId);
  if (Array.isArray(value)) return value.map((v) => withIdentityId(v, identityId));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withIdentityId(v, identityId)]));
  return value;
}

/** Who signed in: the subject, the groups and the provider. */
function who(provider: string, claims: { [name: string]: unknown } | undefined, groups: string[] | undefined): string {
  const show = (value: unknown) => (Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : JSON.stringify(value));
  // The user first: a terminal's table cuts the end of a long provider name.
  const parts: string[] = [];
  if (claims?.sub !== undefined) parts.push(`sub ${show(claims.sub)}`);
  const memberOf = groups ?? claims?.['cognito:groups'];
  if (memberOf !== undefined) parts.push(`groups ${show(memberOf)}`);
  parts.push(`via ${provider}`);
  return parts.join(', ');
}
