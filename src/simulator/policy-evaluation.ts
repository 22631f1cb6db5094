import { AccessDecision, Decision } from './access-decision';

/*
 * IAM's policy evaluation logic for one request of one role session, over the policies the
 * simulator can see. References (IAM User Guide):
 * - "Policy evaluation logic" (reference_policies_evaluation-logic): an explicit Deny in any
 *   policy wins; else an Allow is needed in the identity-based policies, and also in the
 *   permissions boundary and in the session policies when there are any; else implicit deny.
 * - "IAM JSON policy elements": Action/NotAction, Resource/NotResource (reference_policies_elements_resource:
 *   `*` and `?` inside an ARN segment; a `*` that ends a segment may match across colons),
 *   Condition and condition operators (reference_policies_elements_condition_operators), set
 *   operators for multivalued keys (reference_policies_condition-single-vs-multi-valued-context-keys),
 *   "Variables and tags" (reference_policies_variables: defaults, `${*}`, `${?}`, `${$}`, and
 *   variables with no value).
 *
 * It never guesses: anything the answer depends on and the simulator cannot see (a condition key
 * nobody supplied, an operator it does not model, a value the template did not resolve, a policy
 * the template does not hold) makes the answer UNDETERMINED, and the reason names that piece.
 * Such a piece only matters when it could change the answer: a sure explicit Deny, or a kind of
 * policy (the role's, its boundary, a session policy) that surely allows nothing, still denies.
 *
 * UNDETERMINED, with the reason naming what is missing, when an Allow or a Deny depends on:
 * - a condition key absent from `context` and not declared complete (`completeKeys`), except
 *   under `...IfExists` and `Null`, which read an absent key as absent;
 * - even under `...IfExists` and `Null`, a key every request carries (aws:SourceIp,
 *   aws:CurrentTime, aws:TokenIssueTime, ...), when nobody supplied it;
 * - a policy variable whose key is absent (no default, not complete), or that names a key with
 *   several values (IAM takes no multivalued key as a variable);
 * - a single-valued operator (no ForAnyValue:/ForAllValues:) on a key with several values;
 * - an operator it does not model (BinaryEquals, or a name it does not know);
 * - a template value the simulator could not resolve (an `Unresolved`, anywhere);
 * - a policy attached to the role that the template does not hold, or a permissions boundary
 *   it does not hold (either may allow, and either may deny).
 */

/** A template value the simulator could not resolve (Fn::ImportValue, a parameter without default, ...). */
export class Unresolved {
  constructor(public readonly what: string) {}
}

/** One policy document the evaluation reads, and how reasons name it. */
export interface PolicySource {
  /** How reasons name it, e.g. "inline policy X of role Stack/Pool/Admins". */
  readonly label: string;
  /** The resolved policy JSON ({ Version?, Statement }); Unresolved values may appear anywhere in it. */
  readonly document: any;
  /**
   * For a session policy: what to say when it does not allow the request, instead of the
   * generic sentence; the action is appended ("...; <action> is outside it").
   */
  readonly outsideNote?: string;
}

/** One request of one session, and the policies that decide it. */
export interface EvaluationInput {
  /** 'service:ActionName' (validated by the caller). */
  readonly action: string;
  /** An ARN or '*'. */
  readonly resource: string;
  /**
   * Condition keys and policy variables known for the request (session keys such as
   * cognito-identity.amazonaws.com:sub/aud/amr, aws:PrincipalTag/<k>, plus user-supplied ones).
   * Keys are case-insensitive, as IAM treats them; a Map's keys are lower-cased already.
   */
  readonly context: Record<string, string | string[]> | ReadonlyMap<string, string | string[]>;
  /** The role's identity-based policies that the template holds. */
  readonly identityPolicies: PolicySource[];
  /** Policies attached to the role that the template does not hold (AWS managed, outside ARNs), each named. */
  readonly unseenPolicies: string[];
  /** The role's permissions boundary, when the template holds it: it must also allow. */
  readonly permissionsBoundary?: PolicySource;
  /** A permissions boundary the template does not hold, named. */
  readonly unseenPermissionsBoundary?: string;
  /** Session policies (e.g. the guest scope-down): each must also allow. */
  readonly sessionPolicies?: PolicySource[];
  /**
   * Patterns (case-insensitive, `*` wildcard) of condition keys the context holds completely:
   * such a key absent from `context` is absent from the request, so IAM's rules for absent keys
   * apply (e.g. `aws:PrincipalTag/*` when the caller passes every session tag). Any other key
   * absent from `context` is unknown, and a statement that depends on it is undetermined.
   */
  readonly completeKeys?: string[];
}

// ---------------------------------------------------------------------------------------------
// Three-valued results

type Tri = 'yes' | 'no' | 'unknown';

/** A three-valued answer, and what is missing when it is unknown. */
interface Outcome {
  readonly value: Tri;
  readonly missing: string[];
}

const YES: Outcome = { value: 'yes', missing: [] };
const NO: Outcome = { value: 'no', missing: [] };
function unknown(...missing: string[]): Outcome {
  return { value: 'unknown', missing };
}

