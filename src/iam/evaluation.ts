import { ConditionCaches } from './conditions';
import { compileCompleteKeys, ContextValues, RequestContext } from './context';
import { AccessDecision, Decision } from './decision';
import { and as andOutcomes, dedupe, or as orOutcomes, Outcome, Tri } from './outcome';
import { PolicySource } from './policy';
import { principalMatch, RequestPrincipal } from './principals';
import { StatementMatcher, StatementRequest, StatementVerdict } from './statements';
import { Unresolved } from './unresolved';
import { oneOrMany } from './values';
import { ValueCache } from './variables';
import { PatternMatcher } from './wildcards';

/*
 * IAM's policy evaluation logic for one request of one role session, over the policies the
 * caller can see. References (IAM User Guide):
 * - "Policy evaluation logic" (reference_policies_evaluation-logic): an explicit Deny in any
 *   policy wins; else an Allow is needed in the identity-based policies, and also in the
 *   permissions boundary and in the session policies when there are any; else implicit deny.
 * - "IAM JSON policy elements": Action/NotAction, Resource/NotResource (wildcards:
 *   ./wildcards.ts), Condition and its operators (./conditions.ts), "Variables and tags"
 *   (./variables.ts).
 *
 * It never guesses: anything the answer depends on and the evaluator cannot see (a condition key
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
 * - a value that is not resolved (an `Unresolved`, anywhere);
 * - a policy attached to the role that the template does not hold, or a permissions boundary
 *   it does not hold (either may allow, and either may deny).
 */

/** The resource policy of the resource a request is for, as far as the caller knows it. */
export interface ResourcePolicyInput {
  /** The resource's policy (statements with Principal or NotPrincipal); undefined when it has none. */
  readonly policy?: PolicySource;
  /** The resource has a policy the caller cannot see: what it is, named. */
  readonly unseen?: string;
  /**
   * A KMS key policy: IAM policies grant on the key only as far as the key policy delegates to
   * the account ("Unless the key policy explicitly allows it, you cannot use IAM policies":
   * AWS KMS developer guide, "Key policies in AWS KMS").
   */
  readonly keyPolicy?: boolean;
  /** The resource belongs to another account than the principal: both sides must allow. */
  readonly crossAccount?: boolean;
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
  readonly context: ContextValues;
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
  /** The session making the request: whom a resource policy's Principal names. Needed with `resourcePolicy`. */
  readonly principal?: RequestPrincipal;
  /** The resource's policy, when the resource has one (or may have one nobody can see). */
  readonly resourcePolicy?: ResourcePolicyInput;
  /**
   * Patterns (case-insensitive, `*` wildcard) of condition keys the context holds completely:
   * such a key absent from `context` is absent from the request, so IAM's rules for absent keys
   * apply (e.g. `aws:PrincipalTag/*` when the caller passes every session tag). Any other key
   * absent from `context` is unknown, and a statement that depends on it is undetermined.
   */
  readonly completeKeys?: readonly string[];
}

/** What one policy says about the request. */
interface PolicyVerdict {
  readonly allows: StatementVerdict[];
  readonly maybeAllows: StatementVerdict[];
  readonly denies: StatementVerdict[];
  readonly maybeDenies: StatementVerdict[];
}

/** Whether one kind of policy (identity, boundary, one session policy, one way of a resource policy) allows the request. */
interface AllowStatus {
  readonly value: Tri;
  /** The deciding allow statements (yes), or the missing pieces (unknown). */
  readonly because: string[];
  /** Why it allows nothing (no), for the reason of a denial. */
  readonly denial?: string;
}

function allowStatus(verdicts: PolicyVerdict[], unseen: string[], denial?: string): AllowStatus {
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
  return { value: 'no', because: [], denial };
}

/** One way a request can be allowed: every kind of policy on it must allow. */
interface AllowPath {
  readonly parts: AllowStatus[];
  /** Appended to an ALLOWED reason when this way decided. */
  readonly note?: string;
}

function pathValue(path: AllowPath): Tri {
  if (path.parts.some((p) => p.value === 'no')) return 'no';
  return path.parts.every((p) => p.value === 'yes') ? 'yes' : 'unknown';
}

/**
 * IAM's evaluation, with what it has read: statements, patterns and policy values are read once
 * per evaluator and reused for every request. One evaluator serves one simulator (or one
 * question); nothing it remembers is shared with another.
 */
export class PolicyEvaluator {
  private readonly caches: ConditionCaches = { matcher: new PatternMatcher(), values: new ValueCache() };
  private readonly statements = new StatementMatcher(this.caches);
  private readonly completeKeys = new WeakMap<readonly string[], RegExp[]>();

