/*
 * The limits of the Cognito Identity service model (2014-06-30, as botocore ships it) and of
 * the Cognito developer guide, as data, with the pure checks that read them. The construct
 * layer (private/validation.ts) adds what only it knows: tokens are never judged, and errors name
 * the construct.
 */

export interface StringRule {
  readonly min: number;
  readonly max: number;
  /** Whole-string pattern, without anchors. */
  readonly pattern?: RegExp;
  /** How the pattern reads in an error message. */
  readonly patternText?: string;
  /** The pattern anchored to the whole string. */
  readonly anchored?: RegExp;
}

function rule(min: number, max: number, pattern?: RegExp, patternText?: string): StringRule {
  const anchored = pattern ? new RegExp(`^(?:${pattern.source})$`, pattern.flags) : undefined;
  return { min, max, pattern, patternText, anchored };
}

/** What is wrong with a string under a rule, in words, or undefined when nothing is. */
export function ruleProblem(value: string, r: StringRule): string | undefined {
  // Length in characters as the service counts them (code points).
  const length = [...value].length;
  if (length < r.min || length > r.max) {
    return r.min === 0 ? `must be at most ${r.max} characters long (it has ${length})`
      : `must be ${r.min}-${r.max} characters long (it has ${length})`;
  }
  if (r.anchored && !r.anchored.test(value)) {
    return `must match ${r.patternText ?? r.pattern!.source}`;
  }
  return undefined;
}

/** An identity pool id: `REGION:GUID`. */
export const POOL_ID = rule(1, 55, /[\w-]+:[0-9a-f-]+/, 'REGION:GUID ([\\w-]+:[0-9a-f-]+)');
/** An identity pool ARN; the groups are the region, the account and the pool id. */
export const POOL_ARN = /^arn:[\w-]+:cognito-identity:([\w-]+):(\d{12}):identitypool\/(.+)$/;
export const POOL_ARN_FORM = 'arn:PARTITION:cognito-identity:REGION:ACCOUNT:identitypool/REGION:GUID';
export const POOL_TAG_KEY = rule(1, 128);
export const POOL_TAG_VALUE = rule(0, 256);
export const IDENTITY_POOL_NAME = rule(1, 128, /[\w\s+=,.@-]+/u, '[\\w\\s+=,.@-]+');
export const DEVELOPER_PROVIDER_NAME = rule(1, 128, /[\w._-]+/, '[\\w._-]+');
export const COGNITO_PROVIDER_NAME = rule(1, 128, /[\w._:/-]+/, '[\\w._:/-]+');
export const COGNITO_CLIENT_ID = rule(1, 128, /[\w_]+/, '[\\w_]+');
export const LOGIN_PROVIDER_ID = rule(1, 128, /[\w.;_/-]+/, '[\\w.;_/-]+');
export const ROLE_MAPPING_KEY = rule(1, 128);
export const CLAIM_NAME = rule(1, 64, /[\p{L}\p{M}\p{S}\p{N}\p{P}]+/u,
  '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+ (letters, marks, symbols, numbers, punctuation; no spaces)');
export const CLAIM_VALUE = rule(1, 128);
/** Session-tag keys follow STS rules: letters, digits, white space and `_.:/=+-@`. */
export const PRINCIPAL_TAG_KEY = rule(1, 128, /[\p{L}\p{Z}\p{N}_.:/=+\-@]+/u, 'the STS tag-key alphabet [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+');
export const PRINCIPAL_TAG_VALUE = rule(1, 256);
export const PROVIDER_NAME_FOR_TAGS = rule(1, 128);

/** The prefix STS reserves for its own session-tag keys, in any case. */
export const RESERVED_TAG_PREFIX = 'aws:';

/** What is wrong with a session-tag key (a principal tag's name), or undefined. */
export function tagKeyProblem(key: string): string | undefined {
  return ruleProblem(key, PRINCIPAL_TAG_KEY)
    ?? (key.toLowerCase().startsWith(RESERVED_TAG_PREFIX) ? `session-tag keys cannot start with "${RESERVED_TAG_PREFIX}", which AWS reserves` : undefined);
}

/** All claims of one principal-tag map together, in UTF-8 bytes (developer guide). */
export const MAX_PRINCIPAL_TAG_CLAIM_BYTES = 460;
/** CognitoIdentityProviders of one pool. */
export const MAX_USER_POOL_PROVIDERS = 50;
export const MAX_ROLE_MAPPINGS = 10;
export const MAX_RULES = 25;
export const MAX_PRINCIPAL_TAGS = 50;
export const MAX_POOL_TAGS = 50;
