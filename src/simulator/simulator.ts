import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { IIdentityPool } from '../identity-pool';
import { IdentityProvider, IdentityProviderType } from '../identity-provider';
import { AccessDecision, Decision } from './access-decision';
import { EvaluationInput, evaluatePolicies, PolicySource, Unresolved } from './policy-evaluation';
import { chooseAuthenticatedRole, chooseGuestRole, ClaimValue, PoolView, ProviderNames, providerRefusal, RoleChoice } from './role-choice';
import { guestScopeDownPolicy } from './scope-down';
import {
  checkTrust, findRole, identityIdFor, principalTagsFor, rolePolicies, RolePolicies, subjectOf, TemplateRole, TrustOutcome,
} from './session';
import { ResolvedTemplate } from './template';
import { COGNITO_IDENTITY } from '../private/role-policies';
import { tagKeyProblem } from '../private/validation';

/**
 * Options of `IdentityPoolSimulator.signIn`: what the user's login carries.
 */
export interface SignInOptions {
  /**
   * The claims of the user's token (ID token of a user pool, OIDC or social provider; for a
   * developer provider, `sub` is the developer user identifier). Each value is a string or a
   * list of strings (`cognito:groups`, `cognito:roles`). Values may be tokens of the app
   * (`role.roleArn` in `cognito:roles`): they are resolved like the template.
   *
   * `sub` names the user: the identity id is derived from it (a stand-in subject when
   * absent). When `aud` is absent, the simulator fills it in with the audience the pool's
   * template shows: a user pool provider's app client id, a public provider's app id (not for
   * Twitter, whose app id is a key pair, nor for OIDC and SAML providers, whose audience the
   * template does not tell).
   *
   * @default - no claims but `aud` as above
   */
  readonly claims?: { [name: string]: any };

  /**
   * The `CustomRoleArn` of `GetCredentialsForIdentity`: the role the user asks for. Only a
   * token-based role mapping reads it, and only when it is one of the token's `cognito:roles`
   * (SERVICE-CONTRACT.md §4). May be a token (`role.roleArn`).
   *
   * @default - none
   */
  readonly customRoleArn?: string;

  /**
   * Session tags of a developer-authenticated identity: the `PrincipalTags` of
   * `GetOpenIdTokenForDeveloperIdentity` (SERVICE-CONTRACT.md §1, §2). Only a developer
   * provider takes them; other providers' tags come from the pool's principal-tag maps.
   *
   * @default - none
   */
  readonly principalTags?: { [tag: string]: string };
}

/**
 * Options of `SimulatedSession.evaluate`.
 */
export interface EvaluateOptions {
  /**
   * Condition keys of the request (for example `aws:SourceIp`, `s3:prefix`), each a string or
   * a list of strings; values may be tokens. The session's own keys
   * (`cognito-identity.amazonaws.com:sub`, `:aud`, `:amr`, `aws:PrincipalTag/<tag>`) are
   * filled in by the simulator and cannot be given here. A condition on a key that is
   * neither given here nor one of the session's makes the answer `UNDETERMINED`.
   *
   * @default - only the session's keys
   */
  readonly context?: { [key: string]: any };
}

/**
 * Simulates an identity pool as its stack would deploy it: who gets which role and which
 * session tags, and what those credentials may do, answered in a unit test before any deploy.
 *
 * It reads the synthesized template of the pool's stack (as `Template.fromStack` does, so
 * synthesize after the app is complete), with physical ids replaced by deterministic
 * stand-ins, and follows the service's decision order: the provider (SERVICE-CONTRACT.md §1),
 * the role (§4), the role's trust and the session tags (§2, §5, §6), then IAM's policy
 * evaluation over the role's policies (§6). It never guesses: what depends on something the
 * template does not hold is answered `Decision.UNDETERMINED`, naming it.
 *
 * An environment-agnostic stack is simulated in the stand-in region `us-east-1` and account
 * `123456789012`.
 */
export class IdentityPoolSimulator {
  /**
   * Simulate a pool of this library (`new IdentityPool(...)`). Reads the template of the pool's
   * stack once; sign in as many users as you like afterwards.
   *
   * Like `Template.fromStack`, it synthesizes the app the first time and reuses that synthesis
   * afterwards (so it costs nothing more in a test that already called `Template.fromStack`):
   * finish the app before calling it.
   *
   * @param pool the pool; it must be defined in a stack of the app, not imported
   */
  public static of(pool: IIdentityPool): IdentityPoolSimulator {
    const stack = Stack.of(pool);
    const ref = stack.resolve(pool.identityPoolId);
    const logicalId = typeof ref === 'object' && ref !== null && typeof ref.Ref === 'string' ? ref.Ref : undefined;
    if (logicalId === undefined || !isPoolResource(pool, stack, logicalId)) {
      throw new Error(
        `IdentityPoolSimulator.of: invalid pool ${pool.node.path}: the simulator reads a pool's configuration from the template of the stack that defines it; ` +
          'a pool imported with fromIdentityPoolId or fromIdentityPoolArn is configured elsewhere, so simulate the stack that defines it',
      );
    }
    return new IdentityPoolSimulator(pool, ResolvedTemplate.of(stack), logicalId);
  }

