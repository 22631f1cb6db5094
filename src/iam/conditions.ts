import { missingKey, RequestContext } from './context';
import { and, fromBool, NO, not, or, Outcome, unknown, YES } from './outcome';
import { Unresolved } from './unresolved';
import { constantValue, Resolved, resolveParts, ValueCache, ValuePart } from './variables';
import { countColons, literalOf, PatternMatcher, tokenizePattern } from './wildcards';

/*
 * Condition operators (IAM User Guide, "IAM JSON policy elements: Condition operators",
 * reference_policies_elements_condition_operators; set operators: "Single-valued vs. multivalued
 * context keys", reference_policies_condition-single-vs-multi-valued-context-keys). The one
 * reading of a Condition element in the library: the simulator evaluates with it, and the
 * synth-time checks ask it how a condition treats a key that is absent (`holdsWhenKeyAbsent`).
 */

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

/** An operator name read, or undefined for one the library does not model (BinaryEquals, a misspelling). */
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

/** What compiling and evaluating conditions reuse: one evaluator's pattern and value caches. */
export interface ConditionCaches {
  readonly matcher: PatternMatcher;
  readonly values: ValueCache;
}

/** Whether one value of the request matches one value of the policy, for a non-negated operator. */
function matchOne(op: BaseOperator, actual: string, expected: Resolved, matcher: PatternMatcher): Outcome {
  if (expected.kind === 'none') return NO;
  if (expected.kind === 'unknown') return unknown(expected.why);
  const tokens = expected.tokens;
  switch (op.family) {
    case 'string':
      return fromBool(actual === literalOf(tokens));
    case 'stringIgnoreCase':
      return fromBool(actual.toLowerCase() === literalOf(tokens).toLowerCase());
    case 'stringLike':
      return fromBool(matcher.matches(tokens, 'plain', actual));
    case 'arn': {
      // "Each of the six colon-delimited components of the ARN is checked separately" ("Condition
      // operators", ARN): for a value that is not an ARN the page says nothing.
      const pattern = literalOf(tokens);
      if (!isArnShaped(actual) || !isArnShaped(pattern)) {
        return unknown(`an ARN condition compares ${JSON.stringify(isArnShaped(actual) ? pattern : actual)}, which is not an ARN ` +
          '(arn:partition:service:region:account:resource); IAM\'s documentation does not say how ARN operators treat it');
      }
      return fromBool(matcher.matches(tokens, 'arn', actual));
    }
    case 'bool':
      return fromBool(actual.toLowerCase() === literalOf(tokens).toLowerCase());
    case 'numeric': {
      const [a, b] = [parseNumber(actual), parseNumber(literalOf(tokens))];
      if (Number.isNaN(a) || Number.isNaN(b)) {
        return unknown(`a numeric condition compares ${JSON.stringify(Number.isNaN(a) ? actual : literalOf(tokens))}, which is not a plain integer or decimal; ` +
          'IAM\'s documentation ("Condition operators", numeric) compares only those');
      }
      return fromBool(compareWith(op.compare!, a, b));
    }
    case 'date': {
      const [a, b] = [parseDate(actual), parseDate(literalOf(tokens))];
      if (Number.isNaN(a) || Number.isNaN(b)) {
        return unknown(`a date condition compares ${JSON.stringify(Number.isNaN(a) ? actual : literalOf(tokens))}, which is neither an ISO 8601 date nor epoch seconds; ` +
          'IAM\'s documentation ("Condition operators", date) takes only those');
      }
      return fromBool(compareWith(op.compare!, a, b));
    }
    case 'ip':
      return fromBool(ipInCidr(actual, literalOf(tokens)));
  }
}

/** `arn:partition:service:region:account:resource`: the literal `arn` and at least six components. */
function isArnShaped(text: string): boolean {
  return text.startsWith('arn:') && countColons(text) >= 5;
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

/** A plain integer or decimal (`12`, `-3.5`); anything else (`1e1`, `0x5`, `abc`, spaces) is NaN. */
function parseNumber(text: string): number {
  return /^[-+]?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
}

/** Dates as IAM accepts them: ISO 8601, or epoch seconds; NaN for anything else. */
function parseDate(text: string): number {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  return /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) ? Date.parse(text) : NaN;
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

/** One key under one operator, read once. */
export interface CompiledConditionKey {
  readonly opName: string;
  readonly key: string;
  /** undefined: an operator the library does not model. */
  readonly op?: ParsedOperator;
  /** The key's values, when the whole list is an unresolved template value. */
  readonly unresolved?: Unresolved;
  readonly values: unknown[];
  /** Each value as the operator reads it: fixed, or with policy variables to substitute per request. */
  readonly expected: Array<{ readonly resolved: Resolved } | { readonly parts: ValuePart[] }>;
}

/** A Condition element, read once: a fixed outcome, or its keys (every one must hold). */
export type CompiledCondition = Outcome | Array<Outcome | CompiledConditionKey>;

export function compileConditionKey(opName: string, key: string, rawValues: unknown, caches: ConditionCaches): CompiledConditionKey {
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
      return { resolved: { kind: 'tokens', tokens: tokenizePattern(String(v), false) } as Resolved };
    }
    return typeof v === 'string' ? { parts: caches.values.parts(v, wildcards) } : { resolved: constantValue(v) };
  });
  return { opName, key, op, values, expected };
}