/** Conjunction: any no → no; else any unknown → unknown (with every missing piece); else yes. */
function and(outcomes: Iterable<Outcome>): Outcome {
  return combine(outcomes, NO, YES);
}

/** Disjunction: any yes → yes; else any unknown → unknown; else no. */
function or(outcomes: Iterable<Outcome>): Outcome {
  return combine(outcomes, YES, NO);
}

/** `decisive` as soon as an outcome is it; else unknown if any is (with every missing piece); else `otherwise`. */
function combine(outcomes: Iterable<Outcome>, decisive: Outcome, otherwise: Outcome): Outcome {
  const missing: string[] = [];
  let sawUnknown = false;
  for (const o of outcomes) {
    if (o.value === decisive.value) return decisive;
    if (o.value === 'unknown') {
      sawUnknown = true;
      missing.push(...o.missing);
    }
  }
  return sawUnknown ? { value: 'unknown', missing: dedupe(missing) } : otherwise;
}

function not(o: Outcome): Outcome {
  if (o.value === 'unknown') return o;
  return o.value === 'yes' ? NO : YES;
}

function fromBool(b: boolean): Outcome {
  return b ? YES : NO;
}

function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}

// ---------------------------------------------------------------------------------------------
// The request context

/**
 * Global keys that every request made with a role session carries (aws:SourceIp,
 * aws:CurrentTime, ...). Their absence from `context` never means absence from the request, even
 * under `...IfExists` or `Null`: the answer is undetermined unless the caller passes them.
 */
const KEYS_EVERY_REQUEST_CARRIES = new Set([
  'aws:currenttime', 'aws:epochtime', 'aws:securetransport', 'aws:sourceip', 'aws:requestedregion',
  'aws:principalarn', 'aws:principalaccount', 'aws:principaltype', 'aws:userid', 'aws:viaawsservice',
  'aws:tokenissuetime', 'aws:federatedprovider',
]);

/** The compiled `completeKeys` of the callers' (constant) lists. */
const COMPLETE_KEYS = new WeakMap<string[], RegExp[]>();

class RequestContext {
  private readonly values: ReadonlyMap<string, string | string[]>;
  private readonly complete: RegExp[];

