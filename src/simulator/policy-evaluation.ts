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
   * Keys are case-insensitive, as IAM treats them.
   */
  readonly context: Record<string, string | string[]>;
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
  const missing: string[] = [];
  let sawUnknown = false;
  for (const o of outcomes) {
    if (o.value === 'no') return NO;
    if (o.value === 'unknown') {
      sawUnknown = true;
      missing.push(...o.missing);
    }
  }
  return sawUnknown ? { value: 'unknown', missing: dedupe(missing) } : YES;
}

/** Disjunction: any yes → yes; else any unknown → unknown; else no. */
function or(outcomes: Iterable<Outcome>): Outcome {
  const missing: string[] = [];
  let sawUnknown = false;
  for (const o of outcomes) {
    if (o.value === 'yes') return YES;
    if (o.value === 'unknown') {
      sawUnknown = true;
      missing.push(...o.missing);
    }
  }
  return sawUnknown ? { value: 'unknown', missing: dedupe(missing) } : NO;
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

class RequestContext {
  private readonly values = new Map<string, string | string[]>();
  private readonly complete: RegExp[];

  constructor(context: Record<string, string | string[]>, completeKeys: string[]) {
    for (const [key, value] of Object.entries(context)) {
      this.values.set(key.toLowerCase(), value);
    }
    this.complete = completeKeys.map((pattern) =>
      cachedRegex(`key\u0000${pattern}`, () => wildcardRegex(tokenizeLiteral(pattern.toLowerCase(), true), 'plain')));
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

/** A pattern token: literal text, or a wildcard. */
type Token = { readonly lit: string } | { readonly wild: '*' | '?' };

/** A policy value after its variables are substituted. */
type Resolved =
  | { readonly kind: 'tokens'; readonly tokens: Token[] }
  /** A variable with no value and no default: per IAM, the value matches nothing. */
  | { readonly kind: 'none'; readonly why: string }
  | { readonly kind: 'unknown'; readonly why: string };

function tokenizeLiteral(text: string, wildcards: boolean): Token[] {
  const tokens: Token[] = [];
  for (const ch of text) {
    if (wildcards && (ch === '*' || ch === '?')) {
      tokens.push({ wild: ch });
    } else {
      tokens.push({ lit: ch });
    }
  }
  return tokens;
}

/**
 * Substitute the policy variables of one policy value ("Variables and tags"): `${key}`,
 * `${key, 'default'}` (two single quotes stand for one), and the escapes `${*}`, `${?}`, `${$}`.
 * Variable names are case-insensitive; substituted values are literal text. A key the context
 * lacks takes the default; without a default it has no value (the value then matches nothing)
 * when the key is surely absent, and is unknown otherwise. A multivalued key is not a variable.
 */
function resolveValue(value: unknown, ctx: RequestContext, wildcards: boolean): Resolved {
  if (value instanceof Unresolved) return { kind: 'unknown', why: `the template value ${value.what} is not resolved` };
  if (typeof value === 'number' || typeof value === 'boolean') return { kind: 'tokens', tokens: tokenizeLiteral(String(value), false) };
  if (typeof value !== 'string') return { kind: 'unknown', why: `the template value ${JSON.stringify(value)} is not resolved` };
  const tokens: Token[] = [];
  let i = 0;
  while (i < value.length) {
    if (value.startsWith('${', i)) {
      const close = findVariableEnd(value, i + 2);
      if (close < 0) {
        tokens.push(...tokenizeLiteral(value.slice(i), wildcards));
        break;
      }
      const body = value.slice(i + 2, close).trim();
      i = close + 1;
      if (body === '*' || body === '?' || body === '$') {
        tokens.push({ lit: body });
        continue;
      }
      const parsed = /^([^,]+?)\s*(?:,\s*'((?:[^']|'')*)')?$/.exec(body);
      if (!parsed) {
        return { kind: 'none', why: `the policy variable \${${body}} is malformed` };
      }
      const key = parsed[1].trim();
      const fallback = parsed[2]?.replace(/''/g, '\'');
      const found = ctx.get(key);
      if (found && found.multi && found.values.length !== 1) {
        // IAM takes no multivalued key as a variable; whether it then falls back to the default
        // is not documented, so the answer is not guessed.
        return { kind: 'unknown', why: `the policy variable \${${key}} names a multivalued key, which IAM does not substitute` };
      }
      if (found) {
        tokens.push(...tokenizeLiteral(found.values[0], false));
      } else if (fallback !== undefined) {
        tokens.push(...tokenizeLiteral(fallback, false));
      } else if (ctx.isComplete(key)) {
        return { kind: 'none', why: `the policy variable \${${key}} has no value for this session` };
      } else {
        return { kind: 'unknown', why: `the policy variable \${${key}} needs ${key}, which is not in the context; pass it in \`context\`` };
      }
    } else {
      const ch = value[i];
      tokens.push(wildcards && (ch === '*' || ch === '?') ? { wild: ch } : { lit: ch });
      i += 1;
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
function wildcardRegex(tokens: Token[], mode: 'plain' | 'resource' | 'arn', flags = ''): RegExp {
  let source = '';
  let colons = 0;
  tokens.forEach((token, index) => {
    if ('lit' in token) {
      if (token.lit === ':') colons += 1;
      source += token.lit.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      return;
    }
    let spans: boolean;
    if (mode === 'plain') {
      spans = true;
    } else if (mode === 'arn') {
      spans = colons >= 5;
    } else {
      const next = tokens[index + 1];
      spans = next === undefined || ('lit' in next && next.lit === ':');
    }
    if (token.wild === '*') source += spans ? '.*' : '[^:]*';
    else source += spans ? '.' : '[^:]';
  });
  return new RegExp(`^${source}$`, `s${flags}`);
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

function parseOperator(name: string): ParsedOperator | undefined {
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
      return fromBool(wildcardRegex(tokens, 'plain').test(actual));
    case 'arn':
      return fromBool(actual.split(':').length >= 6 && wildcardRegex(tokens, 'arn').test(actual));
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
function evaluateConditionKey(opName: string, key: string, rawValues: unknown, ctx: RequestContext): Outcome {
  const op = parseOperator(opName);
  if (!op) {
    return unknown(`the condition operator ${opName} is not modeled by the simulator`);
  }
  if (rawValues instanceof Unresolved) {
    return unknown(`the values of ${opName} on ${key} are not resolved (${rawValues.what})`);
  }
  const values: unknown[] = Array.isArray(rawValues) ? rawValues : [rawValues];
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

  const wildcards = base.family === 'stringLike' || base.family === 'arn';
  const expected: Resolved[] = values.map((v) => (takesVariables(base.family) || v instanceof Unresolved
    ? resolveValue(v, ctx, wildcards)
    : { kind: 'tokens', tokens: tokenizeLiteral(String(v), false) }));
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

/** A Condition block: every operator and every key must hold. */
function evaluateCondition(condition: unknown, ctx: RequestContext): Outcome {
  if (condition === undefined || condition === null) return YES;
  if (condition instanceof Unresolved) return unknown(`its Condition is not known: ${condition.what}`);
  if (typeof condition !== 'object') return unknown(`the Condition ${JSON.stringify(condition)} is malformed`);
  const outcomes: Outcome[] = [];
  for (const [opName, block] of Object.entries(condition as Record<string, unknown>)) {
    if (block instanceof Unresolved || typeof block !== 'object' || block === null) {
      outcomes.push(unknown(`the ${opName} block is not resolved`));
      continue;
    }
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      outcomes.push(evaluateConditionKey(opName, key, values, ctx));
    }
  }
  return and(outcomes);
}

// ---------------------------------------------------------------------------------------------
// Statements

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Action or NotAction: case-insensitive, `*` and `?` wildcards. */
function actionMatches(patterns: unknown[], action: string): Outcome {
  const unresolved: Outcome[] = [];
  for (const p of patterns) {
    if (typeof p !== 'string') {
      unresolved.push(unknown(`the action ${describe(p)} is not resolved`));
    } else if (cachedRegex(`action\u0000${p}`, () => wildcardRegex(tokenizeLiteral(p, true), 'plain', 'i')).test(action)) {
      return YES;
    }
  }
  return or(unresolved);
}

/** Resource or NotResource: case-sensitive, wildcards within ARN segments, policy variables. */
function resourceMatches(patterns: unknown[], resource: string, ctx: RequestContext): Outcome {
  return or(patterns.map((p) => {
    if (typeof p === 'string' && !p.includes('${')) {
      return fromBool(cachedRegex(`resource\u0000${p}`, () => wildcardRegex(tokenizeLiteral(p, true), 'resource')).test(resource));
    }
    const resolved = resolveValue(p, ctx, true);
    if (resolved.kind === 'none') return NO;
    if (resolved.kind === 'unknown') return unknown(resolved.why);
    return fromBool(wildcardRegex(resolved.tokens, 'resource').test(resource));
  }));
}

function describe(value: unknown): string {
  return value instanceof Unresolved ? value.what : JSON.stringify(value);
}

interface StatementVerdict {
  readonly effect: 'Allow' | 'Deny' | 'unknown';
  readonly applies: Outcome;
  readonly name: string;
}

function statementName(statement: any, index: number, label: string): string {
  const sid = statement && typeof statement.Sid === 'string' && statement.Sid ? ` "${statement.Sid}"` : '';
  return sid ? `statement${sid} (index ${index}) of ${label}` : `statement ${index} of ${label}`;
}

function evaluateStatement(statement: any, index: number, source: PolicySource, input: EvaluationInput, ctx: RequestContext): StatementVerdict {
  const name = statementName(statement, index, source.label);
  if (statement instanceof Unresolved || typeof statement !== 'object' || statement === null) {
    return { effect: 'unknown', applies: unknown(`${name} is not resolved (${describe(statement)})`), name };
  }
  const effect = statement.Effect === 'Allow' || statement.Effect === 'Deny' ? statement.Effect : 'unknown';
  const parts: Outcome[] = [];
  if (effect === 'unknown') parts.push(unknown(`its Effect ${describe(statement.Effect)} is not resolved`));

  const action = 'NotAction' in statement
    ? not(actionMatches(asList(statement.NotAction), input.action))
    : actionMatches(asList(statement.Action), input.action);
  if (action.value === 'no') return { effect, applies: NO, name };
  parts.push(action);

  const resource = 'NotResource' in statement
    ? not(resourceMatches(asList(statement.NotResource), input.resource, ctx))
    : 'Resource' in statement ? resourceMatches(asList(statement.Resource), input.resource, ctx) : NO;
  if (resource.value === 'no') return { effect, applies: NO, name };
  parts.push(resource);

  parts.push(evaluateCondition(statement.Condition, ctx));
  return { effect, applies: and(parts), name };
}

/** What one policy says about the request. */
interface PolicyVerdict {
  readonly allows: StatementVerdict[];
  readonly maybeAllows: StatementVerdict[];
  readonly denies: StatementVerdict[];
  readonly maybeDenies: StatementVerdict[];
}

function evaluatePolicy(source: PolicySource, input: EvaluationInput, ctx: RequestContext): PolicyVerdict {
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
    const s = evaluateStatement(statement, index, source, input, ctx);
    if (s.applies.value === 'no') return;
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
  const allows = verdicts.flatMap((v) => v.allows);
  if (allows.length > 0 && unseen.length === 0) {
    return { value: 'yes', because: allows.map((s) => s.name) };
  }
  const maybe = verdicts.flatMap((v) => v.maybeAllows);
  if (allows.length > 0 || maybe.length > 0 || unseen.length > 0) {
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
  const identity = input.identityPolicies.map((p) => evaluatePolicy(p, input, ctx));
  const boundary = input.permissionsBoundary ? evaluatePolicy(input.permissionsBoundary, input, ctx) : undefined;
  const sessions = (input.sessionPolicies ?? []).map((p) => ({ source: p, verdict: evaluatePolicy(p, input, ctx) }));
  const all = [...identity, ...(boundary ? [boundary] : []), ...sessions.map((s) => s.verdict)];

  // 1. Explicit deny.
  const deny = all.flatMap((v) => v.denies)[0];
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
