import { PatternMatcher, tokenizePattern, wildcardRegex } from './wildcards';

/*
 * The request context: the condition keys and policy variables known for one request, and which
 * of the keys it lacks are surely absent from the request (rather than merely not supplied).
 */

/** Condition keys as given: single-valued (a string) or multivalued (a list of strings). */
export type ContextValues = Record<string, string | string[]> | ReadonlyMap<string, string | string[]>;

/**
 * Global keys that every request made with a role session carries (aws:SourceIp,
 * aws:CurrentTime, ...). Their absence from the context never means absence from the request,
 * even under `...IfExists` or `Null`: the answer is undetermined unless the caller passes them.
 */
const KEYS_EVERY_REQUEST_CARRIES = new Set([
  'aws:currenttime', 'aws:epochtime', 'aws:securetransport', 'aws:sourceip', 'aws:requestedregion',
  'aws:principalarn', 'aws:principalaccount', 'aws:principaltype', 'aws:userid', 'aws:viaawsservice',
  'aws:tokenissuetime', 'aws:federatedprovider',
]);

export class RequestContext {
  private readonly values: ReadonlyMap<string, string | string[]>;

  /**
   * @param context the known keys (a Map's keys are lower-cased already)
   * @param complete the compiled patterns of keys the context holds completely
   */
  constructor(context: ContextValues, private readonly complete: RegExp[]) {
    if (context instanceof Map) {
      this.values = context;
    } else {
      const values = new Map<string, string | string[]>();
      for (const [key, value] of Object.entries(context)) {
        values.set(key.toLowerCase(), value);
      }
      this.values = values;
    }
  }

  /** The values of a key (a single-valued key gives one), or undefined when the context lacks it. */
  get(key: string): { values: string[]; multi: boolean } | undefined {
    const value = this.values.get(key.toLowerCase());
    if (value === undefined) return undefined;
    return Array.isArray(value) ? { values: value.map(String), multi: true } : { values: [String(value)], multi: false };
  }

  /** Whether a key missing from the context is surely missing from the request. */
  isComplete(key: string): boolean {
    const k = key.toLowerCase();
    return this.complete.some((re) => re.test(k));
  }

  /** Whether a missing key may be read as absent under IfExists and Null. */
  mayReadAsAbsent(key: string): boolean {
    return this.isComplete(key) || !KEYS_EVERY_REQUEST_CARRIES.has(key.toLowerCase());
  }
}

/** Compile `completeKeys` patterns (case-insensitive, `*` wildcards), through a matcher's cache. */
export function compileCompleteKeys(patterns: readonly string[], matcher: PatternMatcher): RegExp[] {
  return patterns.map((pattern) =>
    matcher.regex(`key\u0000${pattern}`, () => wildcardRegex(tokenizePattern(pattern.toLowerCase(), true), 'plain')));
}

export function missingKey(key: string): string {
  return `condition key ${key} is not in the context; pass it in \`context\``;
}