  constructor(context: Record<string, string | string[]> | ReadonlyMap<string, string | string[]>, completeKeys: string[]) {
    if (context instanceof Map) {
      this.values = context;
    } else {
      const values = new Map<string, string | string[]>();
      for (const [key, value] of Object.entries(context)) {
        values.set(key.toLowerCase(), value);
      }
      this.values = values;
    }
    let complete = COMPLETE_KEYS.get(completeKeys);
    if (!complete) {
      complete = completeKeys.map((pattern) =>
        cachedRegex(`key\u0000${pattern}`, () => wildcardRegex(tokenizeLiteral(pattern.toLowerCase(), true), 'plain')));
      COMPLETE_KEYS.set(completeKeys, complete);
    }
    this.complete = complete;
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

function missingKey(key: string): string {
  return `condition key ${key} is not in the context; pass it in \`context\``;
}

// ---------------------------------------------------------------------------------------------
// Patterns: wildcards and policy variables

/** A pattern token: literal text (one or more characters), or a wildcard. */
type Token = { readonly lit: string } | { readonly wild: '*' | '?' };

/** A policy value after its variables are substituted. */
type Resolved =
  | { readonly kind: 'tokens'; readonly tokens: Token[] }
  /** A variable with no value and no default: per IAM, the value matches nothing. */
  | { readonly kind: 'none'; readonly why: string }
  | { readonly kind: 'unknown'; readonly why: string };

/** Text as tokens: runs of literal text, and with `wildcards` each `*` and `?` a wildcard. */
function tokenizeLiteral(text: string, wildcards: boolean): Token[] {
  if (!wildcards) return text === '' ? [] : [{ lit: text }];
  const tokens: Token[] = [];
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

/**
 * A policy value read once (it is read again for every request): its literal text and its
 * policy variables in order; a malformed variable ends it (the value then matches nothing).
 */
type ValuePart =
  | { readonly kind: 'text'; readonly tokens: Token[] }
  | { readonly kind: 'variable'; readonly key: string; readonly fallback?: string }
  | { readonly kind: 'malformed'; readonly body: string };

/**
 * Split a policy value into its parts ("Variables and tags"): `${key}`, `${key, 'default'}`
 * (two single quotes stand for one), and the escapes `${*}`, `${?}`, `${$}`.
 */
function parseValue(value: string, wildcards: boolean): ValuePart[] {
  const parts: ValuePart[] = [];
  let i = 0;
  while (i < value.length) {
    const open = value.indexOf('${', i);
    if (open < 0) {
      parts.push({ kind: 'text', tokens: tokenizeLiteral(value.slice(i), wildcards) });
      break;
    }
    if (open > i) parts.push({ kind: 'text', tokens: tokenizeLiteral(value.slice(i, open), wildcards) });
    const close = findVariableEnd(value, open + 2);
    if (close < 0) {
      parts.push({ kind: 'text', tokens: tokenizeLiteral(value.slice(open), wildcards) });
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

/** A policy value that is not a string: a number or boolean is its text; anything else is not resolved. */
function constantValue(value: unknown): Resolved {
  if (value instanceof Unresolved) return { kind: 'unknown', why: `the template value ${value.what} is not resolved` };
  if (typeof value === 'number' || typeof value === 'boolean') return { kind: 'tokens', tokens: tokenizeLiteral(String(value), false) };
  return { kind: 'unknown', why: `the template value ${JSON.stringify(value)} is not resolved` };
}

/** Parsed policy values, by text: the same policies are read for every request. */
const VALUE_CACHE = new Map<string, ValuePart[]>();

function parsedValue(value: string, wildcards: boolean): ValuePart[] {
  const key = wildcards ? `*${value}` : `=${value}`;
  let parts = VALUE_CACHE.get(key);
  if (!parts) {
    if (VALUE_CACHE.size > 10_000) VALUE_CACHE.clear();
    parts = parseValue(value, wildcards);
    VALUE_CACHE.set(key, parts);
  }
  return parts;
}

/**
 * Substitute the policy variables of one policy value ("Variables and tags"): `${key}`,
 * `${key, 'default'}` (two single quotes stand for one), and the escapes `${*}`, `${?}`, `${$}`.
 * Variable names are case-insensitive; substituted values are literal text. A key the context
 * lacks takes the default; without a default it has no value (the value then matches nothing)
 * when the key is surely absent, and is unknown otherwise. A multivalued key is not a variable.
 */
function resolveParts(parts: ValuePart[], ctx: RequestContext): Resolved {
  // A value without variables: its tokens as parsed (never modified).
  if (parts.length === 1 && parts[0].kind === 'text') return { kind: 'tokens', tokens: parts[0].tokens };
  const tokens: Token[] = [];
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
      tokens.push(...tokenizeLiteral(found.values[0], false));
    } else if (part.fallback !== undefined) {
      tokens.push(...tokenizeLiteral(part.fallback, false));
    } else if (ctx.isComplete(key)) {
      return { kind: 'none', why: `the policy variable \${${key}} has no value for this session` };
    } else {
      return { kind: 'unknown', why: `the policy variable \${${key}} needs ${key}, which is not in the context; pass it in \`context\`` };
    }
  }
  return { kind: 'tokens', tokens };
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

/**
 * A regular expression for a token pattern, anchored.
 * - 'plain': `*` any run of characters, `?` any one (actions, StringLike).
 * - 'resource': the Resource element: wildcards stay within an ARN segment, except a `*` that ends
 *   a segment (followed by `:` or the end), which may match across colons.
 * - 'arn': ArnLike/ArnEquals: each of the first five colon-separated components is matched on
 *   its own; the sixth (the resource part) takes the rest, colons included.
 */
function wildcardRegex(tokens: Token[], mode: PatternMode, flags = ''): RegExp {
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

type PatternMode = 'plain' | 'resource' | 'arn';

/** Whether the wildcard at `index` may match colons (see `wildcardRegex`); `colons`: those before it. */
function wildcardSpans(tokens: Token[], index: number, mode: PatternMode, colons: number): boolean {
  if (mode === 'plain') return true;
  if (mode === 'arn') return colons >= 5;
  const next = tokens[index + 1];
  return next === undefined || ('lit' in next && next.lit[0] === ':');
}

function countColons(text: string): number {
  let n = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) n += 1;
  return n;
}

/**
 * Whether the text matches a token pattern (case-sensitive), as `wildcardRegex(tokens, mode)`
 * would answer, without compiling one for the common shapes: a literal, or a literal and one
 * final wildcard. The literal start and end of any pattern must match as they are.
 */
function matchTokens(tokens: Token[], mode: PatternMode, text: string): boolean {
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
  return cachedRegex(key, () => wildcardRegex(tokens, mode)).test(text);
}

/**
 * Compiled patterns by kind and text: the same policies are asked about again and again (the
 * guest scope-down alone has forty actions), and a pattern without variables always compiles
 * to the same expression.
 */
const REGEX_CACHE = new Map<string, RegExp>();

function cachedRegex(key: string, build: () => RegExp): RegExp {
  let re = REGEX_CACHE.get(key);
  if (!re) {
    if (REGEX_CACHE.size > 10_000) REGEX_CACHE.clear();
    re = build();
    REGEX_CACHE.set(key, re);
  }
  return re;
}

function literalOf(tokens: Token[]): string {
  return tokens.map((t) => ('lit' in t ? t.lit : t.wild)).join('');
}

// ---------------------------------------------------------------------------------------------
// Condition operators

type Family = 'string' | 'stringIgnoreCase' | 'stringLike' | 'arn' | 'numeric' | 'date' | 'bool' | 'ip';

interface BaseOperator {
  readonly family: Family;
  /** Negated operators (StringNotEquals, NotIpAddress, ...): true when the value matches none. */
  readonly negated: boolean;
  /** Numeric and date comparisons. */
  readonly compare?: 'eq' | 'lt' | 'le' | 'gt' | 'ge';
}

const OPERATORS: Record<string, BaseOperator> = {
  stringequals: { family: 'string', negated: false },
  stringnotequals: { family: 'string', negated: true },
  stringequalsignorecase: { family: 'stringIgnoreCase', negated: false },
  stringnotequalsignorecase: { family: 'stringIgnoreCase', negated: true },
  stringlike: { family: 'stringLike', negated: false },
  stringnotlike: { family: 'stringLike', negated: true },
  arnequals: { family: 'arn', negated: false },
  arnlike: { family: 'arn', negated: false },
  arnnotequals: { family: 'arn', negated: true },
  arnnotlike: { family: 'arn', negated: true },
  numericequals: { family: 'numeric', negated: false, compare: 'eq' },
  numericnotequals: { family: 'numeric', negated: true, compare: 'eq' },
  numericlessthan: { family: 'numeric', negated: false, compare: 'lt' },
  numericlessthanequals: { family: 'numeric', negated: false, compare: 'le' },
  numericgreaterthan: { family: 'numeric', negated: false, compare: 'gt' },
  numericgreaterthanequals: { family: 'numeric', negated: false, compare: 'ge' },
  dateequals: { family: 'date', negated: false, compare: 'eq' },
  datenotequals: { family: 'date', negated: true, compare: 'eq' },
  datelessthan: { family: 'date', negated: false, compare: 'lt' },
  datelessthanequals: { family: 'date', negated: false, compare: 'le' },
  dategreaterthan: { family: 'date', negated: false, compare: 'gt' },
  dategreaterthanequals: { family: 'date', negated: false, compare: 'ge' },
  bool: { family: 'bool', negated: false },
  ipaddress: { family: 'ip', negated: false },
  notipaddress: { family: 'ip', negated: true },
};

/** One condition operator as written: `ForAnyValue:StringLikeIfExists` and the like. */
interface ParsedOperator {
  readonly name: string;
  readonly set?: 'any' | 'all';
  readonly ifExists: boolean;
  /** undefined for Null; the base operator otherwise. */
  readonly base?: BaseOperator;
  readonly isNull: boolean;
}

const OPERATOR_CACHE = new Map<string, ParsedOperator | undefined>();

function parseOperator(name: string): ParsedOperator | undefined {
  if (OPERATOR_CACHE.has(name)) return OPERATOR_CACHE.get(name);
  if (OPERATOR_CACHE.size > 1_000) OPERATOR_CACHE.clear();
  const op = parseOperatorName(name);
  OPERATOR_CACHE.set(name, op);
  return op;
}

function parseOperatorName(name: string): ParsedOperator | undefined {
  let rest = name;
  let set: 'any' | 'all' | undefined;
  const prefix = /^(ForAnyValue|ForAllValues):/i.exec(rest);
  if (prefix) {
    set = prefix[1].toLowerCase() === 'foranyvalue' ? 'any' : 'all';
    rest = rest.slice(prefix[0].length);
  }
  if (!set && rest.toLowerCase() === 'null') {
    return { name, ifExists: false, isNull: true };
  }
  let ifExists = false;
  if (/IfExists$/i.test(rest)) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const base = OPERATORS[rest.toLowerCase()];
  return base ? { name, set, ifExists, base, isNull: false } : undefined;
}

/** Whether one value of the request matches one value of the policy, for a non-negated operator. */
function matchOne(op: BaseOperator, actual: string, expected: Resolved): Outcome {
  if (expected.kind === 'none') return NO;
  if (expected.kind === 'unknown') return unknown(expected.why);
  const tokens = expected.tokens;
  switch (op.family) {
    case 'string':
      return fromBool(actual === literalOf(tokens));
    case 'stringIgnoreCase':
      return fromBool(actual.toLowerCase() === literalOf(tokens).toLowerCase());
    case 'stringLike':
      return fromBool(matchTokens(tokens, 'plain', actual));
    case 'arn':
      return fromBool(countColons(actual) >= 5 && matchTokens(tokens, 'arn', actual));
    case 'bool':
      return fromBool(actual.toLowerCase() === literalOf(tokens).toLowerCase());
    case 'numeric':
      return fromBool(compareWith(op.compare!, parseNumber(actual), parseNumber(literalOf(tokens))));
    case 'date':
      return fromBool(compareWith(op.compare!, parseDate(actual), parseDate(literalOf(tokens))));
    case 'ip':
      return fromBool(ipInCidr(actual, literalOf(tokens)));
  }
}

function compareWith(how: 'eq' | 'lt' | 'le' | 'gt' | 'ge', a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  switch (how) {
    case 'eq': return a === b;
    case 'lt': return a < b;
    case 'le': return a <= b;
    case 'gt': return a > b;
    case 'ge': return a >= b;
  }
}

function parseNumber(text: string): number {
  return /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text) ? Number(text) : NaN;
}

/** Dates as IAM accepts them: ISO 8601, or epoch seconds. */
function parseDate(text: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  return /^\d{4}-\d{2}-\d{2}/.test(t) ? Date.parse(t) : NaN;
}

/** Whether an IP address (v4 or v6) lies in a CIDR range (or equals an address without a prefix). */
function ipInCidr(address: string, cidr: string): boolean {
  const [range, prefixText] = cidr.trim().split('/');
  const a = parseIp(address.trim());
  const r = parseIp(range);
  if (!a || !r || a.bits !== r.bits) return false;
  const prefix = prefixText === undefined ? r.bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > r.bits) return false;
  const block = 2n ** BigInt(r.bits - prefix);
  return a.value / block === r.value / block;
}

function parseIp(text: string): { value: bigint; bits: number } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split('.').map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { value: parts.reduce((acc, p) => acc * 256n + BigInt(p), 0n), bits: 32 };
  }
  if (!text.includes(':')) return undefined;
  let groups: string[];
  // An IPv4 tail (::ffff:1.2.3.4) becomes two groups.
  const v4tail = /(\d{1,3}(\.\d{1,3}){3})$/.exec(text);
  let head = text;
  const tail: string[] = [];
  if (v4tail) {
    const v4 = parseIp(v4tail[1]);
    if (!v4) return undefined;
    head = text.slice(0, -v4tail[1].length) + '0:0';
    tail.push((v4.value / 65536n).toString(16), (v4.value % 65536n).toString(16));
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const left = halves[0] ? halves[0].split(':') : [];
  const right = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  if (halves.length === 2) {
    const fill = 8 - left.length - right.length;
    if (fill < 0) return undefined;
    groups = [...left, ...Array(fill).fill('0'), ...right];
  } else {
    groups = left;
  }
  if (groups.length !== 8) return undefined;
  if (tail.length) groups.splice(6, 2, ...tail);
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return { value: groups.reduce((acc, g) => acc * 65536n + BigInt(parseInt(g, 16)), 0n), bits: 128 };
}

/** Whether the family takes policy variables in its values. */
function takesVariables(family: Family): boolean {
  return family !== 'ip';
}

/**
 * One key under one operator: `"StringLike": { "s3:prefix": ["home/*"] }`.
 * Several values are ORed; for negated operators the key must match none of them (IAM: the
 * values of a negated operator are NORed). Absent keys follow IAM ("Condition operators": an
 * absent key makes the condition false, or true for negated operators; `...IfExists` is true
 * when the key is absent; `ForAllValues` is true and `ForAnyValue` false for an absent key or an
 * empty set) when the key is surely absent; otherwise the answer is unknown.
 */
function evaluateConditionKey(condition: CompiledConditionKey, ctx: RequestContext): Outcome {
  const { opName, key, op } = condition;
  if (!op) {
    return unknown(`the condition operator ${opName} is not modeled by the simulator`);
  }
  if (condition.unresolved) {
    return unknown(`the values of ${opName} on ${key} are not resolved (${condition.unresolved.what})`);
  }
  const values = condition.values;
  const found = ctx.get(key);
  const present = found !== undefined && (found.values.length > 0 || op.set !== undefined);

  if (op.isNull) {
    if (!present && !found && !ctx.mayReadAsAbsent(key)) {
      return unknown(missingKey(key));
    }
    return or(values.map((v) => {
      if (v instanceof Unresolved) return unknown(`the value of Null on ${key} is not resolved (${v.what})`);
      const wantsAbsent = String(v).toLowerCase() === 'true';
      return fromBool(wantsAbsent === !present);
    }));
  }

  const base = op.base!;
  if (!present) {
    const surelyAbsent = found !== undefined || ctx.isComplete(key);
    if (op.ifExists) {
      return surelyAbsent || ctx.mayReadAsAbsent(key) ? YES : unknown(missingKey(key));
    }
    if (!surelyAbsent) return unknown(missingKey(key));
    if (op.set === 'all') return YES;
    if (op.set === 'any') return NO;
    return fromBool(base.negated);
  }

  const expected: Resolved[] = condition.expected.map((e) => ('parts' in e ? resolveParts(e.parts, ctx) : e.resolved));
  const one = (actual: string): Outcome => {
    const matched = or(expected.map((e) => matchOne(base, actual, e)));
    return base.negated ? not(matched) : matched;
  };

  if (op.set === 'any') return or(found!.values.map(one));
  if (op.set === 'all') return and(found!.values.map(one));
  if (found!.values.length > 1) {
    return unknown(`the condition key ${key} has several values and ${opName} compares one; IAM's answer depends on the key's type (use ForAnyValue:/ForAllValues:)`);
  }
  return one(found!.values[0]);
}

/** One key under one operator, read once. */
interface CompiledConditionKey {
  readonly opName: string;
  readonly key: string;
  /** undefined: an operator the simulator does not model. */
  readonly op?: ParsedOperator;
  /** The key's values, when the whole list is an unresolved template value. */
  readonly unresolved?: Unresolved;
  readonly values: unknown[];
  /** Each value as the operator reads it: fixed, or with policy variables to substitute per request. */
  readonly expected: Array<{ readonly resolved: Resolved } | { readonly parts: ValuePart[] }>;
}

/** A Condition element, read once: a fixed outcome, or its keys (every one must hold). */
type CompiledCondition = Outcome | Array<Outcome | CompiledConditionKey>;

function compileConditionKey(opName: string, key: string, rawValues: unknown): CompiledConditionKey {
  const op = parseOperator(opName);
  if (!op || rawValues instanceof Unresolved) {
    return { opName, key, op, unresolved: rawValues instanceof Unresolved ? rawValues : undefined, values: [], expected: [] };
  }
  const values: unknown[] = Array.isArray(rawValues) ? rawValues : [rawValues];
  if (op.isNull) return { opName, key, op, values, expected: [] };
  const family = op.base!.family;
  const wildcards = family === 'stringLike' || family === 'arn';
  const expected = values.map((v) => {
    if (!(takesVariables(family) || v instanceof Unresolved)) {
      return { resolved: { kind: 'tokens', tokens: tokenizeLiteral(String(v), false) } as Resolved };
    }
    return typeof v === 'string' ? { parts: parsedValue(v, wildcards) } : { resolved: constantValue(v) };
  });
  return { opName, key, op, values, expected };
}

function compileCondition(condition: unknown): CompiledCondition {
  if (condition === undefined || condition === null) return YES;
  if (condition instanceof Unresolved) return unknown(`its Condition is not known: ${condition.what}`);
  if (typeof condition !== 'object') return unknown(`the Condition ${JSON.stringify(condition)} is malformed`);
  const keys: Array<Outcome | CompiledConditionKey> = [];
  for (const [opName, block] of Object.entries(condition as Record<string, unknown>)) {
    if (block instanceof Unresolved || typeof block !== 'object' || block === null) {
      keys.push(unknown(`the ${opName} block is not resolved`));
      continue;
    }
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      keys.push(compileConditionKey(opName, key, values));
    }
  }
  return keys;
}

/** A Condition block: every operator and every key must hold. */
function evaluateCondition(condition: CompiledCondition, ctx: RequestContext): Outcome {
  if (!Array.isArray(condition)) return condition;
  const outcomes: Outcome[] = [];
  for (const key of condition) {
    const outcome = 'value' in key ? key : evaluateConditionKey(key, ctx);
    // One key that surely fails fails the block (the others cannot change that).
    if (outcome.value === 'no') return NO;
    outcomes.push(outcome);
  }
  return and(outcomes);
}

// ---------------------------------------------------------------------------------------------
// Statements

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Action or NotAction, read once: case-insensitive, `*` and `?` wildcards. Patterns without
 * wildcards (ASCII, as actions are) are looked up lower-cased.
 */
class ActionPatterns {
  private readonly exact = new Set<string>();
  private readonly wildcards: RegExp[] = [];
  private readonly all: RegExp[] = [];
  /** What the patterns that are not strings leave open. */
  private readonly unresolved: Outcome;

