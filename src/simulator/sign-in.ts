import * as iam from 'aws-cdk-lib/aws-iam';
import { QuestionResolver } from './from-stack';
import { validateClaims, validateCustomRoleArn, validateDeveloperTags, validateGroups } from './inputs';
import { SignInOptions } from './options';
import { allowsGuests, PoolView } from './pool-view';
import { principalTagsFor, TagMap, tagMapOf } from './principal-tags';
import { acceptedLogins, loginNames, ProviderNames, providerNames } from './provider-names';
import { TemplateResourcePolicies } from './resource-policies';
import { chooseAuthenticatedRole, chooseGuestRole, ClaimValue, findMapping, ProviderMapping, providerRefusal, RoleChoice } from './role-choice';
import { findRole, rolePolicies, RolePolicies, TemplateRole } from './role-policies';
import { SessionSpec, SimulatedSession } from './simulated-session';
import { guid } from './stand-ins';
import { checkTrust, TrustOutcome } from './trust';
import { GroupClaims, groupClaims, TemplateGroup, templateGroups, templateUserPoolIds, userPoolIdOf } from './user-pool-groups';
import { Decision } from '../iam/decision';
import { PolicyEvaluator } from '../iam/evaluation';
import { PolicySource } from '../iam/policy';
import { assumedRoleArn, RequestPrincipal } from '../iam/principals';
import { Unresolved } from '../iam/unresolved';
import { oneOrMany } from '../iam/values';
import { IdentityProvider, IdentityProviderType } from '../identity-provider';
import { LOGIN_DOMAINS } from '../service/names';
import { AMR_KEY as AMR, AUD_KEY as AUD, AUTHENTICATED, COGNITO_IDENTITY, COGNITO_SESSION_NAME, SUB_KEY as SUB, UNAUTHENTICATED } from '../service/principal';
import { GUEST_SCOPE_DOWN_POLICY } from '../service/scope-down';
import { ATTRIBUTES_FOR_ACCESS_CONTROL, AUTH_FLOW, IAM_ROLES } from '../service/sources';

/**
 * The service's decision order for one pool, a sign-in at a time: does the pool accept the
 * provider (docs/service-contract.md §1), which role (§4), which session tags (§2), does the role's
 * trust admit the session (§5, §6), and then a session whose questions IAM's evaluation answers.
 * Each step is a call that returns here; nothing below calls back.
 *
 * What a simulation learns (a provider's names and mapping, a role's policies, trust verdicts,
 * compiled statements) is kept here, per simulator: two simulators share nothing.
 */
export class PoolSimulation {
  private readonly evaluator = new PolicyEvaluator();
  private guests = 0;
  private readonly providers = new Map<IdentityProvider | string, ProviderState>();
  private readonly roles = new Map<string, TemplateRole | undefined>();
  private readonly policies = new Map<string, RolePolicies>();
  private readonly trusts = new Map<string, TrustOutcome>();
  /** Trust verdicts that depend on the role, the action and the amr only (the provider's amr list, one object each). */
  private readonly sharedTrusts = new Map<string, Map<string, Map<object, TrustOutcome>>>();
  /** Per role: whether its trust policy mentions `sub`, and session tags (aws:RequestTag, aws:TagKeys). */
  private readonly trustReads = new Map<string, { sub: boolean; tags: boolean }>();
  private readonly principals = new Map<string, RequestPrincipal>();
  private resources?: TemplateResourcePolicies;
  private groups?: { readonly groups: TemplateGroup[]; readonly userPools: Set<string> };

  /**
   * @param view the pool as the template deploys it
   * @param tokens resolves the tokens of questions against the template
   * @param roleConstruct the app's role construct of a role's logical id, when the template comes from an app
   */
  constructor(
    private readonly view: PoolView,
    private readonly tokens: QuestionResolver,
    private readonly roleConstruct: (logicalId: string) => iam.IRole | undefined = () => undefined,
  ) {}

