import { PoolView } from './pool-view';
import { ProviderNames } from './provider-names';
import { GroupClaims } from './user-pool-groups';
import { Unresolved } from '../iam/unresolved';
import { oneOrMany } from '../iam/values';
import { IdentityProviderType } from '../identity-provider';
import { DEVELOPER_IDENTITIES, GET_ID, ROLE_BASED_ACCESS, RULE_ROLES, TOKEN_ROLES, unsettled } from '../service/sources';

/**
 * Step 1 and 2 of the service's decision order: does the pool accept this provider's logins
 * (docs/service-contract.md §1), and which role does it hand out (§4)? The optional
 * `groups` of a sign-in fills `cognito:roles` and `cognito:preferred_role` as the user pool
 * would (./user-pool-groups.ts) when the token gives neither.
 */

/** A claim value, validated: a string or a list of strings. */
export type ClaimValue = string | string[];

/** Which role the service hands out, or why it hands out none. */
export interface RoleChoice {
  /** The chosen role's ARN; absent when no role is handed out. */
  readonly roleArn?: string | Unresolved;
  /** Why no credentials, in the service's terms; absent when a role was chosen. */
  readonly refusal?: string;
  /** How the role was chosen (or refused): the steps of §4 that decided. */
  readonly how: string;
  /** Points of the answer that rest on something the contract leaves unsettled. */
  readonly notes: string[];
  /** Set when the refusal is not the service's answer but the simulator's "cannot tell": what it depends on. */
  readonly undetermined?: string;
}

/**
 * §1: whether the pool accepts logins from the provider (the pool's configuration lists it
 * under the name clients send in `Logins`). Returns why not, or undefined.
 */
export function providerRefusal(view: PoolView, provider: ProviderNames): string | undefined {
  const pool = view.pool;
  const unresolved = [provider.loginsKey, provider.clientId, provider.arn].find((n) => n instanceof Unresolved) as Unresolved | undefined;
  if (unresolved) {
    return `the simulator cannot tell whether the pool accepts ${provider.label}: its name depends on ${unresolved.what}`;
  }
  const userPools: any[] = oneOrMany(pool.CognitoIdentityProviders);
  const social = Object.keys(pool.SupportedLoginProviders ?? {});
  const oidc = oneOrMany(pool.OpenIdConnectProviderARNs);
  const saml = oneOrMany(pool.SamlProviderARNs);
  const developer = pool.DeveloperProviderName;
  let accepted: boolean;
  switch (provider.type) {
    case IdentityProviderType.USER_POOL:
      accepted = userPools.some((p) => p.ProviderName === provider.loginsKey && p.ClientId === provider.clientId);
      break;
    case IdentityProviderType.SOCIAL:
      accepted = social.includes(provider.loginsKey as string);
      break;
    case IdentityProviderType.OPEN_ID_CONNECT:
      accepted = oidc.includes(provider.arn);
      break;
    case IdentityProviderType.SAML:
      accepted = saml.includes(provider.arn);
      break;
    case IdentityProviderType.DEVELOPER:
      accepted = developer === provider.loginsKey;
      break;
    default: {
      const name = provider.loginsKey;
      accepted = userPools.some((p) => p.ProviderName === name) || social.includes(name as string)
        || oidc.includes(name) || saml.includes(name) || developer === name;
    }
  }
  if (accepted) {
    return undefined;
  }
  if (provider.type === IdentityProviderType.DEVELOPER) {
    return `the pool's developer provider is ${developer === undefined ? 'not set' : JSON.stringify(developer)}, not ${JSON.stringify(provider.loginsKey)} (${DEVELOPER_IDENTITIES}): ` +
      'GetOpenIdTokenForDeveloperIdentity is refused (NotAuthorizedException)';
  }
  return `the pool does not accept logins from ${provider.label} (${GET_ID}: it is not among the pool's authentication providers): ` +
    'the service refuses the login (NotAuthorizedException)';
}

/**
 * §4: the role of an authenticated user: the provider's role mapping (rules in order, or the
 * role claims of the token), else the pool's default authenticated role.
 */
