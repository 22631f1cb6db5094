/*
 * IAM's wildcards, the one matcher of the library: `*` (any run of characters) and `?` (any one
 * character) in actions, resources, condition values and context-key patterns, and the
 * pattern-against-pattern questions the synth-time checks ask of action lists (does one
 * pattern cover, or meet, another). References (IAM User Guide): "IAM JSON policy elements:
 * Action", "Resource" (reference_policies_elements_resource: wildcards within an ARN segment,
 * a `*` that ends a segment may match across colons), "Condition operators" (StringLike,
 * ArnLike).
 */

/** A pattern token: literal text (one or more characters), or a wildcard. */
export type PatternToken = { readonly lit: string } | { readonly wild: '*' | '?' };

/**
 * How far a wildcard reaches.
 * - 'plain': `*` any run of characters, `?` any one (actions, StringLike, context-key patterns).
 * - 'resource': the Resource element: wildcards stay within an ARN segment, except a `*` that ends
 *   a segment (followed by `:` or the end), which may match across colons.
 * - 'arn': ArnLike/ArnEquals: each of the first five colon-separated components is matched on
 *   its own; the sixth (the resource part) takes the rest, colons included.
 */
export type PatternMode = 'plain' | 'resource' | 'arn';

/** Text as tokens: runs of literal text, and with `wildcards` each `*` and `?` a wildcard. */
export function tokenizePattern(text: string, wildcards: boolean): PatternToken[] {
  if (!wildcards) return text === '' ? [] : [{ lit: text }];
  const tokens: PatternToken[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '*' || ch === '?') {
      if (i > start) tokens.push({ lit: text.slice(start, i) });
      tokens.push({ wild: ch });
      start = i + 1;
    }
  }
  if (start < text.length) tokens.push({ lit: text.slice(start) });
  return tokens;
}

/** The pattern's text again, wildcards as written. */
export function literalOf(tokens: PatternToken[]): string {
  return tokens.map((t) => ('lit' in t ? t.lit : t.wild)).join('');
}

/** A regular expression for a token pattern, anchored (see `PatternMode`). */
export function wildcardRegex(tokens: PatternToken[], mode: PatternMode, flags = ''): RegExp {
  let source = '';
  let colons = 0;
  tokens.forEach((token, index) => {
    if ('lit' in token) {
      colons += countColons(token.lit);
      source += token.lit.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      return;
    }
    const spans = wildcardSpans(tokens, index, mode, colons);
    if (token.wild === '*') source += spans ? '.*' : '[^:]*';
    else source += spans ? '.' : '[^:]';
  });
  return new RegExp(`^${source}$`, `s${flags}`);
}

/** Whether the wildcard at `index` may match colons; `colons`: those before it. */
function wildcardSpans(tokens: PatternToken[], index: number, mode: PatternMode, colons: number): boolean {
  if (mode === 'plain') return true;
  if (mode === 'arn') return colons >= 5;
  const next = tokens[index + 1];
  return next === undefined || ('lit' in next && next.lit[0] === ':');
}

export function countColons(text: string): number {
  let n = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) n += 1;
  return n;
}

/** Whether a text matches an IAM wildcard pattern as a whole ('plain' mode), once, without caching. */
export function matchesPattern(pattern: string, text: string, options: { ignoreCase?: boolean } = {}): boolean {
  return wildcardRegex(tokenizePattern(pattern, true), 'plain', options.ignoreCase ? 'i' : '').test(text);
}

/**
 * Matches texts against token patterns, compiling each pattern shape once. One matcher belongs
 * to one evaluator: what it remembers is never shared between two of them.
 */
export class PatternMatcher {
  private readonly regexes = new Map<string, RegExp>();

  /**
   * Whether the text matches a token pattern (case-sensitive), as `wildcardRegex(tokens, mode)`
   * would answer, without compiling one for the common shapes: a literal, or a literal and one
   * final wildcard. The literal start and end of any pattern must match as they are.
   */
  public matches(tokens: PatternToken[], mode: PatternMode, text: string): boolean {
    let i = 0;
    let pos = 0;
    let colons = 0;
    for (; i < tokens.length; i++) {
      const token = tokens[i];
      if (!('lit' in token)) break;
      if (!text.startsWith(token.lit, pos)) return false;
      pos += token.lit.length;
      if (mode === 'arn') colons += countColons(token.lit);
    }
    if (i === tokens.length) return pos === text.length;
    if (i === tokens.length - 1) {
      const wild = (tokens[i] as { wild: '*' | '?' }).wild;
      const spans = wildcardSpans(tokens, i, mode, colons);
      if (wild === '?') return text.length === pos + 1 && (spans || text[pos] !== ':');
      return spans || text.indexOf(':', pos) < 0;
    }
    const last = tokens[tokens.length - 1];
    if ('lit' in last && (!text.endsWith(last.lit) || text.length < pos + last.lit.length)) return false;
    const key = `${mode}\u0000${tokens.map((t) => ('lit' in t ? `${t.lit.length}:${t.lit}` : `!${t.wild}`)).join('')}`;
    return this.regex(key, () => wildcardRegex(tokens, mode)).test(text);
  }

  /** A compiled expression by key, built once (the same policies are asked about again and again). */
  public regex(key: string, build: () => RegExp): RegExp {
    let re = this.regexes.get(key);
    if (!re) {
      if (this.regexes.size > 10_000) this.regexes.clear();
      re = build();
      this.regexes.set(key, re);
    }
    return re;
  }
}

/** Whether some text matches both patterns (IAM action patterns: case-insensitive). */
export function globsIntersect(a: string, b: string): boolean {
  return comparePatterns(a, b, false);
}

/** Whether every text the `inner` pattern matches is matched by the `outer` pattern (case-insensitive). */
export function globCovers(outer: string, inner: string): boolean {
  return comparePatterns(outer, inner, true);
}

/**
 * The two questions above, walking both patterns at once. Intersection: each side's `*` takes
 * any run of the other's symbols and each side's `?` any one. Cover: only `outer`'s wildcards do
 * (its `?` also takes `inner`'s `?`); `inner`'s `*` needs `outer`'s `*`, its `?` `outer`'s `?`.
 */
function comparePatterns(outer: string, inner: string, covers: boolean): boolean {
  const p = outer.toLowerCase();
  const q = inner.toLowerCase();
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const k = i * (q.length + 1) + j;
    const cached = memo.get(k);
    if (cached !== undefined) return cached;
    let result: boolean;
    if (i === p.length && j === q.length) {
      result = true;
    } else if (i < p.length && p[i] === '*') {
      result = go(i + 1, j) || (j < q.length && go(i, j + 1));
    } else if (j < q.length && q[j] === '*') {
      result = !covers && (go(i, j + 1) || (i < p.length && go(i + 1, j)));
    } else if (i < p.length && j < q.length) {
      result = (p[i] === q[j] || p[i] === '?' || (!covers && q[j] === '?')) && go(i + 1, j + 1);
    } else {
      result = false;
    }
    memo.set(k, result);
    return result;
  };
  return go(0, 0);
}
