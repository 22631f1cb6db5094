import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Synth-time validation helpers. Every error names the construct path, the field, the
 * offending value and the rule, and a value that is an unresolved token is never judged.
 */

/** What an error names: a construct, or the path a construct is about to have. */
export type Scope = Pick<IConstruct, 'node'> | { readonly node: { readonly path: string } };

/** The path of a construct about to be made as `id` under `scope`, for errors before it exists. */
export function pathOf(scope: IConstruct, id: string): Scope {
  return { node: { path: `${scope.node.path}/${id}` } };
}

/** Throw the library's standard error: construct path, field, value, rule. */
export function invalid(scope: Scope, field: string, value: unknown, rule: string): never {
  if (value === undefined) {
    throw new Error(`${scope.node.path}: missing ${field}: ${rule}`);
  }
  const shown = typeof value === 'object' || typeof value === 'string' ? JSON.stringify(value) : String(value);
  throw new Error(`${scope.node.path}: invalid ${field} ${shown}: ${rule}`);
}

/**
 * Throw the standard error for something already described in words (a provider, a role):
 * construct path, what is wrong, the rule.
 */
export function refuse(scope: Scope, what: string, rule: string): never {
  throw new Error(`${scope.node.path}: ${what}: ${rule}`);
}

export interface StringRule {
  readonly min: number;
  readonly max: number;
  /** Whole-string pattern, without anchors. */
  readonly pattern?: RegExp;
  /** How the pattern reads in an error message. */
  readonly patternText?: string;
}

/**
 * What is wrong with a literal string under a rule, in words, or undefined when nothing is.
 * Tokens are never judged.
 */
export function stringProblem(value: string, rule: StringRule): string | undefined {
  if (Token.isUnresolved(value)) {
    return undefined;
  }
  // Length in characters as the service counts them (code points).
  const length = [...value].length;
  if (length < rule.min || length > rule.max) {
    return rule.min === 0 ? `must be at most ${rule.max} characters long (it has ${length})`
      : `must be ${rule.min}-${rule.max} characters long (it has ${length})`;
  }
  if (rule.pattern) {
    let anchored = ANCHORED.get(rule);
    if (!anchored) {
      anchored = new RegExp(`^(?:${rule.pattern.source})$`, rule.pattern.flags);
      ANCHORED.set(rule, anchored);
    }
    if (!anchored.test(value)) {
      return `must match ${rule.patternText ?? rule.pattern.source}`;
    }
  }
  return undefined;
}

/** Each rule's pattern anchored to the whole string, compiled once. */
const ANCHORED = new WeakMap<StringRule, RegExp>();

/** Validate a string against length limits and a pattern; tokens pass unjudged. */
export function validateString(scope: Scope, field: string, value: string | undefined, rule: StringRule): void {
  const problem = value === undefined ? undefined : stringProblem(value, rule);
  if (problem) {
    invalid(scope, field, value, problem);
  }
}

/** Validate how many entries a collection holds (a count the app knows at synth). */
export function validateCount(scope: Scope, field: string, count: number, min: number, max: number): void {
  if (count < min || count > max) {
    const range = min === 0 ? `at most ${max}` : `${min}-${max}`;
    throw new Error(`${scope.node.path}: invalid ${field}: has ${count} entries, the service allows ${range}`);
  }
}