export function chooseAuthenticatedRole(
  view: PoolView,
  provider: ProviderNames,
  found: ProviderMapping,
  claims: { [name: string]: ClaimValue },
  customRoleArn?: string | Unresolved,
  groups?: () => GroupClaims | undefined,
): RoleChoice {
  const notes: string[] = view.attachmentNote ? [view.attachmentNote] : [];
  if (found.unresolved) {
    return {
      refusal: `the simulator cannot tell which role mapping applies: it depends on ${found.unresolved.what}`,
      how: 'role mapping undetermined',
      notes,
      undetermined: found.unresolved.what,
    };
  }
  notes.push(...found.notes);
  const mapping = found.mapping;
  if (!mapping) {
    if (customRoleArn !== undefined) {
      notes.push(`customRoleArn is read only by a token-based role mapping (${TOKEN_ROLES}); ignored`);
    }
    return defaultAuthenticated(view, `${provider.label} has no role mapping: the pool's default authenticated role (${ROLE_BASED_ACCESS})`, notes);
  }
  const resolution = mapping.AmbiguousRoleResolution ?? 'Deny';
  const ambiguous = (why: string): RoleChoice => resolution === 'AuthenticatedRole'
    ? defaultAuthenticated(view, `${why}; AmbiguousRoleResolution AuthenticatedRole gives the pool's default authenticated role (${ROLE_BASED_ACCESS})`, notes)
    : { refusal: `${why}, and the mapping's AmbiguousRoleResolution is Deny: no credentials (${ROLE_BASED_ACCESS})`, how: why, notes };

  if (mapping.Type === 'Token') {
    // "Using tokens to assign roles to users": CustomRoleArn among cognito:roles, else
    // cognito:preferred_role, else AmbiguousRoleResolution.
    let roles = oneOrMany(claims['cognito:roles']);
    let preferred: ClaimValue | undefined = claims['cognito:preferred_role'];
    let fromGroups: string | undefined;
    if (claims['cognito:roles'] === undefined && preferred === undefined && groups) {
      // The user pool fills the role claims from the user's groups when it issues the ID token.
      const derived = groups();
      if (derived?.unresolved) {
        return {
          refusal: `the simulator cannot tell which roles the user pool puts in the ID token: it depends on ${derived.unresolved}`,
          how: 'token-based mapping',
          notes,
          undetermined: derived.unresolved,
        };
      }
      if (derived) {
        roles = derived.roles;
        preferred = derived.preferredRole;
        fromGroups = derived.how;
      }
    }
    const source = fromGroups ? `; ${fromGroups}` : '';
    if (customRoleArn !== undefined) {
      if (customRoleArn instanceof Unresolved) {
        return {
          refusal: `the simulator cannot tell whether customRoleArn is among cognito:roles: it depends on ${customRoleArn.what}`,
          how: 'token-based mapping',
          notes,
          undetermined: customRoleArn.what,
        };
      }
      if (roles.includes(customRoleArn)) {
        return { roleArn: customRoleArn, how: `the token-based mapping takes customRoleArn ${customRoleArn}, one of the token's cognito:roles (${TOKEN_ROLES})${source}`, notes };
      }
      return {
        refusal: `customRoleArn ${customRoleArn} is not one of the token's cognito:roles (${roles.length ? roles.join(', ') : 'none'}): ` +
          `the token-based mapping refuses it (${TOKEN_ROLES})${source}`,
        how: 'token-based mapping',
        notes,
      };
    }
    if (typeof preferred === 'string' && preferred !== '') {
      return { roleArn: preferred, how: `the token-based mapping takes the token's cognito:preferred_role (${TOKEN_ROLES})${source}`, notes };
    }
    if (Array.isArray(preferred)) {
      notes.push('cognito:preferred_role is a list, not a role ARN: not read');
    }
    return ambiguous(roles.length > 0
      ? `the token carries cognito:roles (${roles.join(', ')}) but no cognito:preferred_role and no customRoleArn was given, so the token-based mapping is ambiguous${source}`
      : `the token carries neither cognito:preferred_role nor cognito:roles, so the token-based mapping finds no role${source}`);
  }

  if (customRoleArn !== undefined) {
    notes.push(`customRoleArn is read only by a token-based role mapping (${TOKEN_ROLES}); ignored`);
  }
  const { rules, unresolvedParts } = found;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    const unresolved = unresolvedParts[i];
    if (unresolved) {
      return {
        refusal: `the simulator cannot tell whether rule ${i + 1} of ${rules.length} matches: it depends on ${unresolved.what}`,
        how: 'rule-based mapping',
        notes,
        undetermined: unresolved.what,
      };
    }
    const outcome = matchRule(rule, claims);
    if (outcome.note) {
      notes.push(`rule ${i + 1} (${describeRule(rule)}): ${outcome.note}`);
    }
    if (outcome.matched) {
      return { roleArn: rule.RoleARN, how: `rule ${i + 1} of ${rules.length} (${describeRule(rule)}) is the first that matches (${RULE_ROLES}: in order, first match wins)`, notes };
    }
  }
  return ambiguous(`no rule of the role mapping of ${provider.label} matches (${RULE_ROLES})`);
}

