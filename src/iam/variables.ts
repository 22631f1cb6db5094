import { RequestContext } from './context';
import { Unresolved } from './unresolved';
import { PatternToken, tokenizePattern } from './wildcards';

/*
 * Policy variables (IAM User Guide, "IAM policy elements: Variables and tags",
 * reference_policies_variables): `${key}`, `${key, 'default'}` (two single quotes stand for
 * one), and the escapes `${*}`, `${?}`, `${$}`. Variable names are case-insensitive;
 * substituted values are literal text.
 */

/** A policy value after its variables are substituted. */
export type Resolved =
  | { readonly kind: 'tokens'; readonly tokens: PatternToken[] }
  /** A variable with no value and no default: per IAM, the value matches nothing. */
  | { readonly kind: 'none'; readonly why: string }
  | { readonly kind: 'unknown'; readonly why: string };

/**
 * A policy value read once (it is read again for every request): its literal text and its
 * policy variables in order; a malformed variable ends it (the value then matches nothing).
 */
export type ValuePart =
  | { readonly kind: 'text'; readonly tokens: PatternToken[] }
  | { readonly kind: 'variable'; readonly key: string; readonly fallback?: string }
  | { readonly kind: 'malformed'; readonly body: string };

/** Split a policy value into its parts; `wildcards`: whether `*` and `?` are wildcards in its text. */
export function parseValue(value: string, wildcards: boolean): ValuePart[] {
  const parts: ValuePart[] = [];
  let i = 0;
  while (i < value.length) {
    const open = value.indexOf('${', i);
    if (open < 0) {
      parts.push({ kind: 'text', tokens: tokenizePattern(value.slice(i), wildcards) });
      break;
    }
    if (open > i) parts.push({ kind: 'text', tokens: tokenizePattern(value.slice(i, open), wildcards) });
    const close = findVariableEnd(value, open + 2);
    if (close < 0) {
      parts.push({ kind: 'text', tokens: tokenizePattern(value.slice(open), wildcards) });
      break;
    }
    const body = value.slice(open + 2, close).trim();
    i = close + 1;
    if (body === '*' || body === '?' || body === '$') {
      parts.push({ kind: 'text', tokens: [{ lit: body }] });
      continue;
    }
    const parsed = /^([^,]+?)\s*(?:,\s*'((?:[^']|'')*)')?$/.exec(body);
    if (!parsed) {
      parts.push({ kind: 'malformed', body });
      break;
    }
    parts.push({ kind: 'variable', key: parsed[1].trim(), fallback: parsed[2]?.replace(/''/g, '\'') });
  }
  return parts;
}

/** The index of the `}` closing a variable, skipping quoted defaults. */
function findVariableEnd(text: string, from: number): number {
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\'') quoted = !quoted; // '' inside a default toggles twice: no change
    else if (ch === '}' && !quoted) return i;
  }
  return -1;
}

/** A policy value that is not a string: a number or boolean is its text; anything else is not resolved. */
export function constantValue(value: unknown): Resolved {
  if (value instanceof Unresolved) return { kind: 'unknown', why: `the template value ${value.what} is not resolved` };
  if (typeof value === 'number' || typeof value === 'boolean') return { kind: 'tokens', tokens: tokenizePattern(String(value), false) };
  return { kind: 'unknown', why: `the template value ${JSON.stringify(value)} is not resolved` };
}

/**
 * Substitute the policy variables of one policy value. A key the context lacks takes the
 * default; without a default it has no value (the value then matches nothing) when the key is
 * surely absent, and is unknown otherwise. A multivalued key is not a variable.
 */
export function resolveParts(parts: ValuePart[], ctx: RequestContext): Resolved {
  // A value without variables: its tokens as parsed (never modified).
  if (parts.length === 1 && parts[0].kind === 'text') return { kind: 'tokens', tokens: parts[0].tokens };
  const tokens: PatternToken[] = [];
  for (const part of parts) {
    if (part.kind === 'text') {
      tokens.push(...part.tokens);
      continue;
    }
    if (part.kind === 'malformed') {
      return { kind: 'none', why: `the policy variable \${${part.body}} is malformed` };
    }
    const key = part.key;
    const found = ctx.get(key);
    if (found && found.multi && found.values.length !== 1) {
      // IAM takes no multivalued key as a variable; whether it then falls back to the default
      // is not documented, so the answer is not guessed.
      return { kind: 'unknown', why: `the policy variable \${${key}} names a multivalued key, which IAM does not substitute` };
    }
    if (found) {
      tokens.push(...tokenizePattern(found.values[0], false));
    } else if (part.fallback !== undefined) {
      tokens.push(...tokenizePattern(part.fallback, false));
    } else if (ctx.isComplete(key)) {
      return { kind: 'none', why: `the policy variable \${${key}} has no value for this session` };
    } else {
      return { kind: 'unknown', why: `the policy variable \${${key}} needs ${key}, which is not in the context; pass it in \`context\`` };
    }
  }
  return { kind: 'tokens', tokens };
}

/** Parsed policy values by text, for one evaluator: the same policies are read for every request. */
export class ValueCache {
  private readonly parsed = new Map<string, ValuePart[]>();

  public parts(value: string, wildcards: boolean): ValuePart[] {
    const key = wildcards ? `*${value}` : `=${value}`;
    let parts = this.parsed.get(key);
    if (!parts) {
      if (this.parsed.size > 10_000) this.parsed.clear();
      parts = parseValue(value, wildcards);
      this.parsed.set(key, parts);
    }
    return parts;
  }
}