  private readonly view: PoolView;
  private readonly stack: Stack;
  private guests = 0;
  private readonly roles = new Map<string, TemplateRole | undefined>();
  private readonly policies = new Map<string, RolePolicies>();
  private roleConstructs?: Map<string, iam.IRole>;
  private readonly providerNames = new Map<IdentityProvider, ProviderNames>();
  private readonly trusts = new Map<string, TrustOutcome>();
  /** Trust verdicts that depend on the role, the action and the amr only (the provider's amr list, one object each). */
  private readonly sharedTrusts = new Map<string, Map<string, Map<object, TrustOutcome>>>();
  /** The amr of each provider's sessions, one list per provider. */
  private readonly amrs = new Map<ProviderNames, string[]>();
  /** Per role: whether its trust policy mentions `sub`, and session tags (aws:RequestTag, aws:TagKeys). */
  private readonly trustReads = new Map<string, { sub: boolean; tags: boolean }>();

  private constructor(pool: IIdentityPool, template: ResolvedTemplate, logicalId: string) {
    this.stack = Stack.of(pool);
    const id = template.resolve({ Ref: logicalId }) as string;
    const attachments = template.resourcesOfType('AWS::Cognito::IdentityPoolRoleAttachment')
      .filter((a) => template.properties(a).IdentityPoolId === id);
    this.view = {
      template,
      logicalId,
      id,
      region: id.split(':')[0],
      pool: template.properties(logicalId),
      attachment: attachments.length > 0 ? template.properties(attachments[attachments.length - 1]) : undefined,
      attachmentNote: attachments.length > 1
        ? `the stack has ${attachments.length} role attachments for the pool (${attachments.join(', ')}); the service keeps the last one applied, ` +
          `an order CloudFormation does not fix (SERVICE-CONTRACT.md §4: one per pool); this answer uses ${attachments[attachments.length - 1]}`
        : undefined,
    };
  }

  /**
   * Sign a user in with one of the pool's providers, as `GetId` then
   * `GetCredentialsForIdentity` would (the enhanced flow).
   *
   * A provider the pool does not accept is not an error: the session is not granted and its
   * `reason` says why, as the service would.
   *
   * @param provider the provider the user signs in with (for developer identities, `DeveloperProvider.provider`)
   * @param options the claims of the user's token, the role asked for, developer principal tags
   */
  public signIn(provider: IdentityProvider, options: SignInOptions = {}): SimulatedSession {
    // By shape, not class: a second copy of the library in node_modules is still a provider.
    if (!provider || typeof provider.type !== 'string' || typeof provider.loginsKey !== 'string' || !provider._details) {
      throw new Error('IdentityPoolSimulator.signIn: invalid provider: give an IdentityProvider (IdentityProvider.userPool(...), DeveloperProvider.provider, ...)');
    }
    const t = this.view.template;
    const claims = this.validateClaims(options.claims);
    const names = this.namesOf(provider);
    if (claims.aud === undefined && typeof names.audience === 'string') {
      claims.aud = names.audience;
    }
    let customRoleArn: string | Unresolved | undefined;
    if (options.customRoleArn !== undefined) {
      customRoleArn = t.resolveToken(checkString('signIn', 'customRoleArn', options.customRoleArn));
      if (typeof customRoleArn === 'string' && !/^arn:[^:]+:iam::\d{12}:role\/.+$/.test(customRoleArn)) {
        throw new Error(`IdentityPoolSimulator.signIn: invalid customRoleArn ${JSON.stringify(customRoleArn)}: give an IAM role ARN, arn:<partition>:iam::<account>:role/<name>`);
      }
    }
    const developerTags = this.validateDeveloperTags(provider, options.principalTags);

    // §1: the pool accepts the provider's logins, or GetId is refused.
    const refusal = providerRefusal(this.view, names);
    if (refusal) {
      return this.session({ granted: false, reason: refusal, principalTags: {} });
    }
    const identityId = identityIdFor(this.view, `${names.loginsKey}|${subjectOf(names, claims)}`);

    // §4: the role.
    const choice = chooseAuthenticatedRole(this.view, names, claims, customRoleArn);

    // §2: the principal tags (developer identities: per call).
    let tags: { [tag: string]: string };
    const notes: string[] = [];
    if (provider.type === IdentityProviderType.DEVELOPER) {
      tags = developerTags;
    } else {
      const outcome = principalTagsFor(this.view, names, claims);
      if (outcome.unresolved) {
        return this.session({
          granted: false,
          identityId,
          principalTags: {},
          reason: `undetermined: the principal tags depend on ${outcome.unresolved.what}`,
          undetermined: outcome.unresolved.what,
        });
      }
      tags = outcome.tags;
      notes.push(...outcome.notes);
    }
    let amr = this.amrs.get(names);
    if (!amr) {
      amr = ['authenticated', names.loginsKey as string];
      this.amrs.set(names, amr);
    }
    return this.credentials(choice, identityId, amr, tags, notes, undefined);
  }

