import { compileCondition, CompiledCondition, ConditionCaches, evaluateCondition } from './conditions';
import { RequestContext } from './context';
import { and, fromBool, NO, not, or, Outcome, unknown, YES } from './outcome';
import { PolicySource } from './policy';
import { Unresolved } from './unresolved';
import { oneOrMany } from './values';
import { constantValue, Resolved, resolveParts, ValuePart } from './variables';
import { PatternMatcher, PatternToken, tokenizePattern, wildcardRegex } from './wildcards';

/*
 * Statements (IAM User Guide, "IAM JSON policy elements"): Effect, Action/NotAction,
 * Resource/NotResource and Condition, each read once and then matched against requests.
 */

/** One request as statements see it. */
export interface StatementRequest {
  /** 'service:ActionName'. */
  readonly action: string;
  /** The action lower-cased, when it is ASCII (as actions are). */
  readonly asciiAction: string | undefined;
  /** An ARN or '*'. */
  readonly resource: string;
  readonly ctx: RequestContext;
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

  constructor(patterns: unknown[], matcher: PatternMatcher) {
    const unresolved: Outcome[] = [];
    for (const p of patterns) {
      if (typeof p !== 'string') {
        unresolved.push(unknown(`the action ${describe(p)} is not resolved`));
        continue;
      }
      const re = matcher.regex(`action\u0000${p}`, () => wildcardRegex(tokenizePattern(p, true), 'plain', 'i'));
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
  | { readonly tokens: PatternToken[] }
  | { readonly parts: ValuePart[] }
  | { readonly resolved: Resolved };

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

/** A statement's verdict on one request. */
export interface StatementVerdict {
  readonly effect: 'Allow' | 'Deny' | 'unknown';
  readonly applies: Outcome;
  /** How reasons name the statement (built only when a reason needs it). */
  readonly name: string;
}

export function statementName(statement: any, index: number, label: string): string {
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

/** A null Effect, Action, NotAction, Resource or NotResource: a statement too malformed to read. */
function hasNullElement(statement: any): boolean {
  return ['Effect', 'Action', 'NotAction', 'Resource', 'NotResource'].some((element) => statement[element] === null);
}

function describe(value: unknown): string {
  return value instanceof Unresolved ? value.what : JSON.stringify(value);
}

/**
 * Reads statements once, by object (the same policy documents are asked about for every
 * request; documents are not changed once evaluated), and matches them against requests.
 */
export class StatementMatcher {
  private readonly compiled = new WeakMap<object, CompiledStatement>();

  constructor(private readonly caches: ConditionCaches) {}

  /** The statement's verdict on the request, or undefined when it surely does not apply. */
  public evaluate(statement: any, index: number, source: PolicySource, request: StatementRequest): StatementVerdict | undefined {
    if (statement instanceof Unresolved || typeof statement !== 'object' || statement === null || hasNullElement(statement)) {
      const name = statementName(statement, index, source.label);
      return { effect: 'unknown', applies: unknown(`${name} is not resolved (${describe(statement)})`), name };
    }
    const c = this.compile(statement);
    const matched = c.actions.matches(request.action, request.asciiAction);
    const action = c.notAction ? not(matched) : matched;
    if (action.value === 'no') return undefined;

    let resource: Outcome;
    if (c.resources === undefined) {
      resource = NO;
    } else {
      const r = this.resourceMatches(c.resources, request.resource, request.ctx);
      resource = c.notResource ? not(r) : r;
    }
    if (resource.value === 'no') return undefined;

    const condition = evaluateCondition(c.condition, request.ctx, this.caches.matcher);
    if (condition.value === 'no') return undefined;
    const parts: Outcome[] = c.effectUnknown ? [c.effectUnknown, action, resource, condition] : [action, resource, condition];
    return new LazyVerdict(c.effect, and(parts), statement, index, source.label);
  }

  private compile(statement: any): CompiledStatement {
    let compiled = this.compiled.get(statement);
    if (!compiled) {
      const effect = statement.Effect === 'Allow' || statement.Effect === 'Deny' ? statement.Effect : 'unknown';
      const notAction = 'NotAction' in statement;
      const notResource = 'NotResource' in statement;
      compiled = {
        effect,
        effectUnknown: effect === 'unknown' ? unknown(`its Effect ${describe(statement.Effect)} is not resolved`) : undefined,
        actions: new ActionPatterns(oneOrMany(notAction ? statement.NotAction : statement.Action), this.caches.matcher),
        notAction,
        resources: notResource ? this.compileResources(oneOrMany(statement.NotResource))
          : 'Resource' in statement ? this.compileResources(oneOrMany(statement.Resource)) : undefined,
        notResource,
        condition: compileCondition(statement.Condition, this.caches),
      };
      this.compiled.set(statement, compiled);
    }
    return compiled;
  }

  private compileResources(patterns: unknown[]): ResourcePattern[] {
    return patterns.map((p) => {
      if (typeof p !== 'string') return { resolved: constantValue(p) };
      return p.includes('${') ? { parts: this.caches.values.parts(p, true) } : { tokens: tokenizePattern(p, true) };
    });
  }

  /** Resource or NotResource: case-sensitive, wildcards within ARN segments, policy variables. */
  private resourceMatches(patterns: ResourcePattern[], resource: string, ctx: RequestContext): Outcome {
    const matcher = this.caches.matcher;
    const outcomes: Outcome[] = [];
    for (const p of patterns) {
      let outcome: Outcome;
      if ('tokens' in p) {
        outcome = fromBool(matcher.matches(p.tokens, 'resource', resource));
      } else {
        const resolved = 'parts' in p ? resolveParts(p.parts, ctx) : p.resolved;
        if (resolved.kind === 'none') outcome = NO;
        else if (resolved.kind === 'unknown') outcome = unknown(resolved.why);
        else outcome = fromBool(matcher.matches(resolved.tokens, 'resource', resource));
      }
      if (outcome.value === 'yes') return YES;
      outcomes.push(outcome);
    }
    return or(outcomes);
  }
}
