import { IdentityProviderType } from '../identity-provider';
import { Decision } from './access-decision';
import { evaluatePolicies, PolicySource, Unresolved } from './policy-evaluation';
import { ClaimValue, perProvider, PoolView, ProviderNames } from './role-choice';
import { guid } from './template';
import { COGNITO_IDENTITY, list } from '../private/role-policies';

/**
 * Step 3 of the service's decision order: the credentials. The identity id, the principal
 * tags (SERVICE-CONTRACT.md §2), the chosen role's trust (§5, §6) and what the session's
 * policies are (§6).
 */

/** The subject of a sign-in that gave no `sub` claim. */
export const DEFAULT_SUBJECT = 'simulated-user';

/**
 * §3: an identity id lives in the pool's region, `<region>:<guid>`. The simulator derives
 * the guid from (pool, provider, subject), so the same user gets the same id every time, and
 * guest number n of a simulator gets the same id in every run.
 */
export function identityIdFor(view: PoolView, who: string): string {
  return `${view.region}:${guid(`${view.id}|${who}`)}`;
}

/** The subject of a sign-in: the `sub` claim (Login with Amazon: `user_id`), else a stand-in. */
export function subjectOf(provider: ProviderNames, claims: { [name: string]: ClaimValue }): string {
  const sub = provider.loginsKey === 'www.amazon.com' ? claims.user_id ?? claims.sub : claims.sub;
  return typeof sub === 'string' ? sub : DEFAULT_SUBJECT;
}

/** The principal tags of a session and what they rest on. */
export interface PrincipalTagsOutcome {
  readonly tags: { [tag: string]: string };
  readonly notes: string[];
  /** A name that could not be resolved, so the tags are unknown. */
  readonly unresolved?: Unresolved;
}

/**
 * §2: the principal tags of a provider's user: the pool's `AWS::Cognito::IdentityPoolPrincipalTag`
 * for the provider's principal-tag name (a user pool's has no app client id, an OIDC
 * provider's is its ARN), `UseDefaults` filling in the provider's default claims and custom
 * entries on top. A claim absent from the token gives no tag.
 */
export function principalTagsFor(view: PoolView, provider: ProviderNames, claims: { [name: string]: ClaimValue }): PrincipalTagsOutcome {
  const map = perProvider(TAG_PLANS, view, provider, () => tagMapOf(view, provider));
  if (map.unresolved) {
    return { tags: {}, notes: [], unresolved: map.unresolved };
  }
  const notes = [...map.notes];
  const tags: { [tag: string]: string } = {};
  for (const [tag, claim] of map.attributes) {
    const value = claims[claim];
    if (value === undefined) {
      continue;
    }
    if (Array.isArray(value)) {
      // The service's rendering of a multi-valued claim as a tag value is not documented.
      notes.push(`principal tag ${tag} comes from the multi-valued claim ${claim}; the simulator joins its values with "," (not documented; SERVICE-CONTRACT.md §2 is silent)`);
      tags[tag] = value.join(',');
    } else {
      tags[tag] = value;
    }
  }
  return { tags, notes };
}

/** The principal-tag map of a pool for a provider: tag to claim, in order, and what it rests on. */
interface TagMap {
  readonly attributes: Array<[string, string]>;
  readonly notes: string[];
  readonly unresolved?: Unresolved;
}

/** Per pool and provider, read once. */
const TAG_PLANS = new WeakMap<PoolView, WeakMap<ProviderNames, TagMap>>();

function tagMapOf(view: PoolView, provider: ProviderNames): TagMap {
  const notes: string[] = [];
  if (provider.principalTagName === undefined) {
    return { attributes: [], notes };
  }
  if (provider.principalTagName instanceof Unresolved) {
    return { attributes: [], notes, unresolved: provider.principalTagName };
  }
  let map: any;
  for (const props of principalTagMaps(view)) {
    if (props.IdentityPoolId instanceof Unresolved || props.IdentityProviderName instanceof Unresolved) {
      return { attributes: [], notes, unresolved: props.IdentityPoolId instanceof Unresolved ? props.IdentityPoolId : props.IdentityProviderName };
    }
    if (props.IdentityPoolId === view.id && props.IdentityProviderName === provider.principalTagName) {
      map = props;
    }
  }
  if (!map) {
    return { attributes: [], notes };
  }
  let attributes: { [tag: string]: string } = {};
  if (map.UseDefaults === true || map.UseDefaults === 'true') {
    const defaults = defaultTagMap(provider);
    if (defaults) {
      attributes = { ...defaults };
    } else {
      notes.push(`UseDefaults for ${provider.label}: its default claims are not in SERVICE-CONTRACT.md §2, so the simulator maps none`);
    }
  }
  attributes = { ...attributes, ...(map.PrincipalTags ?? {}) };
  return { attributes: Object.entries(attributes), notes };
}