  /**
   * Get guest credentials, as `GetId` without logins then `GetCredentialsForIdentity` would
   * (the enhanced flow). Each call is a new guest, with its own identity id (the same
   * sequence of ids in every run). Guests are let in only when the pool allows
   * unauthenticated identities, and their sessions carry the enhanced flow's scope-down
   * policy (SERVICE-CONTRACT.md §6).
   */
  public signInAsGuest(): SimulatedSession {
    const pool = this.view.pool;
    if (pool.AllowUnauthenticatedIdentities !== true && pool.AllowUnauthenticatedIdentities !== 'true') {
      return this.session({
        granted: false,
        principalTags: {},
        reason: 'the pool does not allow unauthenticated identities (AllowUnauthenticatedIdentities is not true): GetId without logins is refused (NotAuthorizedException)',
      });
    }
    this.guests += 1;
    const identityId = identityIdFor(this.view, `guest|${this.guests}`);
    const notes: string[] = [];
    if (pool.AllowClassicFlow === true || pool.AllowClassicFlow === 'true') {
      notes.push('the pool also allows the classic flow, whose guest credentials escape the scope-down policy; the simulator answers for the enhanced flow (§6)');
    }
    const choice = chooseGuestRole(this.view);
    return this.credentials({ ...choice, notes: [...choice.notes, ...notes] }, identityId, GUEST_AMR, {}, [], guestScopeDownPolicy());
  }