  /**
   * Decide one request per IAM's policy evaluation logic ("Policy evaluation logic"), three-valued.
   *
   * 1. A Deny statement that surely applies, in any of the policies (a resource policy's, when it
   *    names the session, its role or its account) → DENIED.
   * 2. The ways a request can be allowed within one account, each needing every policy on it:
   *    the role's identity policies with the permissions boundary and the session policies; a
   *    resource policy that names the role, with the boundary and the session policies; a
   *    resource policy that names the session itself (or everyone), alone. On a KMS key, the
   *    identity policies count only with a key policy statement that delegates to the account.
   *    Across accounts, the identity side and the resource policy must both allow.
   * 3. No way can allow → DENIED (IAM's implicit deny): unseen policies and undetermined Deny
   *    statements cannot turn that into an allow.
   * 4. A way surely allows and no Deny could apply → ALLOWED.
   * 5. Otherwise UNDETERMINED, naming each missing piece: the keys or operators an Allow or a
   *    Deny depends on, and the policies nobody can see (an unseen policy may allow, and may
   *    deny: even next to a sure allow, the answer is undetermined).
   */
  public evaluate(input: EvaluationInput): AccessDecision {
    const ctx = new RequestContext(input.context, this.complete(input.completeKeys ?? []));
    // Actions are ASCII (`service:Action`); such an action is compared lower-cased.
    const asciiAction = /^[\x20-\x7e]*$/.test(input.action) ? input.action.toLowerCase() : undefined;
    const request: StatementRequest = { action: input.action, asciiAction, resource: input.resource, ctx };
    const described = `${input.action} on ${input.resource}`;
    const identity = input.identityPolicies.map((p) => this.policy(p, request));
    const boundary = input.permissionsBoundary ? this.policy(input.permissionsBoundary, request) : undefined;
    const sessions = (input.sessionPolicies ?? []).map((p) => ({ source: p, verdict: this.policy(p, request) }));
    const resource = this.resourcePolicy(input, request);
    const all = [...identity, ...(boundary ? [boundary] : []), ...sessions.map((s) => s.verdict), ...(resource ? [resource.denies] : [])];

    // 1. Explicit deny.
    const deny = all.find((v) => v.denies.length > 0)?.denies[0];
    if (deny) {
      return { decision: Decision.DENIED, reason: `explicitly denied by ${deny.name}: an explicit Deny overrides any Allow` };
    }

    // 2. The ways to an allow.
    const unseenIdentity = input.unseenPolicies.map((name) =>
      `the role's policy ${name} is not in the template (it could allow or deny); the simulator cannot read it`);
    const identityStatus = allowStatus(identity, unseenIdentity, `no statement of the role's policies allows ${described}; IAM's implicit deny`);
    // The boundary, then each session policy: what limits the role's own policies and a grant to the role.
    const limits: AllowStatus[] = [];
    if (boundary) {
      limits.push(allowStatus([boundary], [],
        `no statement of the permissions boundary ${input.permissionsBoundary!.label} allows ${described}, and the boundary must allow too`));
    } else if (input.unseenPermissionsBoundary) {
      limits.push(allowStatus([], [`the permissions boundary ${input.unseenPermissionsBoundary} is not in the template; the simulator cannot read it`]));
    }
    for (const { source, verdict } of sessions) {
      limits.push(allowStatus([verdict], [], source.outsideNote
        ? `${source.outsideNote}; ${input.action} is outside it`
        : `no statement of ${source.label} allows ${described}, and a session policy must allow too`));
    }
    const paths = this.allowPaths(input, identityStatus, limits, resource);

    // 3. Implicit deny when no way can allow.
    if (paths.every((path) => pathValue(path) === 'no')) {
      return { decision: Decision.DENIED, reason: denialReason(input, paths) };
    }

    // 4. Allowed when a way surely allows and no Deny could apply.
    const maybeDenies = all.flatMap((v) => v.maybeDenies);
    const allowing = paths.find((path) => pathValue(path) === 'yes');
    if (allowing && maybeDenies.length === 0) {
      const by = allowing.parts.map((part) => part.because[0]);
      return { decision: Decision.ALLOWED, reason: `allowed by ${by.join(', and by ')}; no Deny applies${allowing.note ?? ''}` };
    }

    // 5. Undetermined: name every missing piece.
    const open = paths.filter((path) => pathValue(path) !== 'no').flatMap((path) => path.parts.filter((part) => part.value === 'unknown'));
    const openBecause = open.flatMap((part) => part.because);
    const pieces = dedupe([
      // A policy the simulator cannot see is named once, as what could allow or deny.
      ...maybeDenies.filter((s) => !s.applies.missing.every((piece) => openBecause.includes(piece)))
        .map((s) => `${s.name} could deny: ${s.applies.missing.join('; ')}`),
      ...openBecause,
    ]);
    return { decision: Decision.UNDETERMINED, reason: `undetermined for ${described}: ${pieces.join('; ')}` };
  }