/** The resolved `AWS::Cognito::IdentityPoolPrincipalTag` resources of the template, read once per template. */
function principalTagMaps(view: PoolView): any[] {
  let maps = TAG_MAPS.get(view.template);
  if (!maps) {
    const t = view.template;
    maps = t.resourcesOfType('AWS::Cognito::IdentityPoolPrincipalTag').map((id) => t.properties(id));
    TAG_MAPS.set(view.template, maps);
  }
  return maps;
}

const TAG_MAPS = new WeakMap<object, any[]>();

/**
 * §2 "Default provider mappings": user pools, Google, Apple and OIDC map `aud` → `client` and
 * `sub` → `username`; Login with Amazon `aud` and `user_id`; Facebook and Twitter `aud` and
 * `sub`. Undefined for a provider whose defaults the contract does not give (SAML).
 */
function defaultTagMap(provider: ProviderNames): { [tag: string]: string } | undefined {
  const name = provider.loginsKey;
  if (name === 'www.amazon.com') {
    return { client: 'aud', username: 'user_id' };
  }
  switch (provider.type) {
    case IdentityProviderType.USER_POOL:
    case IdentityProviderType.SOCIAL:
    case IdentityProviderType.OPEN_ID_CONNECT:
      return { client: 'aud', username: 'sub' };
    case IdentityProviderType.CUSTOM:
      return typeof name === 'string' && (name.startsWith('cognito-idp.') || PUBLIC_PROVIDERS.includes(name) || name.includes(':oidc-provider/'))
        ? { client: 'aud', username: 'sub' } : undefined;
    default:
      return undefined;
  }
}

const PUBLIC_PROVIDERS = ['accounts.google.com', 'graph.facebook.com', 'appleid.apple.com', 'api.twitter.com'];

/** A role of the template: its logical id and resolved properties. */
export interface TemplateRole {
  readonly logicalId: string;
  readonly arn: string;
  readonly name: string | Unresolved;
  readonly properties: any;
}

/** The `AWS::IAM::Role` of the template whose ARN is this one, if any. */
export function findRole(view: PoolView, roleArn: string): TemplateRole | undefined {
  const t = view.template;
  for (const id of t.resourcesOfType('AWS::IAM::Role')) {
    if (t.resolve({ 'Fn::GetAtt': [id, 'Arn'] }) === roleArn) {
      return { logicalId: id, arn: roleArn, name: t.resolve({ Ref: id }), properties: t.properties(id) };
    }
  }
  return undefined;
}

/** The answer to "does the role's trust policy let this session in?" */
export interface TrustOutcome {
  readonly decision: Decision;
  readonly reason: string;
}

/**
 * §5, §6: the role's trust policy must allow `sts:AssumeRoleWithWebIdentity` to
 * `cognito-identity.amazonaws.com` with this pool's `aud` and the session's `amr`, and
 * `sts:TagSession` too when the session carries principal tags. The trust policy is
 * evaluated by the same IAM engine as `evaluate`, over the statements whose principal is the
 * Cognito federated principal.
 */
