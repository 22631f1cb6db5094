import { Token } from 'aws-cdk-lib';
import { QuestionResolver } from './from-stack';
import { ClaimValue } from './role-choice';
import { Unresolved } from '../iam/unresolved';
import { tagKeyProblem } from '../service/limits';
import { COGNITO_IDENTITY } from '../service/principal';
import { ATTRIBUTES_FOR_ACCESS_CONTROL, DEVELOPER_IDENTITIES, ROLE_BASED_ACCESS } from '../service/sources';

/*
 * The checks of what a user of the simulator passes in: claims, the role asked for, developer
 * session tags, and an evaluate question (action, resource, context). A malformed input is an
 * error naming the method, the field and the rule, never a silent answer.
 */

/** The claims of a token, validated (a string or a list of strings each) and resolved. */
export function validateClaims(claims: { [name: string]: any } | undefined, tokens: QuestionResolver): { [name: string]: ClaimValue } {
  const out: { [name: string]: ClaimValue } = {};
  if (claims === undefined || claims === null) {
    return out;
  }
  if (typeof claims !== 'object' || Array.isArray(claims)) {
    throw new Error('IdentityPoolSimulator.signIn: invalid claims: give a map of claim names to a string or a list of strings');
  }
  const resolveClaim = (name: string, value: string): string => {
    const resolved = tokens.resolveToken(value);
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

/** The `groups` of a sign-in: the token's `cognito:groups`, given once. */
export function validateGroups(groups: unknown, claims: { [name: string]: ClaimValue }, tokens: QuestionResolver): string[] {
  if (!Array.isArray(groups) || !groups.every((g) => typeof g === 'string')) {
    throw new Error(`IdentityPoolSimulator.signIn: invalid groups ${safeJson(groups)}: give the user's user pool group names, a list of strings`);
  }
  if (claims['cognito:groups'] !== undefined) {
    throw new Error('IdentityPoolSimulator.signIn: invalid groups: give the groups either as groups or as claims["cognito:groups"], not both');
  }
  return validateClaims({ 'cognito:groups': groups }, tokens)['cognito:groups'] as string[];
}

/** The `CustomRoleArn` asked for: an IAM role ARN, resolved. */
export function validateCustomRoleArn(value: unknown, tokens: QuestionResolver): string | Unresolved {
  const resolved = tokens.resolveToken(checkString('signIn', 'customRoleArn', value));
  if (typeof resolved === 'string' && !/^arn:[^:]+:iam::\d{12}:role\/.+$/.test(resolved)) {
    throw new Error(`IdentityPoolSimulator.signIn: invalid customRoleArn ${JSON.stringify(resolved)}: give an IAM role ARN, arn:<partition>:iam::<account>:role/<name>`);
  }
  return resolved;
}

/**
 * Session tags of a developer identity (`PrincipalTags` of GetOpenIdTokenForDeveloperIdentity),
 * validated by STS's rules for session tags; `developer` says whether the provider is one.
 */
export function validateDeveloperTags(
  providerLabel: string, developer: boolean, tags: { [tag: string]: string } | undefined, tokens: QuestionResolver,
): { [tag: string]: string } {
  if (tags === undefined || tags === null) {
    return {};
  }
  if (!developer) {
    throw new Error(
      `IdentityPoolSimulator.signIn: invalid principalTags for ${providerLabel}: only developer-authenticated identities get principal tags per call ` +
        `(PrincipalTags of ${DEVELOPER_IDENTITIES}); other providers' tags come from the pool's principal-tag maps and the token's claims`,
    );
  }
  const out: { [tag: string]: string } = {};
  for (const [key, value] of Object.entries(tags)) {
    if (Token.isUnresolved(key) || tagKeyProblem(key) !== undefined) {
      throw new Error(`IdentityPoolSimulator.signIn: invalid principalTags key ${JSON.stringify(key)}: a session tag key is 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws: (${ATTRIBUTES_FOR_ACCESS_CONTROL})`);
    }
    const v = typeof value === 'string' ? tokens.resolveToken(value) : value;
    if (typeof v !== 'string' || v.length > 256) {
      throw new Error(`IdentityPoolSimulator.signIn: invalid principalTags[${JSON.stringify(key)}] ${safeJson(value)}: a session tag value is a string of at most 256 characters`);
    }
    out[key] = v;
  }
  return out;
}

/** One IAM action, `service:Action`, without wildcards: what an evaluate question asks about. */
export function isOneAction(action: unknown): action is string {
  return typeof action === 'string' && /^[A-Za-z0-9-]+:[A-Za-z0-9]+$/.test(action);
}

/** An evaluate question's action and resource, validated; the resource resolved. */
export function validateQuestion(action: unknown, resource: unknown, tokens: QuestionResolver): string | Unresolved {
  if (!isOneAction(action)) {
    throw new Error(`SimulatedSession.evaluate: invalid action ${safeJson(action)}: give one IAM action as service:Action, for example s3:GetObject (no wildcards)`);
  }
  if (typeof resource !== 'string') {
    throw new Error(`SimulatedSession.evaluate: invalid resource ${safeJson(resource)}: give an ARN or *`);
  }
  const resolved = tokens.resolveToken(resource);
  if (typeof resolved === 'string' && resolved !== '*' && !/^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/.test(resolved)) {
    throw new Error(`SimulatedSession.evaluate: invalid resource ${JSON.stringify(resolved)}: give an ARN (arn:partition:service:region:account:resource) or *`);
  }
  return resolved;
}

/**
 * The request context of a question: the session's own keys, its principal tags, and the keys
 * the user gives (validated and resolved); keys lower-cased, as IAM reads them (a later key wins
 * over one differing only in case).
 */
export function requestContext(
  session: { [key: string]: string | string[] },
  principalTags: { [tag: string]: string },
  given: { [key: string]: any } | undefined,
  tokens: QuestionResolver,
): Map<string, string | string[]> | Unresolved {
  const context = new Map<string, string | string[]>();
  for (const key of Object.keys(session)) {
    context.set(key.toLowerCase(), session[key]);
  }
  for (const tag of Object.keys(principalTags)) {
    context.set(`aws:principaltag/${tag.toLowerCase()}`, principalTags[tag]);
  }
  if (given === undefined || given === null) {
    return context;
  }
  if (typeof given !== 'object' || Array.isArray(given)) {
    throw new Error('SimulatedSession.evaluate: invalid context: give a map of condition keys to a string or a list of strings');
  }
  let unresolved: Unresolved | undefined;
  const resolve = (v: string): string => {
    const r = tokens.resolveToken(v);
    if (r instanceof Unresolved) {
      unresolved = r;
      return v;
    }
    return r;
  };
  for (const [key, value] of Object.entries(given)) {
    if (key.toLowerCase().startsWith(`${COGNITO_IDENTITY}:`) || key.toLowerCase().startsWith('aws:principaltag/')) {
      throw new Error(`SimulatedSession.evaluate: invalid context key ${JSON.stringify(key)}: a key of the session itself (${ROLE_BASED_ACCESS}: the keys of an identity pool session), which the simulator fills in`);
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

export function checkString(method: string, field: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new Error(`IdentityPoolSimulator.${method}: invalid ${field} ${safeJson(value)}: give a string`);
  }
  return value;
}

export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * The `resourcePolicy` of an evaluate question: a policy document (`{ Statement: [...] }`; an
 * empty list for a resource with no policy), its strings resolved like the rest of the question.
 */
export function validateResourcePolicy(policy: unknown, tokens: QuestionResolver): any {
  if (policy === null || typeof policy !== 'object' || Array.isArray(policy) || !('Statement' in policy)) {
    throw new Error(`SimulatedSession.evaluate: invalid resourcePolicy ${safeJson(policy)}: give a policy document, { Statement: [...] } (an empty list for a resource with no policy)`);
  }
  const unresolved: Unresolved[] = [];
  const resolve = (value: any): any => {
    if (typeof value === 'string') {
      const r = tokens.resolveToken(value);
      if (r instanceof Unresolved) unresolved.push(r);
      return r;
    }
    if (Array.isArray(value)) return value.map(resolve);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    return value;
  };
  const resolved = resolve(policy);
  return unresolved.length > 0 ? unresolved[0] : resolved;
}
