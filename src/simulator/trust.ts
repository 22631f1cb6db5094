import { TemplateRole } from './role-policies';
import { Decision } from '../iam/decision';
import { PolicyEvaluator } from '../iam/evaluation';
import { oneOrMany } from '../iam/values';
import { matchesPattern } from '../iam/wildcards';
import { COGNITO_IDENTITY } from '../service/principal';
import { IAM_ROLES } from '../service/sources';

/*
 * §5, §6: whether the chosen role's trust policy lets the session in. The trust policy is
 * evaluated by the same IAM engine as `evaluate`, over its statements for the Cognito
 * federated principal.
 */

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
  role: TemplateRole, action: string, session: { [key: string]: string | string[] }, tags: { [tag: string]: string }, evaluator: PolicyEvaluator,
): TrustOutcome {
  const document = role.properties.AssumeRolePolicyDocument ?? {};
  const admitting = oneOrMany(document.Statement).filter((s: any) => admitsCognito(s));
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
  const decision = evaluator.evaluate({
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
      `without a condition on ${COGNITO_IDENTITY}:aud, which IAM refuses for this principal (${IAM_ROLES}: a trust policy must name the pool in aud): ` +
      'such a statement admits nobody';
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
    && oneOrMany(st.Action).some((a: any) => typeof a === 'string' && matchesPattern(a, action, { ignoreCase: true })));
  if (allows.length === 0) {
    return [`it has no Allow statement for ${action}`];
  }
  const hints: string[] = [];
  const aud = String(session[`${COGNITO_IDENTITY}:aud`]);
  const amr = oneOrMany(session[`${COGNITO_IDENTITY}:amr`]).map(String);
  for (const st of allows) {
    for (const block of Object.values<any>(st.Condition ?? {})) {
      if (block === null || typeof block !== 'object') continue;
      for (const [key, value] of Object.entries<any>(block)) {
        const values = oneOrMany(value).filter((v: any) => typeof v === 'string');
        if (key.toLowerCase() === `${COGNITO_IDENTITY}:aud` && values.length > 0 && !values.includes(aud)) {
          hints.push(`a statement admits the identity pool ${values.join(', ')}, not this pool (${aud})`);
        }
        if (key.toLowerCase() === `${COGNITO_IDENTITY}:amr` && values.length > 0
          && !values.some((v: string) => amr.some((a) => matchesPattern(v, a)))) {
          hints.push(`a statement admits amr ${values.join(', ')}, and this session's amr is ${amr.join(', ')}`);
        }
      }
    }
  }
  return [...new Set(hints)];
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
    return [...oneOrMany(principal.Federated), ...oneOrMany(principal.AWS).filter((p: any) => p === '*')];
  };
  if (statement.NotPrincipal !== undefined) {
    return !names(statement.NotPrincipal).some((n) => n === COGNITO_IDENTITY || n === '*');
  }
  return names(statement.Principal).some((n) => n === COGNITO_IDENTITY || n === '*');
}