  constructor(patterns: unknown[]) {
    const unresolved: Outcome[] = [];
    for (const p of patterns) {
      if (typeof p !== 'string') {
        unresolved.push(unknown(`the action ${describe(p)} is not resolved`));
        continue;
      }
      const re = cachedRegex(`action\u0000${p}`, () => wildcardRegex(tokenizeLiteral(p, true), 'plain', 'i'));
      this.all.push(re);
      if (/^[\x20-\x7e]*$/.test(p) && !/[*?]/.test(p)) this.exact.add(p.toLowerCase());
      else this.wildcards.push(re);
    }
    this.unresolved = or(unresolved);
  }

  matches(action: string, asciiAction: string | undefined): Outcome {
    if (asciiAction !== undefined) {
      if (this.exact.has(asciiAction)) return YES;
      for (const re of this.wildcards) if (re.test(action)) return YES;
    } else {
      for (const re of this.all) if (re.test(action)) return YES;
    }
    return this.unresolved;
  }
}

/** One pattern of Resource or NotResource, read once. */
type ResourcePattern =
  | { readonly tokens: Token[] }
  | { readonly parts: ValuePart[] }
  | { readonly resolved: Resolved };

function compileResources(patterns: unknown[]): ResourcePattern[] {
  return patterns.map((p) => {
    if (typeof p !== 'string') return { resolved: constantValue(p) };
    return p.includes('${') ? { parts: parsedValue(p, true) } : { tokens: tokenizeLiteral(p, true) };
  });
}

/** Resource or NotResource: case-sensitive, wildcards within ARN segments, policy variables. */
function resourceMatches(patterns: ResourcePattern[], resource: string, ctx: RequestContext): Outcome {
  const outcomes: Outcome[] = [];
  for (const p of patterns) {
    let outcome: Outcome;
    if ('tokens' in p) {
      outcome = fromBool(matchTokens(p.tokens, 'resource', resource));
    } else {
      const resolved = 'parts' in p ? resolveParts(p.parts, ctx) : p.resolved;
      if (resolved.kind === 'none') outcome = NO;
      else if (resolved.kind === 'unknown') outcome = unknown(resolved.why);
      else outcome = fromBool(matchTokens(resolved.tokens, 'resource', resource));
    }
    if (outcome.value === 'yes') return YES;
    outcomes.push(outcome);
  }
  return or(outcomes);
}

function describe(value: unknown): string {
  return value instanceof Unresolved ? value.what : JSON.stringify(value);
}

interface StatementVerdict {
  readonly effect: 'Allow' | 'Deny' | 'unknown';
  readonly applies: Outcome;
  /** How reasons name the statement (built only when a reason needs it). */
  readonly name: string;
}

function statementName(statement: any, index: number, label: string): string {
  const sid = statement && typeof statement.Sid === 'string' && statement.Sid ? ` "${statement.Sid}"` : '';
  return sid ? `statement${sid} (index ${index}) of ${label}` : `statement ${index} of ${label}`;
}

/** A verdict whose name is built when first read. */
class LazyVerdict implements StatementVerdict {
  private text?: string;