// The limits of the Cognito Identity service model (2014-06-30, shipped with botocore) and of
// the Cognito developer guide; the README's validation table lists them.
/** An identity pool id: `REGION:GUID`. */
export const POOL_ID: StringRule = { min: 1, max: 55, pattern: /[\w-]+:[0-9a-f-]+/, patternText: 'REGION:GUID ([\\w-]+:[0-9a-f-]+)' };
/** An identity pool ARN; the groups are the region, the account and the pool id. */
export const POOL_ARN = /^arn:[\w-]+:cognito-identity:([\w-]+):(\d{12}):identitypool\/(.+)$/;
export const POOL_ARN_FORM = 'arn:PARTITION:cognito-identity:REGION:ACCOUNT:identitypool/REGION:GUID';
export const POOL_TAG_KEY: StringRule = { min: 1, max: 128 };
export const POOL_TAG_VALUE: StringRule = { min: 0, max: 256 };
export const IDENTITY_POOL_NAME: StringRule = { min: 1, max: 128, pattern: /[\w\s+=,.@-]+/u, patternText: '[\\w\\s+=,.@-]+' };
export const DEVELOPER_PROVIDER_NAME: StringRule = { min: 1, max: 128, pattern: /[\w._-]+/, patternText: '[\\w._-]+' };
export const COGNITO_PROVIDER_NAME: StringRule = { min: 1, max: 128, pattern: /[\w._:/-]+/, patternText: '[\\w._:/-]+' };
export const COGNITO_CLIENT_ID: StringRule = { min: 1, max: 128, pattern: /[\w_]+/, patternText: '[\\w_]+' };
export const LOGIN_PROVIDER_ID: StringRule = { min: 1, max: 128, pattern: /[\w.;_/-]+/, patternText: '[\\w.;_/-]+' };
export const ROLE_MAPPING_KEY: StringRule = { min: 1, max: 128 };
export const CLAIM_NAME: StringRule = {
  min: 1,
  max: 64,
  pattern: /[\p{L}\p{M}\p{S}\p{N}\p{P}]+/u,
  patternText: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+ (letters, marks, symbols, numbers, punctuation; no spaces)',
};
export const CLAIM_VALUE: StringRule = { min: 1, max: 128 };
/** Session-tag keys follow STS rules: letters, digits, white space and `_.:/=+-@`. */
export const PRINCIPAL_TAG_KEY: StringRule = {
  min: 1,
  max: 128,
  pattern: /[\p{L}\p{Z}\p{N}_.:/=+\-@]+/u,
  patternText: 'the STS tag-key alphabet [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+',
};
/** The prefix STS reserves for its own session-tag keys, in any case. */
export const RESERVED_TAG_PREFIX = 'aws:';
/** What is wrong with a session-tag key (a principal tag's name), or undefined; tokens are not judged. */
export function tagKeyProblem(key: string): string | undefined {
  return stringProblem(key, PRINCIPAL_TAG_KEY)
    ?? (key.toLowerCase().startsWith(RESERVED_TAG_PREFIX) ? `session-tag keys cannot start with "${RESERVED_TAG_PREFIX}", which AWS reserves` : undefined);
}
/** A user pool's name with `:<appClientId>`: its role-mapping key, never its principal-tag name. */
export const USER_POOL_WITH_CLIENT = /^cognito-idp\.[\w-]+\.amazonaws\.com(?:\.cn)?\/[\w-]+_[0-9a-zA-Z]+:.+$/;
export const PRINCIPAL_TAG_VALUE: StringRule = { min: 1, max: 256 };
export const PROVIDER_NAME_FOR_TAGS: StringRule = { min: 1, max: 128 };
/** All claims of one principal-tag map together, in UTF-8 bytes (developer guide). */
export const MAX_PRINCIPAL_TAG_CLAIM_BYTES = 460;
/** CognitoIdentityProviders of one pool. */
export const MAX_USER_POOL_PROVIDERS = 50;

export const MAX_ROLE_MAPPINGS = 10;
export const MAX_RULES = 25;
export const MAX_PRINCIPAL_TAGS = 50;
export const MAX_POOL_TAGS = 50;

/** The problems of a pool's tags (count, key and value lengths, reserved keys), as validation messages. */
export function poolTagProblems(tags: Array<{ key: string; value: string }>): string[] {
  const problems: string[] = [];
  if (tags.length > MAX_POOL_TAGS) {
    problems.push(`invalid tags: has ${tags.length} tags, the service allows at most ${MAX_POOL_TAGS}`);
  }
  for (const tag of tags) {
    const key = stringProblem(tag.key, POOL_TAG_KEY);
    if (key) {
      problems.push(`invalid tag key ${JSON.stringify(tag.key)}: ${key}`);
    } else if (!Token.isUnresolved(tag.key) && tag.key.toLowerCase().startsWith(RESERVED_TAG_PREFIX)) {
      problems.push(`invalid tag key ${JSON.stringify(tag.key)}: tag keys cannot start with "${RESERVED_TAG_PREFIX}" in any letter case, which AWS reserves`);
    }
    const value = stringProblem(tag.value, POOL_TAG_VALUE);
    if (value) {
      problems.push(`invalid tag value ${JSON.stringify(tag.value)} of tag ${JSON.stringify(tag.key)}: ${value}`);
    }
  }
  return problems;
}