export function checkTrust(
  role: TemplateRole, action: string, session: { [key: string]: string | string[] }, tags: { [tag: string]: string },
): TrustOutcome {
  const document = role.properties.AssumeRolePolicyDocument ?? {};
  const admitting = list(document.Statement).filter((s: any) => admitsCognito(s));
  // IAM refuses a trust policy that lets cognito-identity.amazonaws.com in without pinning
  // `aud` ("you can't create or modify a role trust policy to allow any identity pool to
  // assume the role": Cognito developer guide, "IAM roles", "Setting up a trust policy"), so
  // such an Allow never admits a session: the role does not deploy as written.
  const unpinned = admitting.filter((s: any) => s.Effect === 'Allow' && !pinsAudience(s));
  const statements = admitting
    .filter((s: any) => !unpinned.includes(s))
    .map((s: any) => {
      const { Principal: _p, NotPrincipal: _np, ...rest } = s;
      return rest.Resource === undefined && rest.NotResource === undefined ? { ...rest, Resource: '*' } : rest;
    });
  const context: { [key: string]: string | string[] } = { ...session };
  const keys = Object.keys(tags);
  if (keys.length > 0) {
    context['aws:TagKeys'] = keys;
    for (const [k, v] of Object.entries(tags)) {
      context[`aws:RequestTag/${k}`] = v;
    }
  }
  const decision = evaluatePolicies({
    action,
    resource: role.arn,
    context,
    identityPolicies: [{ label: `the trust policy of ${role.logicalId}`, document: { Version: document.Version ?? '2012-10-17', Statement: statements } }],
    unseenPolicies: [],
    // The service knows the whole request it makes to STS: these keys, when absent, are absent.
    completeKeys: TRUST_KEYS,
  });
  // The engine speaks of "the role's policies"; for a trust policy, say what did not match.
  let reason = decision.reason;
  if (decision.decision === Decision.DENIED && !/^explicitly denied/.test(reason)) {
    reason = `no statement of its trust policy allows ${action} to ${COGNITO_IDENTITY} for this session` +
      trustHints(admitting.filter((st: any) => !unpinned.includes(st)), action, session).map((hint) => `; ${hint}`).join('');
  }
  if (decision.decision !== Decision.ALLOWED && unpinned.length > 0) {
    reason += `; ${unpinned.length === 1 ? 'a statement' : `${unpinned.length} statements`} of the trust policy let ${COGNITO_IDENTITY} in ` +
      `without a condition on ${COGNITO_IDENTITY}:aud, which IAM refuses for this principal (developer guide, "IAM roles", "Setting up a trust policy"; ` +
      'SERVICE-CONTRACT.md §5): such a statement admits nobody';
  }
  return { decision: decision.decision, reason };
}

/** The keys of the request the service makes to STS, all known. */
const TRUST_KEYS = [`${COGNITO_IDENTITY}:*`, 'aws:RequestTag/*', 'aws:TagKeys'];

/**
 * Why the Allow statements of a trust policy miss this session, read off their `aud` and `amr`
 * conditions: the usual mistakes (a role of another pool, a guest role given to users).
 */
function trustHints(statements: any[], action: string, session: { [key: string]: string | string[] }): string[] {
  const allows = statements.filter((st) => st?.Effect === 'Allow'
    && list(st.Action).some((a: any) => typeof a === 'string' && glob(a, 'i').test(action)));
  if (allows.length === 0) {
    return [`it has no Allow statement for ${action}`];
  }
  const hints: string[] = [];
  const aud = String(session[`${COGNITO_IDENTITY}:aud`]);
  const amr = list(session[`${COGNITO_IDENTITY}:amr`]).map(String);
  for (const st of allows) {
    for (const block of Object.values<any>(st.Condition ?? {})) {
      if (block === null || typeof block !== 'object') continue;
      for (const [key, value] of Object.entries<any>(block)) {
        const values = list(value).filter((v: any) => typeof v === 'string');
        if (key.toLowerCase() === `${COGNITO_IDENTITY}:aud` && values.length > 0 && !values.includes(aud)) {
          hints.push(`a statement admits the identity pool ${values.join(', ')}, not this pool (${aud})`);
        }
        if (key.toLowerCase() === `${COGNITO_IDENTITY}:amr` && values.length > 0
          && !values.some((v: string) => amr.some((a) => glob(v).test(a)))) {
          hints.push(`a statement admits amr ${values.join(', ')}, and this session's amr is ${amr.join(', ')}`);
        }
      }
    }
  }
  return [...new Set(hints)];
}

/** An IAM wildcard pattern (`*`, `?`) as a whole-string regular expression. */
function glob(pattern: string, flags = ''): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, flags);
}

/** Whether a statement's conditions constrain `cognito-identity.amazonaws.com:aud` (any operator). */
function pinsAudience(statement: any): boolean {
  const condition = statement.Condition;
  if (condition === undefined || condition === null || typeof condition !== 'object') return false;
  return Object.values<any>(condition).some((keys) => keys !== null && typeof keys === 'object'
    && Object.keys(keys).some((key) => key.toLowerCase() === `${COGNITO_IDENTITY}:aud`));
}

/** Whether a trust statement applies to the Cognito federated principal. */
function admitsCognito(statement: any): boolean {
  const names = (principal: any): string[] => {
    if (principal === '*') return ['*'];
    if (principal === undefined || principal === null) return [];
    return [...list(principal.Federated), ...list(principal.AWS).filter((p: any) => p === '*')];
  };
  if (statement.NotPrincipal !== undefined) {
    return !names(statement.NotPrincipal).some((n) => n === COGNITO_IDENTITY || n === '*');
  }
  return names(statement.Principal).some((n) => n === COGNITO_IDENTITY || n === '*');
}

