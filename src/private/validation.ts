import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Synth-time validation helpers. Every error names the construct path, the field, the
 * offending value and the rule, and a value that is an unresolved token is never judged.
 */

/** Throw the library's standard error: construct path, field, value, rule. */
export function invalid(scope: IConstruct, field: string, value: unknown, rule: string): never {
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
export function refuse(scope: IConstruct, what: string, rule: string): never {
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

/** Validate a string against length limits and a pattern; tokens pass unjudged. */
export function validateString(scope: IConstruct, field: string, value: string | undefined, rule: StringRule): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  // Length in characters as the service counts them (code points).
  const length = [...value].length;
  if (length < rule.min || length > rule.max) {
    invalid(scope, field, value, `must be ${rule.min}-${rule.max} characters long (it has ${length})`);
  }
  if (rule.pattern) {
    const anchored = new RegExp(`^(?:${rule.pattern.source})$`, rule.pattern.flags);
    if (!anchored.test(value)) {
      invalid(scope, field, value, `must match ${rule.patternText ?? rule.pattern.source}`);
    }
  }
}

/** Validate how many entries a collection holds; skipped when the count is unknown. */
export function validateCount(scope: IConstruct, field: string, count: number, min: number, max: number): void {
  if (count < min || count > max) {
    const range = min === 0 ? `at most ${max}` : `${min}-${max}`;
    throw new Error(`${scope.node.path}: invalid ${field}: has ${count} entries, the service allows ${range}`);
  }
}

// The limits of the Cognito Identity service model (2014-06-30), see DESIGN.md.
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