  /** §5, §6: the chosen role's trust, then a session of it. */
  private credentials(
    choice: RoleChoice, identityId: string, amr: string[], tags: { [tag: string]: string }, moreNotes: string[], scopeDown: PolicySource | undefined,
  ): SimulatedSession {
    const withNotes = (text: string) => {
      const notes = [...choice.notes, ...moreNotes];
      return notes.length > 0 ? `${text}. Note: ${notes.join('; ')}` : text;
    };
    if (choice.roleArn === undefined) {
      return choice.undetermined !== undefined
        ? this.session({ granted: false, identityId, principalTags: {}, undetermined: choice.undetermined, reason: withNotes(`undetermined: ${choice.refusal}`) })
        : this.session({ granted: false, identityId, principalTags: {}, reason: withNotes(`no credentials: ${choice.refusal}`) });
    }
    const session: { [key: string]: string | string[] } = {};
    session[AUD] = this.view.id;
    session[AMR] = amr;
    session[SUB] = identityId;
    if (choice.roleArn instanceof Unresolved) {
      return this.session({
        granted: true,
        identityId,
        principalTags: tags,
        session,
        outside: choice.roleArn.what,
        reason: withNotes(`${choice.how}: a role that depends on ${choice.roleArn.what}; its trust and policies are outside the template, so evaluate() answers UNDETERMINED`),
      });
    }
    const roleArn = choice.roleArn;
    const role = this.roleOf(roleArn);
    if (!role) {
      return this.session({
        granted: true,
        identityId,
        roleArn,
        principalTags: tags,
        session,
        outside: `the role ${roleArn}`,
        reason: withNotes(`${choice.how}: ${roleArn}, a role that is not in the stack's template; whether its trust admits this pool, and what it allows, ` +
          'cannot be seen, so evaluate() answers UNDETERMINED'),
      });
    }
    const construct = this.constructOf(role.logicalId);
    const base = { identityId, roleArn, role: construct, principalTags: tags, session };
    const assume = this.trust(role, 'sts:AssumeRoleWithWebIdentity', session, tags);
    if (assume.decision !== Decision.ALLOWED) {
      const why = `${choice.how}: ${role.logicalId}, whose trust policy does not admit this session: ` +
        `sts:AssumeRoleWithWebIdentity by ${COGNITO_IDENTITY} with aud ${this.view.id} and amr ${amr.join(', ')} is ${assume.decision === Decision.DENIED ? 'denied' : 'undetermined'} (§5, §6: ${assume.reason})`;
      return assume.decision === Decision.DENIED
        ? this.session({ ...base, principalTags: {}, granted: false, reason: withNotes(`no credentials (InvalidIdentityPoolConfigurationException): ${why}`) })
        : this.session({ ...base, principalTags: {}, granted: false, undetermined: assume.reason, reason: withNotes(`undetermined: ${why}`) });
    }
    if (Object.keys(tags).length > 0) {
      const tagSession = this.trust(role, 'sts:TagSession', session, tags);
      if (tagSession.decision !== Decision.ALLOWED) {
        const why = `${choice.how}: ${role.logicalId}, whose trust policy ${tagSession.decision === Decision.DENIED ? 'does not allow' : 'may not allow'} sts:TagSession, ` +
          `which the session tags ${Object.keys(tags).join(', ')} need (§2, §6: ${tagSession.reason})`;
        return tagSession.decision === Decision.DENIED
          ? this.session({ ...base, principalTags: {}, granted: false, reason: withNotes(`no credentials (InvalidIdentityPoolConfigurationException): ${why}`) })
          : this.session({ ...base, principalTags: {}, granted: false, undetermined: tagSession.reason, reason: withNotes(`undetermined: ${why}`) });
      }
    }
    // Built when read: most tests of many users never read it.
    const reason = () => {
      const tagText = Object.keys(tags).length > 0 ? `, with the session tags ${Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(', ')}` : '';
      return withNotes(`granted: ${choice.how}: ${role.logicalId} (${roleArn})${tagText}${scopeDown ? '; guest credentials carry the enhanced flow\'s scope-down session policy (§6)' : ''}`);
    };
    // A literal, not a spread of `base`: a spread here cost more than the rest of a sign-in.
    return this.session({
      identityId, roleArn, role: construct, principalTags: tags, session, granted: true, policies: this.policiesOf(role), scopeDown, reason,
    });
  }

  /** A session, whose questions are resolved against this simulator's template. */
  private session(spec: SessionSpec): SimulatedSession {
    return SimulatedSession._create(spec, this.view.template);
  }

  /**
   * `checkTrust`, remembered per role, action and request: the identity id (`sub`) and the
   * session tags are left out of the key when the role's trust policy never mentions them
   * (`aud` is the pool's), so users share the answer.
   */
  private trust(role: TemplateRole, action: string, session: { [key: string]: string | string[] }, tags: { [tag: string]: string }): TrustOutcome {
    let reads = this.trustReads.get(role.logicalId);
    if (!reads) {
      const text = JSON.stringify(role.properties.AssumeRolePolicyDocument ?? {});
      reads = { sub: /:sub\b/i.test(text), tags: /requesttag|tagkeys/i.test(text) };
      this.trustReads.set(role.logicalId, reads);
    }
    // Logical ids, actions and the pool's id hold no newline; the rest is JSON.
    const amr = session[AMR];
    if (!reads.sub && !reads.tags && session[AUD] === this.view.id && typeof amr === 'object') {
      // The common case: one verdict per role, action and provider (whose amr list is one object).
      const byRole = this.sharedTrusts.get(role.logicalId) ?? new Map<string, Map<object, TrustOutcome>>();
      this.sharedTrusts.set(role.logicalId, byRole);
      const byAction = byRole.get(action) ?? new Map<object, TrustOutcome>();
      byRole.set(action, byAction);
      let shared = byAction.get(amr);
      if (!shared) {
        shared = checkTrust(role, action, session, tags);
        byAction.set(amr, shared);
      }
      return shared;
    }
    const amrText = Array.isArray(amr) && amr.every((a) => !a.includes('\n')) ? `=${amr.join('\n')}` : `~${JSON.stringify(amr)}`;
    let key = `${role.logicalId}\n${action}\n${session[AUD]}\n${amrText}`;
    if (reads.sub) key += `\n${JSON.stringify(session[SUB])}`;
    if (reads.tags) key += `\n${JSON.stringify(tags)}`;
    let outcome = this.trusts.get(key);
    if (!outcome) {
      outcome = checkTrust(role, action, session, tags);
      this.trusts.set(key, outcome);
    }
    return outcome;
  }

  private namesOf(provider: IdentityProvider): ProviderNames {
    let names = this.providerNames.get(provider);
    if (!names) {
      names = this.resolveNames(provider);
      this.providerNames.set(provider, names);
    }
    return names;
  }