  /** A user's sign-in with a provider, as `GetId` then `GetCredentialsForIdentity` would answer it (the enhanced flow). */
  public signIn(provider: IdentityProvider | string, options: SignInOptions): SimulatedSession {
    const claims = validateClaims(options.claims, this.tokens);
    if (options.groups !== undefined) {
      claims['cognito:groups'] = validateGroups(options.groups, claims, this.tokens);
    }
    const state = this.provider(provider, typeof claims.aud === 'string' ? claims.aud : undefined);
    const names = state.names;
    if (claims.aud === undefined && typeof names.audience === 'string') {
      claims.aud = names.audience;
    }
    const customRoleArn = options.customRoleArn === undefined ? undefined : validateCustomRoleArn(options.customRoleArn, this.tokens);
    const developer = names.type === IdentityProviderType.DEVELOPER;
    const developerTags = validateDeveloperTags(names.label, developer, options.principalTags, this.tokens);

    // §1: the pool accepts the provider's logins, or GetId is refused.
    if (state.refusal) {
      return this.session({ granted: false, reason: state.refusal, principalTags: {} });
    }
    const identityId = this.identityId(`${names.loginsKey}|${subjectOf(names, claims)}`);

    // §4: the role.
    const choice = chooseAuthenticatedRole(this.view, names, state.mapping, claims, customRoleArn, this.groupsOf(names, claims));

    // §2: the principal tags (developer identities: per call).
    let tags: { [tag: string]: string };
    const notes: string[] = [];
    if (developer) {
      tags = developerTags;
    } else {
      const outcome = principalTagsFor(state.tagMap, claims);
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
    return this.credentials(choice, identityId, state.amr, tags, notes, undefined);
  }

  /** The names the pool accepts in `Logins`. */
  public get logins(): string[] {
    return acceptedLogins(this.view);
  }

  /** A guest's sign-in (`GetId` without logins, then `GetCredentialsForIdentity`): each call a new guest. */
  public signInAsGuest(): SimulatedSession {
    if (!allowsGuests(this.view)) {
      return this.session({
        granted: false,
        principalTags: {},
        reason: 'the pool does not allow unauthenticated identities (AllowUnauthenticatedIdentities is not true): GetId without logins is refused (NotAuthorizedException)',
      });
    }
    this.guests += 1;
    const identityId = this.identityId(`guest|${this.guests}`);
    const notes: string[] = [];
    const pool = this.view.pool;
    if (pool.AllowClassicFlow === true || pool.AllowClassicFlow === 'true') {
      notes.push(`the pool also allows the classic flow, whose guest credentials escape the scope-down policy; the simulator answers for the enhanced flow (${AUTH_FLOW})`);
    }
    const choice = chooseGuestRole(this.view);
    return this.credentials({ ...choice, notes: [...choice.notes, ...notes] }, identityId, GUEST_AMR, {}, [], GUEST_SCOPE_DOWN_POLICY);
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
    const construct = this.roleConstruct(role.logicalId);
    const base = { identityId, roleArn, role: construct, principalTags: tags, session };
    const assume = this.trust(role, 'sts:AssumeRoleWithWebIdentity', session, tags);
    if (assume.decision !== Decision.ALLOWED) {
      const why = `${choice.how}: ${role.logicalId}, whose trust policy does not admit this session: ` +
        `sts:AssumeRoleWithWebIdentity by ${COGNITO_IDENTITY} with aud ${this.view.id} and amr ${amr.join(', ')} is ${assume.decision === Decision.DENIED ? 'denied' : 'undetermined'} (${IAM_ROLES}: ${assume.reason})`;
      return assume.decision === Decision.DENIED
        ? this.session({ ...base, principalTags: {}, granted: false, reason: withNotes(`no credentials (InvalidIdentityPoolConfigurationException): ${why}`) })
        : this.session({ ...base, principalTags: {}, granted: false, undetermined: assume.reason, reason: withNotes(`undetermined: ${why}`) });
    }
    if (Object.keys(tags).length > 0) {
      const tagSession = this.trust(role, 'sts:TagSession', session, tags);
      if (tagSession.decision !== Decision.ALLOWED) {
        const why = `${choice.how}: ${role.logicalId}, whose trust policy ${tagSession.decision === Decision.DENIED ? 'does not allow' : 'may not allow'} sts:TagSession, ` +
          `which the session tags ${Object.keys(tags).join(', ')} need (${ATTRIBUTES_FOR_ACCESS_CONTROL}: ${tagSession.reason})`;
        return tagSession.decision === Decision.DENIED
          ? this.session({ ...base, principalTags: {}, granted: false, reason: withNotes(`no credentials (InvalidIdentityPoolConfigurationException): ${why}`) })
          : this.session({ ...base, principalTags: {}, granted: false, undetermined: tagSession.reason, reason: withNotes(`undetermined: ${why}`) });
      }
    }
    // Built when read: most tests of many users never read it.
    const reason = () => {
      const tagText = Object.keys(tags).length > 0 ? `, with the session tags ${Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(', ')}` : '';
      return withNotes(`granted: ${choice.how}: ${role.logicalId} (${roleArn})${tagText}${scopeDown ? `; guest credentials carry the enhanced flow's scope-down session policy (${IAM_ROLES})` : ''}`);
    };
    // A literal, not a spread of `base`: a spread here cost more than the rest of a sign-in.
    return this.session({
      identityId,
      roleArn,
      role: construct,
      principalTags: tags,
      session,
      granted: true,
      policies: this.policiesOf(role),
      scopeDown,
      reason,
      resources: this.resourcePolicies,
      principal: this.principalOf(role),
    });
  }

  /** A session, whose questions are resolved against this simulation's template and answered by its evaluator. */
  private session(spec: SessionSpec): SimulatedSession {
    return SimulatedSession._create(spec, this.tokens, this.evaluator);
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
        shared = checkTrust(role, action, session, tags, this.evaluator);
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
      outcome = checkTrust(role, action, session, tags, this.evaluator);
      this.trusts.set(key, outcome);
    }
    return outcome;
  }

  /**
   * What the simulation knows of a provider, read once: its names, whether the pool accepts it,
   * its mapping and tag map. A provider given by its `Logins` name is read off the pool's
   * configuration (a user pool's, with the app client the token's `aud` names).
   */
  private provider(provider: IdentityProvider | string, audience: string | undefined): ProviderState {
    const key = typeof provider === 'string' ? `${provider}\n${audience ?? ''}` : provider;
    let state = this.providers.get(key);
    if (!state) {
      const names = typeof provider === 'string' ? loginNames(this.view, provider, audience) : providerNames(provider, this.tokens);
      const refusal = providerRefusal(this.view, names);
      state = {
        names,
        refusal,
        mapping: findMapping(this.view, names),
        tagMap: tagMapOf(this.view, names),
        amr: [AUTHENTICATED, names.loginsKey as string],
      };
      this.providers.set(key, state);
    }
    return state;
  }

  /**
   * §3: an identity id lives in the pool's region, `<region>:<guid>`. The guid is derived from
   * (pool, provider, subject), so the same user gets the same id every time, and guest number n
   * of a simulator gets the same id in every run.
   */
  private identityId(who: string): string {
    return `${this.view.region}:${guid(`${this.view.id}|${who}`)}`;
  }

  /**
   * The role claims a user pool puts in the ID token for the groups the token names, when the
   * provider is a user pool and the token names groups.
   */
  private groupsOf(names: ProviderNames, claims: { [name: string]: ClaimValue }): (() => GroupClaims) | undefined {
    const userPoolId = typeof names.loginsKey === 'string' ? userPoolIdOf(names.loginsKey) : undefined;
    const groupNames = claims['cognito:groups'];
    if (userPoolId === undefined || groupNames === undefined) {
      return undefined;
    }
    return () => {
      this.groups ??= { groups: templateGroups(this.view), userPools: templateUserPoolIds(this.view) };
      return groupClaims(userPoolId, oneOrMany(groupNames), this.groups.groups, this.groups.userPools);
    };
  }

  /** The template's resource policies, read when first needed. */
  private get resourcePolicies(): TemplateResourcePolicies {
    this.resources ??= new TemplateResourcePolicies(this.view);
    return this.resources;
  }

  /** A session of the role as resource policies name it. */
  private principalOf(role: TemplateRole): RequestPrincipal {
    let principal = this.principals.get(role.logicalId);
    if (!principal) {
      principal = { roleArn: role.arn, sessionArn: assumedRoleArn(role.arn, COGNITO_SESSION_NAME), account: role.arn.split(':')[4] || this.view.template.account };
      this.principals.set(role.logicalId, principal);
    }
    return principal;
  }

  private roleOf(roleArn: string): TemplateRole | undefined {
    if (!this.roles.has(roleArn)) {
      this.roles.set(roleArn, findRole(this.view, roleArn));
    }
    return this.roles.get(roleArn);
  }

  private policiesOf(role: TemplateRole): RolePolicies {
    let policies = this.policies.get(role.logicalId);
    if (!policies) {
      policies = rolePolicies(this.view, role);
      this.policies.set(role.logicalId, policies);
    }
    return policies;
  }
}

/** What a simulation knows of one provider. */
interface ProviderState {
  readonly names: ProviderNames;
  /** Why the pool refuses its logins (§1), if it does. */
  readonly refusal?: string;
  readonly mapping: ProviderMapping;
  readonly tagMap: TagMap;
  /** The amr of its users' sessions (one list per provider). */
  readonly amr: string[];
}

/** The subject of a sign-in that gave no `sub` claim. */
export const DEFAULT_SUBJECT = 'simulated-user';

/** The subject of a sign-in: the `sub` claim (Login with Amazon: `user_id`), else a stand-in. */
function subjectOf(provider: ProviderNames, claims: { [name: string]: ClaimValue }): string {
  const sub = provider.loginsKey === LOGIN_DOMAINS.amazon ? claims.user_id ?? claims.sub : claims.sub;
  return typeof sub === 'string' ? sub : DEFAULT_SUBJECT;
}

/** The amr of every guest session. */
const GUEST_AMR = [UNAUTHENTICATED];