/** §4: guests get the pool's default unauthenticated role. */
export function chooseGuestRole(view: PoolView): RoleChoice {
  const notes: string[] = view.attachmentNote ? [view.attachmentNote] : [];
  const role = view.attachment?.Roles?.unauthenticated;
  if (role === undefined) {
    return { refusal: `the pool has no default unauthenticated role: guests get no credentials (${ROLE_BASED_ACCESS})`, how: 'default role', notes };
  }
  return { roleArn: role, how: `guests get the pool's default unauthenticated role (${ROLE_BASED_ACCESS})`, notes };
}

function defaultAuthenticated(view: PoolView, how: string, notes: string[]): RoleChoice {
  const role = view.attachment?.Roles?.authenticated;
  if (role === undefined) {
    return { refusal: `${how}, but the pool has no default authenticated role: no credentials (${ROLE_BASED_ACCESS})`, how, notes };
  }
  return { roleArn: role, how, notes };
}

/** A provider's role mapping, found once per provider: the mapping, its rules, and what they rest on. */
export interface ProviderMapping {
  readonly mapping?: any;
  /** The rules of a rule-based mapping. */
  readonly rules: any[];
  /** What each rule depends on that is not resolved. */
  readonly unresolvedParts: Array<Unresolved | undefined>;
  /** What the choice of mapping depends on, when it is not resolved. */
  readonly unresolved?: Unresolved;
  readonly notes: string[];
}

/**
 * The role mapping of a provider: the `IdentityProvider` field of each mapping (or its key,
 * when it has none) compared with the provider's role-mapping name (§1).
 */
export function findMapping(view: PoolView, provider: ProviderNames): ProviderMapping {
  const found = mappingOf(view.attachment?.RoleMappings ?? {}, provider);
  const rules: any[] = found.mapping ? oneOrMany(found.mapping.RulesConfiguration?.Rules) : [];
  return {
    ...found,
    rules,
    unresolvedParts: rules.map((rule) => [rule.Claim, rule.Value, rule.MatchType].find((v) => v instanceof Unresolved) as Unresolved | undefined),
  };
}

function mappingOf(mappings: { [key: string]: any }, provider: ProviderNames): { mapping?: any; unresolved?: Unresolved; notes: string[] } {
  const notes: string[] = [];
  if (provider.roleMappingName instanceof Unresolved) {
    return Object.keys(mappings).length === 0 ? { notes } : { unresolved: provider.roleMappingName, notes };
  }
  for (const [key, mapping] of Object.entries(mappings)) {
    const name = mapping.IdentityProvider ?? key;
    if (name instanceof Unresolved) {
      return { unresolved: name, notes };
    }
    if (name === provider.roleMappingName) {
      if (provider.type === IdentityProviderType.DEVELOPER) {
        notes.push(`whether the service takes a developer provider name as a role-mapping key is ${unsettled('§1')}; the simulator applies the mapping`);
      }
      return { mapping, notes };
    }
    if (provider.type === IdentityProviderType.OPEN_ID_CONNECT && name === provider.loginsKey) {
      notes.push(`a role mapping names ${provider.label} by its issuer ${name}; the service names an OIDC provider's mapping by its ARN (${ROLE_BASED_ACCESS}: rule-based mappings of OIDC providers), so that mapping does not apply`);
    }
  }
  return { notes };
}

/**
 * §4: one rule against the claims. A claim absent from the token matches no rule, and a
 * `NotEqual` rule on an absent claim is not evaluated. How the service compares a
 * multi-valued claim (`cognito:groups`) is unsettled (§4): the simulator lets
 * Equals/Contains/StartsWith match when any value matches and NotEqual when no value equals,
 * and says so (the note) whenever a multi-valued claim is compared.
 */
function matchRule(rule: any, claims: { [name: string]: ClaimValue }): { matched: boolean; note?: string } {
  const claim = claims[rule.Claim];
  if (claim === undefined) {
    return { matched: false };
  }
  const values = Array.isArray(claim) ? claim : [claim];
  const expected = String(rule.Value);
  let matched: boolean;
  switch (rule.MatchType) {
    case 'Equals': matched = values.some((v) => v === expected); break;
    case 'Contains': matched = values.some((v) => v.includes(expected)); break;
    case 'StartsWith': matched = values.some((v) => v.startsWith(expected)); break;
    case 'NotEqual': matched = values.every((v) => v !== expected); break;
    default:
      return { matched: false, note: `match type ${rule.MatchType} is not one of the service's four; not matched` };
  }
  if (Array.isArray(claim)) {
    return {
      matched,
      note: `${rule.Claim} is multi-valued (${claim.join(', ')}); how the service compares such a claim is ${unsettled('§4')}: ` +
        'the simulator lets a rule match when any value matches (NotEqual: when no value equals), ' +
        `so this rule ${matched ? 'matched' : 'did not match'}`,
    };
  }
  return { matched };
}

function describeRule(rule: any): string {
  return `${rule.Claim} ${rule.MatchType} ${JSON.stringify(rule.Value)}`;
}