/** The policies of a role as the template attaches them, and those it cannot see. */
export interface RolePolicies {
  readonly identityPolicies: PolicySource[];
  readonly unseenPolicies: string[];
  readonly permissionsBoundary?: PolicySource;
  readonly unseenPermissionsBoundary?: string;
  /** Deny statements of the template's resource policies that apply to sessions of the role. */
  readonly resourceDenies: PolicySource[];
  /** Allow statements of the template's resource policies that name the role (or everyone). */
  readonly resourceAllows: PolicySource[];
  /**
   * The KMS keys of the template, by ARN: what their key policies delegate to the account's IAM
   * policies. For a key, IAM policies grant only what the key policy lets them grant.
   */
  readonly keyDelegations: { [keyArn: string]: PolicySource };
}

/**
 * §6: the identity policies of the role: inline `Policies`, `AWS::IAM::Policy` and
 * `AWS::IAM::RolePolicy` naming it, customer managed policies of the stack attached to it
 * (either side), and its permissions boundary. A managed policy ARN that is not a policy of
 * the stack (an AWS managed policy, a policy of another stack) is unseen: an answer that
 * depends on it is UNDETERMINED.
 */
export function rolePolicies(view: PoolView, role: TemplateRole): RolePolicies {
  const t = view.template;
  const identityPolicies: PolicySource[] = [];
  const unseenPolicies: string[] = [];
  const conditional = (id: string): boolean => {
    const deployed = t.isDeployed(id);
    if (deployed instanceof Unresolved) {
      unseenPolicies.push(`${id} (whether it deploys depends on ${deployed.what})`);
      return true;
    }
    return !deployed;
  };
  list(role.properties.Policies).forEach((p: any, i: number) => {
    identityPolicies.push({ label: `inline policy ${p.PolicyName ?? i} of ${role.logicalId}`, document: p.PolicyDocument });
  });
  for (const id of Object.keys(t.resources)) {
    const type = t.resources[id].Type;
    if (type !== 'AWS::IAM::Policy' && type !== 'AWS::IAM::RolePolicy' && type !== 'AWS::IAM::ManagedPolicy') continue;
    const props = t.properties(id);
    const roles = type === 'AWS::IAM::RolePolicy' ? [props.RoleName] : list(props.Roles);
    if (!roles.some((r: any) => r === role.name) || conditional(id)) continue;
    identityPolicies.push({ label: `${id} (${type})`, document: props.PolicyDocument });
  }
  const managed = (arn: any): PolicySource | string => {
    if (arn instanceof Unresolved) return arn.what;
    for (const id of t.resourcesOfType('AWS::IAM::ManagedPolicy')) {
      if (t.resolve({ Ref: id }) === arn) {
        return { label: `${id} (AWS::IAM::ManagedPolicy)`, document: t.properties(id).PolicyDocument };
      }
    }
    return `managed policy ${arn}${/^arn:[^:]+:iam::aws:policy\//.test(String(arn)) ? ' (an AWS managed policy)' : ' (not a policy of the stack)'}`;
  };
  const labels = new Set(identityPolicies.map((p) => p.label));
  for (const arn of list(role.properties.ManagedPolicyArns)) {
    const found = managed(arn);
    if (typeof found === 'string') {
      unseenPolicies.push(found);
    } else if (!labels.has(found.label)) {
      identityPolicies.push(found);
      labels.add(found.label);
    }
  }
  const result: RolePolicies = { identityPolicies, unseenPolicies, ...resourcePolicies(view, role) };
  if (role.properties.PermissionsBoundary !== undefined) {
    const boundary = managed(role.properties.PermissionsBoundary);
    return typeof boundary === 'string'
      ? { ...result, unseenPermissionsBoundary: boundary }
      : { ...result, permissionsBoundary: boundary };
  }
  return result;
}

/**
 * IAM policy evaluation within one account (IAM User Guide, "Policy evaluation logic"): a
 * resource policy's explicit Deny applies to the session like any other; its Allow to the
 * role's ARN (or to everyone) grants too, within the role's permissions boundary and the
 * session policies. An Allow to the account (`:root`) only delegates to the role's own
 * policies. Read from the template: S3 bucket policies, SQS queue policies, SNS topic
 * policies (each statement names its resources) and KMS key policies (`Resource: "*"` is the
 * key; an Allow to the account lets IAM policies grant on the key). Policies of other
 * resource types are not read.
 */
