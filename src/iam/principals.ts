import { fromBool, NO, Outcome, unknown, YES } from './outcome';
import { Unresolved } from './unresolved';
import { oneOrMany } from './values';

/*
 * Whom a resource policy statement grants to, seen from one role session (IAM User Guide, "Policy
 * evaluation logic" and "IAM JSON policy elements: Principal"): the session itself (its
 * assumed-role ARN, or everyone: `*`), the role (its ARN), or the account (its id or root ARN,
 * which only delegates to the account's own policies).
 */

/** The principal that makes a request: a session of an IAM role. */
export interface RequestPrincipal {
  /** The role's ARN (`arn:<partition>:iam::<account>:role/<path><name>`). */
  readonly roleArn: string;
  /** The session's ARN (`arn:<partition>:sts::<account>:assumed-role/<name>/<session>`), when known. */
  readonly sessionArn?: string;
  /** The role's account. */
  readonly account: string;
  /** Whether the role has a permissions boundary (a NotPrincipal Deny then always applies). */
  readonly hasPermissionsBoundary?: boolean;
}

/** How a statement's principal reaches the session: one outcome per way. */
export interface PrincipalMatch {
  /** Granted to the session itself (its ARN, or `*`): no implicit deny of the role's policies limits it. */
  readonly direct: Outcome;
  /** Granted to the role's ARN: limited by the permissions boundary and session policies. */
  readonly role: Outcome;
  /** Granted to the account: it delegates to the account's IAM policies. */
  readonly account: Outcome;
}

const NONE: PrincipalMatch = { direct: NO, role: NO, account: NO };

/** How the `Principal` or `NotPrincipal` of a resource-policy statement reaches the session. */
export function principalMatch(statement: any, principal: RequestPrincipal): PrincipalMatch {
  if (statement?.NotPrincipal !== undefined) {
    return notPrincipalMatch(statement, principal);
  }
  const given = statement?.Principal;
  if (given === '*') return { direct: YES, role: NO, account: NO };
  if (given instanceof Unresolved) return unknownMatch(given.what);
  if (given === undefined || given === null || typeof given !== 'object') return NONE;
  if (given.AWS instanceof Unresolved) return unknownMatch(given.AWS.what);
  let direct: Outcome = NO;
  let role: Outcome = NO;
  let account: Outcome = NO;
  for (const p of oneOrMany(given.AWS)) {
    if (p instanceof Unresolved) return unknownMatch(p.what);
    if (typeof p !== 'string') continue;
    if (p === '*' || (principal.sessionArn !== undefined && p === principal.sessionArn)) {direct = YES;} else if (p === principal.roleArn) {role = YES;} else if (p === principal.account || p.endsWith(`:iam::${principal.account}:root`)) {account = YES;} else if (principal.sessionArn === undefined && p.includes(':assumed-role/')) {
      direct = unknown(`whether the session ARN ${p} of a resource policy is this session`);
    }
  }
  return { direct, role, account: fromBool(account.value === 'yes') };
}

/**
 * `NotPrincipal` ("IAM JSON policy elements: NotPrincipal"): it is meant for Deny, and denies
 * everyone but those listed. A session is surely left out only when its account and its role
 * (or the session itself) are listed, since AWS checks the account, then the role, then the
 * session; with fewer the page says the statement "might" deny, so that is undetermined. A
 * principal with a permissions boundary is always denied by such a statement, whatever it lists.
 * With Allow it is not supported: undetermined.
 */
function notPrincipalMatch(statement: any, principal: RequestPrincipal): PrincipalMatch {
  if (statement.Effect === 'Allow') {
    return unknownMatch('NotPrincipal with Allow, which IAM does not support');
  }
  if (principal.hasPermissionsBoundary) {
    return { direct: YES, role: NO, account: NO };
  }
  const listed = principalMatch({ Principal: statement.NotPrincipal }, principal);
  if ([listed.direct, listed.role, listed.account].some((o) => o.value === 'unknown')) {
    return unknownMatch(`whether the NotPrincipal of a resource policy statement leaves out this session (${describe(statement.NotPrincipal)})`);
  }
  const account = listed.account.value === 'yes';
  const roleOrSession = listed.role.value === 'yes' || listed.direct.value === 'yes';
  if (account && roleOrSession) return NONE;
  if (!account && !roleOrSession) return { direct: YES, role: NO, account: NO };
  return unknownMatch(`a NotPrincipal that lists ${account ? 'the account but neither the role nor the session' : 'the role or the session but not its account'} ` +
    `(${describe(statement.NotPrincipal)}) "might" deny the session, IAM's documentation says`);
}

function unknownMatch(what: string): PrincipalMatch {
  return { direct: unknown(`whether the principal of a resource policy statement is this session: ${what}`), role: NO, account: NO };
}

function describe(value: unknown): string {
  return value instanceof Unresolved ? value.what : JSON.stringify(value);
}

/**
 * The session ARN of a role's session: `arn:<partition>:sts::<account>:assumed-role/<role name>/<session name>`
 * (the role's path is not part of it).
 */
export function assumedRoleArn(roleArn: string, sessionName: string): string | undefined {
  const match = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  return match ? `arn:${match[1]}:sts::${match[2]}:assumed-role/${match[3]}/${sessionName}` : undefined;
}