  private resolveNames(provider: IdentityProvider): ProviderNames {
    const t = this.view.template;
    const r = (value: string | undefined) => (value === undefined ? undefined : t.resolveToken(value));
    const d = provider._details;
    const oidc = provider.type === IdentityProviderType.OPEN_ID_CONNECT;
    let audience: string | Unresolved | undefined;
    if (provider.type === IdentityProviderType.USER_POOL) {
      audience = r(d.userPoolClientId);
    } else if (provider.type === IdentityProviderType.SOCIAL && provider.loginsKey !== 'api.twitter.com') {
      audience = r(d.appId);
    }
    return {
      type: provider.type,
      label: provider.toString(),
      loginsKey: r(provider.loginsKey)!,
      // §1: an OIDC provider's role-mapping name is its ARN.
      roleMappingName: oidc ? r(d.arn)! : r(provider.roleMappingKey)!,
      principalTagName: oidc ? r(d.arn) : r(provider.principalTagName),
      clientId: r(d.userPoolClientId),
      arn: r(d.arn),
      audience,
    };
  }

  private validateClaims(claims: { [name: string]: any } | undefined): { [name: string]: ClaimValue } {
    const out: { [name: string]: ClaimValue } = {};
    if (claims === undefined || claims === null) {
      return out;
    }
    if (typeof claims !== 'object' || Array.isArray(claims)) {
      throw new Error('IdentityPoolSimulator.signIn: invalid claims: give a map of claim names to a string or a list of strings');
    }
    const t = this.view.template;
    const resolveClaim = (name: string, value: string): string => {
      const resolved = t.resolveToken(value);
      if (resolved instanceof Unresolved) {
        throw new Error(`IdentityPoolSimulator.signIn: invalid claims[${JSON.stringify(name)}]: it depends on ${resolved.what}, which the simulator cannot resolve; give a literal value`);
      }
      return resolved;
    };
    for (const [name, value] of Object.entries(claims)) {
      if (typeof value === 'string') {
        out[name] = resolveClaim(name, value);
      } else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
        out[name] = value.map((v) => resolveClaim(name, v));
      } else {
        throw new Error(`IdentityPoolSimulator.signIn: invalid claims[${JSON.stringify(name)}] ${safeJson(value)}: a claim is a string or a list of strings`);
      }
    }
    return out;
  }

  private validateDeveloperTags(provider: IdentityProvider, tags: { [tag: string]: string } | undefined): { [tag: string]: string } {
    if (tags === undefined || tags === null) {
      return {};
    }
    if (provider.type !== IdentityProviderType.DEVELOPER) {
      throw new Error(
        `IdentityPoolSimulator.signIn: invalid principalTags for ${provider}: only developer-authenticated identities get principal tags per call ` +
          '(PrincipalTags of GetOpenIdTokenForDeveloperIdentity, SERVICE-CONTRACT.md §2); other providers\' tags come from the pool\'s principal-tag maps and the token\'s claims',
      );
    }
    const out: { [tag: string]: string } = {};
    for (const [key, value] of Object.entries(tags)) {
      if (Token.isUnresolved(key) || tagKeyProblem(key) !== undefined) {
        throw new Error(`IdentityPoolSimulator.signIn: invalid principalTags key ${JSON.stringify(key)}: a session tag key is 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws: (SERVICE-CONTRACT.md §2)`);
      }
      const v = typeof value === 'string' ? this.view.template.resolveToken(value) : value;
      if (typeof v !== 'string' || v.length > 256) {
        throw new Error(`IdentityPoolSimulator.signIn: invalid principalTags[${JSON.stringify(key)}] ${safeJson(value)}: a session tag value is a string of at most 256 characters`);
      }
      out[key] = v;
    }
    return out;
  }

  private roleOf(roleArn: string): TemplateRole | undefined {
    if (!this.roles.has(roleArn)) {
      this.roles.set(roleArn, findRole(this.view, roleArn));
    }
    return this.roles.get(roleArn);
  }

  private policiesOf(role: TemplateRole): RolePolicies {
    if (!this.policies.has(role.logicalId)) {
      this.policies.set(role.logicalId, rolePolicies(this.view, role));
    }
    return this.policies.get(role.logicalId)!;
  }

  /** The app's `iam.IRole` whose `AWS::IAM::Role` has this logical id. */
  private constructOf(logicalId: string): iam.IRole | undefined {
    if (!this.roleConstructs) {
      this.roleConstructs = new Map();
      for (const c of this.stack.node.findAll()) {
        if (CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::IAM::Role' && Stack.of(c) === this.stack) {
          const parent = c.node.scope as IConstruct | undefined;
          if (parent && isRole(parent)) {
            this.roleConstructs.set(this.stack.resolve(c.logicalId), parent);
          }
        }
      }
    }
    return this.roleConstructs.get(logicalId);
  }
}