  constructor(
    public readonly effect: StatementVerdict['effect'],
    public readonly applies: Outcome,
    private readonly statement: unknown,
    private readonly index: number,
    private readonly label: string,
  ) {}

  get name(): string {
    this.text ??= statementName(this.statement, this.index, this.label);
    return this.text;
  }
}

/** A statement, read once: what evaluating it against a request needs. */
interface CompiledStatement {
  readonly effect: 'Allow' | 'Deny' | 'unknown';
  /** Its Effect, when not resolved. */
  readonly effectUnknown?: Outcome;
  readonly actions: ActionPatterns;
  readonly notAction: boolean;
  /** undefined: neither Resource nor NotResource (it applies to nothing). */
  readonly resources?: ResourcePattern[];
  readonly notResource: boolean;
  readonly condition: CompiledCondition;
}

/**
 * Statements read once, by object: the simulator asks about the same policy documents (a
 * role's, the guest scope-down) for every request. Documents are not changed once evaluated.
 */
const COMPILED = new WeakMap<object, CompiledStatement>();

function compileStatement(statement: any): CompiledStatement {
  let compiled = COMPILED.get(statement);
  if (!compiled) {
    const effect = statement.Effect === 'Allow' || statement.Effect === 'Deny' ? statement.Effect : 'unknown';
    const notAction = 'NotAction' in statement;
    const notResource = 'NotResource' in statement;
    compiled = {
      effect,
      effectUnknown: effect === 'unknown' ? unknown(`its Effect ${describe(statement.Effect)} is not resolved`) : undefined,
      actions: new ActionPatterns(asList(notAction ? statement.NotAction : statement.Action)),
      notAction,
      resources: notResource ? compileResources(asList(statement.NotResource))
        : 'Resource' in statement ? compileResources(asList(statement.Resource)) : undefined,
      notResource,
      condition: compileCondition(statement.Condition),
    };
    COMPILED.set(statement, compiled);
  }
  return compiled;
}

/** The statement's verdict on the request, or undefined when it surely does not apply. */
function evaluateStatement(
  statement: any, index: number, source: PolicySource, input: EvaluationInput, ctx: RequestContext, asciiAction: string | undefined,
): StatementVerdict | undefined {
  if (statement instanceof Unresolved || typeof statement !== 'object' || statement === null) {
    const name = statementName(statement, index, source.label);
    return { effect: 'unknown', applies: unknown(`${name} is not resolved (${describe(statement)})`), name };
  }
  const c = compileStatement(statement);
  const matched = c.actions.matches(input.action, asciiAction);
  const action = c.notAction ? not(matched) : matched;
  if (action.value === 'no') return undefined;

  let resource: Outcome;
  if (c.resources === undefined) {
    resource = NO;
  } else {
    const r = resourceMatches(c.resources, input.resource, ctx);
    resource = c.notResource ? not(r) : r;
  }
  if (resource.value === 'no') return undefined;

  const condition = evaluateCondition(c.condition, ctx);
  if (condition.value === 'no') return undefined;
  const parts: Outcome[] = c.effectUnknown ? [c.effectUnknown, action, resource, condition] : [action, resource, condition];
  return new LazyVerdict(c.effect, and(parts), statement, index, source.label);
}

/** What one policy says about the request. */
interface PolicyVerdict {
  readonly allows: StatementVerdict[];
  readonly maybeAllows: StatementVerdict[];
  readonly denies: StatementVerdict[];
  readonly maybeDenies: StatementVerdict[];
}

function evaluatePolicy(source: PolicySource, input: EvaluationInput, ctx: RequestContext, asciiAction: string | undefined): PolicyVerdict {
  const verdict: PolicyVerdict = { allows: [], maybeAllows: [], denies: [], maybeDenies: [] };
  const document = source.document;
  if (document instanceof Unresolved || typeof document !== 'object' || document === null || document.Statement instanceof Unresolved) {
    const what = document instanceof Unresolved ? document.what : describe(document?.Statement ?? document);
    const s: StatementVerdict = { effect: 'unknown', applies: unknown(`${source.label} is not resolved (${what})`), name: source.label };
    verdict.maybeAllows.push(s);
    verdict.maybeDenies.push(s);
    return verdict;
  }
  asList(document.Statement).forEach((statement, index) => {
    const s = evaluateStatement(statement, index, source, input, ctx, asciiAction);
    if (!s || s.applies.value === 'no') return;
    const certain = s.applies.value === 'yes';
    if (s.effect === 'Deny' || s.effect === 'unknown') (certain && s.effect === 'Deny' ? verdict.denies : verdict.maybeDenies).push(s);
    if (s.effect === 'Allow' || s.effect === 'unknown') (certain && s.effect === 'Allow' ? verdict.allows : verdict.maybeAllows).push(s);
  });
  return verdict;
}

// ---------------------------------------------------------------------------------------------
// The decision

/** Whether one kind of policy (identity, boundary, one session policy) allows the request. */
interface AllowStatus {
  readonly value: Tri;
  /** The deciding allow statements (yes), or the missing pieces (unknown). */
  readonly because: string[];
}

function allowStatus(verdicts: PolicyVerdict[], unseen: string[]): AllowStatus {
  const allow = verdicts.find((v) => v.allows.length > 0)?.allows[0];
  if (allow && unseen.length === 0) {
    // A reason names the first allowing statement.
    return { value: 'yes', because: [allow.name] };
  }
  const maybe = verdicts.flatMap((v) => v.maybeAllows);
  if (allow || maybe.length > 0 || unseen.length > 0) {
    return {
      value: 'unknown',
      because: [
        ...maybe.map((s) => `${s.name} could allow: ${s.applies.missing.join('; ')}`),
        ...unseen,
      ],
    };
  }
  return { value: 'no', because: [] };
}

/**
 * Decide one request per IAM's policy evaluation logic, three-valued.
 *
 * 1. A Deny statement that surely applies, in any of the policies → DENIED.
 * 2. A kind of policy that surely allows nothing here (the identity policies with no unseen
 *    policy left, the boundary, a session policy) → DENIED (IAM's implicit deny): unseen
 *    policies and undetermined Deny statements cannot turn that into an allow.
 * 3. Every kind surely allows and no Deny could apply → ALLOWED.
 * 4. Otherwise UNDETERMINED, naming each missing piece: the keys or operators an Allow or a
 *    Deny depends on, and the policies the template does not hold (an unseen policy may allow,
 *    and may deny: even next to a sure allow, the answer is undetermined).
 */
export function evaluatePolicies(input: EvaluationInput): AccessDecision {
  const ctx = new RequestContext(input.context, input.completeKeys ?? []);
  const request = `${input.action} on ${input.resource}`;
  // Actions are ASCII (`service:Action`); such an action is compared lower-cased.
  const asciiAction = /^[\x20-\x7e]*$/.test(input.action) ? input.action.toLowerCase() : undefined;
  const identity = input.identityPolicies.map((p) => evaluatePolicy(p, input, ctx, asciiAction));
  const boundary = input.permissionsBoundary ? evaluatePolicy(input.permissionsBoundary, input, ctx, asciiAction) : undefined;
  const sessions = (input.sessionPolicies ?? []).map((p) => ({ source: p, verdict: evaluatePolicy(p, input, ctx, asciiAction) }));
  const all = [...identity, ...(boundary ? [boundary] : []), ...sessions.map((s) => s.verdict)];

  // 1. Explicit deny.
  const deny = all.find((v) => v.denies.length > 0)?.denies[0];
  if (deny) {
    return { decision: Decision.DENIED, reason: `explicitly denied by ${deny.name}: an explicit Deny overrides any Allow` };
  }

  // 2. Implicit deny by any kind of policy that surely allows nothing here.
  const unseenIdentity = input.unseenPolicies.map((name) =>
    `the role's policy ${name} is not in the template (it could allow or deny); the simulator cannot read it`);
  const identityStatus = allowStatus(identity, unseenIdentity);
  const boundaryStatus = boundary
    ? allowStatus([boundary], [])
    : input.unseenPermissionsBoundary
      ? allowStatus([], [`the permissions boundary ${input.unseenPermissionsBoundary} is not in the template; the simulator cannot read it`])
      : undefined;
  const sessionStatuses = sessions.map((s) => ({ source: s.source, status: allowStatus([s.verdict], []) }));

  const denials: string[] = [];
  for (const { source, status } of sessionStatuses) {
    if (status.value === 'no') {
      denials.push(source.outsideNote
        ? `${source.outsideNote}; ${input.action} is outside it`
        : `no statement of ${source.label} allows ${request}, and a session policy must allow too`);
    }
  }
  if (boundaryStatus?.value === 'no') {
    denials.push(`no statement of the permissions boundary ${input.permissionsBoundary!.label} allows ${request}, and the boundary must allow too`);
  }
  if (identityStatus.value === 'no') {
    denials.push(`no statement of the role's policies allows ${request}; IAM's implicit deny`);
  }
  if (denials.length > 0) {
    return { decision: Decision.DENIED, reason: `denied: ${denials.join('; and ')}` };
  }

  // 3. Allowed when every kind surely allows and no Deny could apply.
  const maybeDenies = all.flatMap((v) => v.maybeDenies);
  const statuses = [identityStatus, ...(boundaryStatus ? [boundaryStatus] : []), ...sessionStatuses.map((s) => s.status)];
  if (statuses.every((s) => s.value === 'yes') && maybeDenies.length === 0) {
    const by = statuses.map((s) => s.because[0]);
    return { decision: Decision.ALLOWED, reason: `allowed by ${by.join(', and by ')}; no Deny applies` };
  }

  // 4. Undetermined: name every missing piece.
  const pieces = dedupe([
    ...maybeDenies.map((s) => `${s.name} could deny: ${s.applies.missing.join('; ')}`),
    ...statuses.filter((s) => s.value === 'unknown').flatMap((s) => s.because),
  ]);
  return { decision: Decision.UNDETERMINED, reason: `undetermined for ${request}: ${pieces.join('; ')}` };
}
