import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import * as limits from '../service/limits';

/**
 * Synth-time validation: the service's limits (service/limits.ts) applied to what an app gives.
 * Every error names the construct path, the field, the offending value and the rule, and a
 * value that is an unresolved token is never judged.
 */

export * from '../service/limits';

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

/** What is wrong with a literal string under a rule, in words, or undefined; tokens are never judged. */
export function stringProblem(value: string, rule: limits.StringRule): string | undefined {
  return Token.isUnresolved(value) ? undefined : limits.ruleProblem(value, rule);
}

/** What is wrong with a session-tag key, or undefined; tokens are not judged. */
export function tagKeyProblem(key: string): string | undefined {
  return Token.isUnresolved(key) ? undefined : limits.tagKeyProblem(key);
}

/** Validate a string against length limits and a pattern; tokens pass unjudged. */
export function validateString(scope: Scope, field: string, value: string | undefined, rule: limits.StringRule): void {
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

/** The problems of a pool's tags (count, key and value lengths, reserved keys), as validation messages. */
export function poolTagProblems(tags: Array<{ key: string; value: string }>): string[] {
  const problems: string[] = [];
  if (tags.length > limits.MAX_POOL_TAGS) {
    problems.push(`invalid tags: has ${tags.length} tags, the service allows at most ${limits.MAX_POOL_TAGS}`);
  }
  for (const tag of tags) {
    const key = stringProblem(tag.key, limits.POOL_TAG_KEY);
    if (key) {
      problems.push(`invalid tag key ${JSON.stringify(tag.key)}: ${key}`);
    } else if (!Token.isUnresolved(tag.key) && tag.key.toLowerCase().startsWith(limits.RESERVED_TAG_PREFIX)) {
      problems.push(`invalid tag key ${JSON.stringify(tag.key)}: tag keys cannot start with "${limits.RESERVED_TAG_PREFIX}" in any letter case, which AWS reserves`);
    }
    const value = stringProblem(tag.value, limits.POOL_TAG_VALUE);
    if (value) {
      problems.push(`invalid tag value ${JSON.stringify(tag.value)} of tag ${JSON.stringify(tag.key)}: ${value}`);
    }
  }
  return problems;
}