/** What a `SimulatedSession` is made of. */
interface SessionSpec {
  readonly granted: boolean;
  /** The reason, or how to build it when first read. */
  readonly reason: string | (() => string);
  readonly identityId?: string;
  readonly roleArn?: string;
  readonly role?: iam.IRole;
  readonly principalTags: { [tag: string]: string };
  /** The session's own condition keys (§6). */
  readonly session?: { [key: string]: string | string[] };
  /** The role's policies, for a granted session of a role of the template. */
  readonly policies?: RolePolicies;
  readonly scopeDown?: PolicySource;
  /** What is outside the template, for a session of a role the simulator cannot see. */
  readonly outside?: string;
  /** Why whether credentials are given could not be decided. */
  readonly undetermined?: string;
}

/**
 * The outcome of a simulated sign-in: whether the service would give credentials, of which
 * role, with which session tags; and, through `evaluate`, what those credentials may do.
 */
export class SimulatedSession {
  /** @internal */
  public static _create(spec: SessionSpec, template: ResolvedTemplate): SimulatedSession {
    return new SimulatedSession(spec, template);
  }

  /**
   * Whether the service would give credentials.
   *
   * For a role outside the template (an ARN from elsewhere, an import from another stack) it
   * is `true` as far as the role choice goes: the role's trust cannot be seen, the reason says
   * so, and every `evaluate` answers UNDETERMINED.
   */
  public readonly granted: boolean;


  /**
   * The role construct of the app the credentials are for, when the role is one (undefined
   * for a role from outside the app, or when no role was chosen).
   */
  public readonly role?: iam.IRole;

  /**
   * The ARN of the chosen role. For a role of the app it carries the simulator's stand-ins (the
   * stack's account, or `123456789012` for an env-agnostic stack, and the role's name, or a
   * generated one like CloudFormation's); compare roles with `role` instead.
   *
   * @default - undefined when no role was chosen, or when the role's ARN cannot be resolved
   */
  public readonly roleArn?: string;

  /** The session tags the credentials carry (principal tags, SERVICE-CONTRACT.md §2). */
  public readonly principalTags: { [tag: string]: string };

  /**
   * The user's identity id, `<region of the pool>:<guid>`, stable per pool, provider and
   * subject (`sub` claim).
   *
   * @default - undefined when the pool refuses the login itself
   */
  public readonly identityId?: string;

  private readonly spec: SessionSpec;
  /** The simulator's template: questions' tokens are resolved against it. */
  private readonly template: ResolvedTemplate;
  private reasonText: string | (() => string);

  private constructor(spec: SessionSpec, template: ResolvedTemplate) {
    this.spec = spec;
    this.template = template;
    this.granted = spec.granted;
    this.reasonText = spec.reason;
    this.role = spec.role;
    this.roleArn = spec.roleArn;
    this.principalTags = { ...spec.principalTags };
    this.identityId = spec.identityId;
  }

  /**
   * Why, in the service's terms, naming the SERVICE-CONTRACT.md section followed: the
   * provider, mapping, rule or default that chose the role, or what refused credentials; and
   * any point the answer rests on that the contract leaves unsettled.
   */
  public get reason(): string {
    if (typeof this.reasonText !== 'string') {
      this.reasonText = this.reasonText();
    }
    return this.reasonText;
  }