function resourcePolicies(view: PoolView, role: TemplateRole): {
  resourceDenies: PolicySource[]; resourceAllows: PolicySource[]; keyDelegations: { [keyArn: string]: PolicySource };
} {
  const t = view.template;
  const resourceDenies: PolicySource[] = [];
  const resourceAllows: PolicySource[] = [];
  const keyDelegations: { [keyArn: string]: PolicySource } = {};
  const read = (id: string, type: string, document: any, keyArn?: string) => {
    const label = `the ${keyArn ? 'key policy' : 'resource policy'} ${id} (${type})`;
    if (document instanceof Unresolved || document === undefined || document === null) {
      resourceDenies.push({ label, document: document ?? new Unresolved(`${id} has no policy document`) });
      return;
    }
    const denies: any[] = [];
    const allows: any[] = [];
    const delegated: any[] = [];
    for (const statement of list(document.Statement)) {
      // A key policy's Resource "*" means the key itself.
      const scoped = keyArn && statement && statement.Resource !== undefined
        ? { ...statement, Resource: list(statement.Resource).map((r: any) => (r === '*' ? keyArn : r)) } : statement;
      if (keyArn && statement?.Effect === 'Allow' && delegatesToAccount(statement, t.account)) {
        const { Principal: _p, ...rest } = scoped;
        delegated.push(rest);
      }
      const applies = principalApplies(statement, role, t.account, statement?.Effect === 'Deny');
      if (applies === false) continue;
      const { Principal: _p, NotPrincipal: _np, ...rest } = scoped;
      const plain = applies === true ? rest : { ...rest, Condition: applies };
      (statement.Effect === 'Deny' ? denies : allows).push(plain);
    }
    if (denies.length > 0) resourceDenies.push({ label, document: { Version: document.Version, Statement: denies } });
    if (allows.length > 0) resourceAllows.push({ label, document: { Version: document.Version, Statement: allows } });
    if (keyArn) keyDelegations[keyArn] = { label, document: { Version: document.Version, Statement: delegated } };
  };
  for (const type of ['AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy']) {
    for (const id of t.resourcesOfType(type)) {
      read(id, type, t.properties(id).PolicyDocument);
    }
  }
  for (const id of t.resourcesOfType('AWS::KMS::Key')) {
    const arn = t.resolve({ 'Fn::GetAtt': [id, 'Arn'] });
    if (typeof arn === 'string') {
      read(id, 'AWS::KMS::Key', t.properties(id).KeyPolicy, arn);
    }
  }
  return { resourceDenies, resourceAllows, keyDelegations };
}

/** Whether an Allow of a key policy names the account itself: it lets the account's IAM policies grant. */
function delegatesToAccount(statement: any, account: string): boolean {
  return list(statement.Principal?.AWS).some((p: any) => p === account || (typeof p === 'string' && p.endsWith(`:iam::${account}:root`)));
}

/**
 * Whether a resource-policy statement's principal is a session of the role: true, false, or
 * an Unresolved naming why the simulator cannot tell. For a Deny, the account (`:root`, the
 * account id) covers the role's sessions; for an Allow, it only delegates to the role's own
 * policies, so it grants nothing by itself.
 */
function principalApplies(statement: any, role: TemplateRole, account: string, deny: boolean): boolean | Unresolved {
  const matches = (principal: any): boolean | Unresolved => {
    if (principal === '*') return true;
    if (principal instanceof Unresolved) return principal;
    if (principal === undefined || principal === null || typeof principal !== 'object') return false;
    for (const p of list(principal.AWS)) {
      if (p instanceof Unresolved) return new Unresolved(`whether the principal of a statement is this session: ${p.what}`);
      if (p === '*' || p === role.arn) return true;
      if (deny && (p === account || (typeof p === 'string' && p.endsWith(`:iam::${account}:root`)))) return true;
      if (typeof p === 'string' && p.includes(':assumed-role/')) {
        return new Unresolved(`whether the session ARN ${p} of a resource policy is this session`);
      }
    }
    return false;
  };
  if (statement.NotPrincipal !== undefined) {
    const listed = matches(statement.NotPrincipal);
    return listed instanceof Unresolved ? listed : !listed;
  }
  return matches(statement.Principal);
}