  /** The ways the request can be allowed, the identity policies' first. */
  private allowPaths(input: EvaluationInput, identity: AllowStatus, limits: AllowStatus[], resource: ResourceVerdict | undefined): AllowPath[] {
    const rp = input.resourcePolicy;
    if (!resource || !rp) {
      return [{ parts: [identity, ...limits] }];
    }
    if (rp.crossAccount) {
      const either = orStatus([resource.direct, resource.role, resource.account]);
      return [{ parts: [identity, ...limits, either], note: ' (across accounts the resource policy must allow too: IAM User Guide, "Cross-account policy evaluation logic")' }];
    }
    const viaRole: AllowPath = { parts: [resource.role, ...limits], note: ' (a resource policy that allows the role: IAM User Guide, "Policy evaluation logic")' };
    const direct: AllowPath = { parts: [resource.direct], note: ' (a resource policy that allows this session itself, which no implicit deny of the role\'s policies limits: IAM User Guide, "Policy evaluation logic")' };
    if (rp.keyPolicy) {
      const delegated: AllowPath = { parts: [resource.account, identity, ...limits] };
      return [delegated, viaRole, direct];
    }
    return [{ parts: [identity, ...limits] }, viaRole, direct];
  }

  /** A resource policy read for one request: its Deny statements that reach the session, and its allows by the way they reach it. */
  private resourcePolicy(input: EvaluationInput, request: StatementRequest): ResourceVerdict | undefined {
    const rp = input.resourcePolicy;
    if (!rp || (rp.policy === undefined && rp.unseen === undefined)) {
      return undefined;
    }
    if (rp.unseen !== undefined) {
      const why = `${rp.unseen} could allow or deny, and the simulator cannot read it`;
      const maybe: StatementVerdict = { effect: 'unknown', applies: { value: 'unknown', missing: [why] }, name: rp.unseen };
      const open: AllowStatus = { value: 'unknown', because: [why] };
      return { denies: { allows: [], maybeAllows: [], denies: [], maybeDenies: [maybe] }, direct: open, role: open, account: open };
    }
    if (!input.principal) {
      throw new Error('PolicyEvaluator.evaluate: a resource policy needs the principal it is evaluated for');
    }
    const source = rp.policy!;
    const hasBoundary = input.permissionsBoundary !== undefined || input.unseenPermissionsBoundary !== undefined;
    const principal = hasBoundary ? { ...input.principal, hasPermissionsBoundary: true } : input.principal;
    const label = source.label;
    const byWay = { direct: [] as PolicyVerdict[], role: [] as PolicyVerdict[], account: [] as PolicyVerdict[] };
    const denies: PolicyVerdict = { allows: [], maybeAllows: [], denies: [], maybeDenies: [] };
    const document = source.document;
    if (document instanceof Unresolved || typeof document !== 'object' || document === null || document.Statement instanceof Unresolved || document.Statement === null) {
      const verdict = this.policy(source, request);
      return { denies: verdict, direct: allowStatus([verdict], []), role: allowStatus([verdict], []), account: allowStatus([verdict], []) };
    }
    oneOrMany(document.Statement).forEach((statement, index) => {
      const s = this.statements.evaluate(statement, index, source, request);
      if (!s || s.applies.value === 'no') return;
      const match = principalMatch(statement, principal);
      const reaching = (how: Outcome): StatementVerdict => new ReachingVerdict(s, how);
      if (s.effect !== 'Allow') {
        const reach = reaching(orOutcomes([match.direct, match.role, match.account]));
        sortVerdict(denies, reach, 'Deny');
      }
      if (s.effect !== 'Deny') {
        for (const way of ['direct', 'role', 'account'] as const) {
          const verdict: PolicyVerdict = { allows: [], maybeAllows: [], denies: [], maybeDenies: [] };
          sortVerdict(verdict, reaching(match[way]), 'Allow');
          byWay[way].push(verdict);
        }
      }
    });
    const none = (who: string) => `no statement of ${label} allows ${input.action} on ${input.resource} for ${who}`;
    return {
      denies,
      direct: allowStatus(byWay.direct, [], none('this session')),
      role: allowStatus(byWay.role, [], none('the role')),
      account: allowStatus(byWay.account, [], rp.keyPolicy
        ? `${label} does not let IAM policies grant ${input.action}, so only the key policy can allow it`
        : none('the account')),
    };
  }