  /**
   * May these credentials perform the action on the resource? IAM's policy evaluation
   * (SERVICE-CONTRACT.md §6, IAM User Guide "Policy evaluation logic") over the policies the
   * template holds: the role's identity policies (inline, `AWS::IAM::Policy`,
   * `AWS::IAM::RolePolicy`, customer managed policies of the stack), its permissions
   * boundary, the guest scope-down session policy, and the resource policies of the stack's
   * S3 buckets, SQS queues, SNS topics and KMS keys. An explicit deny wins; else every policy
   * type that applies must allow (a resource policy that allows the role counts as an allow;
   * on a KMS key, IAM policies count only as far as the key policy delegates to the account);
   * else denied. `UNDETERMINED` when the answer depends on what the template does not hold (an
   * AWS managed policy, a role from outside the app, a condition key nobody supplied); the
   * reason names it.
   *
   * @param action one IAM action, `service:Action`, for example `s3:GetObject`
   * @param resource the resource's ARN, or `*`; may be a token (`bucket.arnForObjects('a.jpg')`)
   * @param options the request's condition keys
   */
  public evaluate(action: string, resource: string, options: EvaluateOptions = {}): AccessDecision {
    if (typeof action !== 'string' || !/^[A-Za-z0-9-]+:[A-Za-z0-9]+$/.test(action)) {
      throw new Error(`SimulatedSession.evaluate: invalid action ${safeJson(action)}: give one IAM action as service:Action, for example s3:GetObject (no wildcards)`);
    }
    if (typeof resource !== 'string') {
      throw new Error(`SimulatedSession.evaluate: invalid resource ${safeJson(resource)}: give an ARN or *`);
    }
    const resolved = this.template.resolveToken(resource);
    if (typeof resolved === 'string' && resolved !== '*' && !/^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/.test(resolved)) {
      throw new Error(`SimulatedSession.evaluate: invalid resource ${JSON.stringify(resolved)}: give an ARN (arn:partition:service:region:account:resource) or *`);
    }
    const context = this.contextOf(options.context);
    if (!this.granted) {
      if (this.spec.undetermined !== undefined) {
        return { decision: Decision.UNDETERMINED, reason: `whether the session gets credentials is undetermined: ${this.reason}` };
      }
      return { decision: Decision.DENIED, reason: `the session has no credentials: ${this.reason}` };
    }
    if (this.spec.outside !== undefined || !this.spec.policies) {
      return { decision: Decision.UNDETERMINED, reason: `the session's role is outside the template (${this.spec.outside}): its policies cannot be seen` };
    }
    if (resolved instanceof Unresolved) {
      return { decision: Decision.UNDETERMINED, reason: `the resource depends on ${resolved.what}` };
    }
    if (context instanceof Unresolved) {
      return { decision: Decision.UNDETERMINED, reason: `the context depends on ${context.what}` };
    }
    const p = this.spec.policies;
    const scopeDown = this.spec.scopeDown;
    const arn: string = resolved;
    // One request, read with a given list of identity policies (a literal, not a spread: the
    // simulator makes one per question).
    const request = (identityPolicies: PolicySource[]): EvaluationInput => ({
      action,
      resource: arn,
      context,
      identityPolicies,
      unseenPolicies: p.unseenPolicies,
      permissionsBoundary: p.permissionsBoundary,
      unseenPermissionsBoundary: p.unseenPermissionsBoundary,
      sessionPolicies: scopeDown ? [scopeDown] : undefined,
      // §6: the session's own keys are all known; a principal tag the session lacks is absent.
      completeKeys: SESSION_KEYS,
    });
    // KMS: on a key of the template, IAM policies grant only what the key policy lets them
    // (its Allow to the account); otherwise only the key policy itself can allow.
    const delegation = p.keyDelegations[resolved];
    if (delegation) {
      const delegated = evaluatePolicies({
        action, resource: resolved, context, completeKeys: SESSION_KEYS, identityPolicies: [delegation], unseenPolicies: [],
      });
      if (delegated.decision === Decision.UNDETERMINED) {
        return { decision: Decision.UNDETERMINED, reason: `whether ${delegation.label} lets IAM policies grant ${action} is undetermined: ${delegated.reason}` };
      }
      if (delegated.decision === Decision.DENIED) {
        const keyOnly = evaluatePolicies(request([...p.identityPolicies.map(denyOnly), ...p.resourceDenies, ...p.resourceAllows]));
        return { decision: keyOnly.decision, reason: `${delegation.label} does not let IAM policies grant ${action}, so only the key policy can allow it: ${keyOnly.reason}` };
      }
    }
    // A resource policy's Deny counts like any Deny: it joins the policies read together.
    const decision = evaluatePolicies(request(withResourceDenies(p)));
    if (decision.decision !== Decision.DENIED || p.resourceAllows.length === 0) {
      return decision;
    }
    // An implicit deny by the role's policies can still be lifted by a resource policy that
    // allows the role, within the permissions boundary and the session policies (IAM User
    // Guide, "Policy evaluation logic"). An explicit Deny cannot.
    const viaResource = evaluatePolicies(request([...p.identityPolicies, ...p.resourceDenies, ...p.resourceAllows]));
    switch (viaResource.decision) {
      case Decision.ALLOWED:
        return { decision: Decision.ALLOWED, reason: `${viaResource.reason} (a resource policy that allows the role: IAM User Guide, "Policy evaluation logic")` };
      case Decision.UNDETERMINED:
        return { decision: Decision.UNDETERMINED, reason: `the role's own policies do not allow it, but a resource policy may: ${viaResource.reason}` };
      default:
        return decision;
    }
  }