export function compileCondition(condition: unknown, caches: ConditionCaches): CompiledCondition {
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
      keys.push(compileConditionKey(opName, key, values, caches));
    }
  }
  return keys;
}

/** A Condition block: every operator and every key must hold. */
export function evaluateCondition(condition: CompiledCondition, ctx: RequestContext, matcher: PatternMatcher): Outcome {
  if (!Array.isArray(condition)) return condition;
  const outcomes: Outcome[] = [];
  for (const key of condition) {
    const outcome = 'value' in key ? key : evaluateConditionKey(key, ctx, matcher);
    // One key that surely fails fails the block (the others cannot change that).
    if (outcome.value === 'no') return NO;
    outcomes.push(outcome);
  }
  return and(outcomes);
}

/**
 * One key under one operator: `"StringLike": { "s3:prefix": ["home/*"] }`.
 * Several values are ORed; for negated operators the key must match none of them (IAM: the
 * values of a negated operator are NORed). Absent keys follow IAM ("Condition operators": an
 * absent key makes the condition false, or true for negated operators; `...IfExists` is true
 * when the key is absent; `ForAllValues` is true and `ForAnyValue` false for an absent key or an
 * empty set) when the key is surely absent; otherwise the answer is unknown.
 */
export function evaluateConditionKey(condition: CompiledConditionKey, ctx: RequestContext, matcher: PatternMatcher): Outcome {
  const { opName, key, op } = condition;
  if (!op) {
    return unknown(`the condition operator ${opName} is not modeled by the simulator`);
  }
  if (condition.unresolved) {
    return unknown(`the values of ${opName} on ${key} are not resolved (${condition.unresolved.what})`);
  }
  const values = condition.values;
  const found = ctx.get(key);
  if (found?.multi && !op.set && !op.isNull) {
    // "Multivalued context keys require a condition set operator" ("Single-valued vs. multivalued
    // context keys"): what a single-valued operator makes of one, even of a one-element or empty
    // list, is not documented.
    return unknown(`the condition key ${key} has several values (it is given as a list of ${found.values.length}) and ${opName} compares one; ` +
      'IAM\'s documentation does not say how a single-valued operator reads a multivalued key (use ForAnyValue: or ForAllValues:)');
  }
  if (op.isNull && found?.multi && found.values.length === 0) {
    return unknown(`the condition key ${key} is an empty list; IAM's documentation does not say whether Null reads an empty list as absent`);
  }
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
    if (op.ifExists && op.set === 'any' && (surelyAbsent || ctx.mayReadAsAbsent(key))) {
      // IfExists makes an absent key true, ForAnyValue makes it false ("Condition operators";
      // "Single-valued vs. multivalued context keys"): the documentation does not say which wins.
      return unknown(`${opName} on ${key}, which the request lacks: IfExists would read it as true and ForAnyValue as false, ` +
        'and IAM\'s documentation does not say which applies');
    }
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
    const matched = or(expected.map((e) => matchOne(base, actual, e, matcher)));
    return base.negated ? not(matched) : matched;
  };

  if (op.set === 'any') return or(found!.values.map(one));
  if (op.set === 'all') return and(found!.values.map(one));
  return one(found!.values[0]);
}

/**
 * Whether a condition on one key holds when the request surely lacks the key (IAM User Guide,
 * "Condition operators"): the `...IfExists` and negated operators, `ForAllValues` and
 * `Null: true` hold; the others do not. The same reading `evaluateConditionKey` gives an absent
 * key. An operator the library does not model is read by what its name says (a set prefix,
 * `IfExists`), and otherwise as one that needs the key.
 */
export function holdsWhenKeyAbsent(opName: string, key: string, values: unknown): boolean {
  const caches: ConditionCaches = { matcher: new PatternMatcher(), values: new ValueCache() };
  const compiled = compileConditionKey(opName, key, values, caches);
  if (!compiled.op) {
    return /^ForAllValues:/i.test(opName) || (!/^ForAnyValue:/i.test(opName) && /IfExists$/i.test(opName));
  }
  return evaluateConditionKey(compiled, ABSENT_EVERYTHING, caches.matcher).value === 'yes';
}

/** A request that surely carries no key at all. */
const ABSENT_EVERYTHING = new RequestContext({}, [/^/]);