  private complete(patterns: readonly string[]): RegExp[] {
    let complete = this.completeKeys.get(patterns);
    if (!complete) {
      complete = compileCompleteKeys(patterns, this.caches.matcher);
      this.completeKeys.set(patterns, complete);
    }
    return complete;
  }

  private policy(source: PolicySource, request: StatementRequest): PolicyVerdict {
    const verdict: PolicyVerdict = { allows: [], maybeAllows: [], denies: [], maybeDenies: [] };
    const document = source.document;
    if (document instanceof Unresolved || typeof document !== 'object' || document === null || document.Statement instanceof Unresolved || document.Statement === null) {
      const what = document instanceof Unresolved ? document.what : describe(document?.Statement ?? document);
      const s: StatementVerdict = { effect: 'unknown', applies: { value: 'unknown', missing: [`${source.label} is not resolved (${what})`] }, name: source.label };
      verdict.maybeAllows.push(s);
      verdict.maybeDenies.push(s);
      return verdict;
    }
    oneOrMany(document.Statement).forEach((statement, index) => {
      const s = this.statements.evaluate(statement, index, source, request);
      if (!s || s.applies.value === 'no') return;
      if (s.effect !== 'Allow') sortVerdict(verdict, s, 'Deny');
      if (s.effect !== 'Deny') sortVerdict(verdict, s, 'Allow');
    });
    return verdict;
  }
}

/** A resource policy's verdict: its Deny statements that reach the session, and its allows by the way they reach it. */
interface ResourceVerdict {
  readonly denies: PolicyVerdict;
  readonly direct: AllowStatus;
  readonly role: AllowStatus;
  readonly account: AllowStatus;
}

/** A statement's verdict, as far as its principal reaches the session. */
class ReachingVerdict implements StatementVerdict {
  public readonly effect: StatementVerdict['effect'];
  public readonly applies: Outcome;

  constructor(private readonly statement: StatementVerdict, how: Outcome) {
    this.effect = statement.effect;
    this.applies = andOutcomes([statement.applies, how]);
  }

  get name(): string {
    return this.statement.name;
  }
}

/** File a statement that may apply under the allows or the denies (sure or maybe) of a verdict. */
function sortVerdict(verdict: PolicyVerdict, s: StatementVerdict, as: 'Allow' | 'Deny'): void {
  if (s.applies.value === 'no') return;
  const certain = s.applies.value === 'yes' && s.effect === as;
  if (as === 'Deny') (certain ? verdict.denies : verdict.maybeDenies).push(s);
  else (certain ? verdict.allows : verdict.maybeAllows).push(s);
}

/** Any of several ways allows (the ways of a resource policy, across accounts). */
function orStatus(statuses: AllowStatus[]): AllowStatus {
  const yes = statuses.find((s) => s.value === 'yes');
  if (yes) return yes;
  const open = statuses.filter((s) => s.value === 'unknown');
  if (open.length > 0) return { value: 'unknown', because: open.flatMap((s) => s.because) };
  return { value: 'no', because: [], denial: statuses.map((s) => s.denial).filter(Boolean).join('; ') };
}

/**
 * Why no way allows: the policies that allow nothing, the most limiting first (session policies,
 * the boundary, then the policies that grant), once each; a KMS key's refusal to delegate leads.
 */
function denialReason(input: EvaluationInput, paths: AllowPath[]): string {
  const denials = dedupe(paths.flatMap((path) => [...path.parts].reverse().filter((part) => part.value === 'no').map((part) => part.denial ?? ''))
    .filter(Boolean));
  const keyRefusal = input.resourcePolicy?.keyPolicy ? denials.find((d) => d.includes('does not let IAM policies grant')) : undefined;
  if (keyRefusal) {
    return `${keyRefusal}: denied: ${denials.filter((d) => d !== keyRefusal).join('; and ')}`;
  }
  return `denied: ${denials.join('; and ')}`;
}

function describe(value: unknown): string {
  return value instanceof Unresolved ? value.what : JSON.stringify(value);
}

/** Decide one request with a fresh evaluator (see `PolicyEvaluator.evaluate`). */
export function evaluatePolicies(input: EvaluationInput): AccessDecision {
  return new PolicyEvaluator().evaluate(input);
}