  /** The request context: the session's keys (§6) and the user's, validated and resolved. */
  private contextOf(given: { [key: string]: any } | undefined): Map<string, string | string[]> | Unresolved {
    // Keys lower-cased, as IAM reads them (a later key wins over one differing only in case).
    const context = new Map<string, string | string[]>();
    const session = this.spec.session ?? {};
    for (const key of Object.keys(session)) {
      context.set(key.toLowerCase(), session[key]);
    }
    for (const tag of Object.keys(this.principalTags)) {
      context.set(principalTagKey(tag), this.principalTags[tag]);
    }
    if (given === undefined || given === null) {
      return context;
    }
    if (typeof given !== 'object' || Array.isArray(given)) {
      throw new Error('SimulatedSession.evaluate: invalid context: give a map of condition keys to a string or a list of strings');
    }
    const t = this.template;
    let unresolved: Unresolved | undefined;
    const resolve = (v: string): string => {
      const r = t.resolveToken(v);
      if (r instanceof Unresolved) {
        unresolved = r;
        return v;
      }
      return r;
    };
    for (const [key, value] of Object.entries(given)) {
      if (key.toLowerCase().startsWith(`${COGNITO_IDENTITY}:`) || key.toLowerCase().startsWith('aws:principaltag/')) {
        throw new Error(`SimulatedSession.evaluate: invalid context key ${JSON.stringify(key)}: a key of the session itself (SERVICE-CONTRACT.md §6), which the simulator fills in`);
      }
      if (typeof value === 'string') {
        context.set(key.toLowerCase(), resolve(value));
      } else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
        context.set(key.toLowerCase(), value.map(resolve));
      } else {
        throw new Error(`SimulatedSession.evaluate: invalid context[${JSON.stringify(key)}] ${safeJson(value)}: a condition key's value is a string or a list of strings`);
      }
    }
    return unresolved ?? context;
  }
}

/** The role's identity policies and the resource policies' Deny statements, read together (one list per role). */
function withResourceDenies(p: RolePolicies): PolicySource[] {
  let list = WITH_DENIES.get(p);
  if (!list) {
    list = [...p.identityPolicies, ...p.resourceDenies];
    WITH_DENIES.set(p, list);
  }
  return list;
}

const WITH_DENIES = new WeakMap<RolePolicies, PolicySource[]>();

/** A policy's Deny statements only (an unresolved document is kept whole: it may deny). */
function denyOnly(source: PolicySource): PolicySource {
  const document = source.document;
  if (document instanceof Unresolved || document === null || typeof document !== 'object' || document.Statement instanceof Unresolved) {
    return source;
  }
  const statements = (Array.isArray(document.Statement) ? document.Statement : [document.Statement])
    .filter((statement: any) => statement?.Effect !== 'Allow');
  return { label: source.label, document: { ...document, Statement: statements } };
}

/** `aws:PrincipalTag/<tag>` as the context holds it (lower-cased), made once per tag name. */
function principalTagKey(tag: string): string {
  let key = TAG_KEYS.get(tag);
  if (key === undefined) {
    if (TAG_KEYS.size > 1_000) TAG_KEYS.clear();
    key = `aws:principaltag/${tag.toLowerCase()}`;
    TAG_KEYS.set(tag, key);
  }
  return key;
}

const TAG_KEYS = new Map<string, string>();

/** The session's own condition keys (§6), made once. */
const AUD = `${COGNITO_IDENTITY}:aud`;
const AMR = `${COGNITO_IDENTITY}:amr`;
const SUB = `${COGNITO_IDENTITY}:sub`;
/** The amr of every guest session. */
const GUEST_AMR = ['unauthenticated'];

/** §6: the session's own keys are all known; a principal tag the session lacks is absent. */
const SESSION_KEYS = [`${COGNITO_IDENTITY}:*`, 'aws:PrincipalTag/*'];

function isPoolResource(pool: IIdentityPool, stack: Stack, logicalId: string): boolean {
  return pool.node.findAll().some((c) => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::Cognito::IdentityPool'
    && Stack.of(c) === stack && stack.resolve(c.logicalId) === logicalId);
}

function isRole(c: IConstruct): c is iam.IRole {
  return c instanceof iam.Role || (typeof (c as any).roleArn === 'string' && typeof (c as any).grantAssumeRole === 'function');
}

function checkString(method: string, field: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new Error(`IdentityPoolSimulator.${method}: invalid ${field} ${safeJson(value)}: give a string`);
  }
  return value;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

