import { ConditionCaches } from './conditions';
import { compileCompleteKeys, ContextValues, RequestContext } from './context';
import { AccessDecision, Decision } from './decision';
import { dedupe, Tri } from './outcome';
import { PolicySource } from './policy';
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
 * IAM's evaluation, with what it has read: statements, patterns and policy values are read once
 * per evaluator and reused for every request. One evaluator serves one simulator (or one
 * question); nothing it remembers is shared with another.
 */
export class PolicyEvaluator {
  private readonly caches: ConditionCaches = { matcher: new PatternMatcher(), values: new ValueCache() };
  private readonly statements = new StatementMatcher(this.caches);
  private readonly completeKeys = new WeakMap<readonly string[], RegExp[]>();

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
  public evaluate(input: EvaluationInput): AccessDecision {
    const ctx = new RequestContext(input.context, this.complete(input.completeKeys ?? []));
    // Actions are ASCII (`service:Action`); such an action is compared lower-cased.
    const asciiAction = /^[\x20-\x7e]*$/.test(input.action) ? input.action.toLowerCase() : undefined;
    const request: StatementRequest = { action: input.action, asciiAction, resource: input.resource, ctx };
    const described = `${input.action} on ${input.resource}`;
    const identity = input.identityPolicies.map((p) => this.policy(p, request));
    const boundary = input.permissionsBoundary ? this.policy(input.permissionsBoundary, request) : undefined;
    const sessions = (input.sessionPolicies ?? []).map((p) => ({ source: p, verdict: this.policy(p, request) }));
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
          : `no statement of ${source.label} allows ${described}, and a session policy must allow too`);
      }
    }
    if (boundaryStatus?.value === 'no') {
      denials.push(`no statement of the permissions boundary ${input.permissionsBoundary!.label} allows ${described}, and the boundary must allow too`);
    }
    if (identityStatus.value === 'no') {
      denials.push(`no statement of the role's policies allows ${described}; IAM's implicit deny`);
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
    return { decision: Decision.UNDETERMINED, reason: `undetermined for ${described}: ${pieces.join('; ')}` };
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
      const certain = s.applies.value === 'yes';
      if (s.effect === 'Deny' || s.effect === 'unknown') (certain && s.effect === 'Deny' ? verdict.denies : verdict.maybeDenies).push(s);
      if (s.effect === 'Allow' || s.effect === 'unknown') (certain && s.effect === 'Allow' ? verdict.allows : verdict.maybeAllows).push(s);
    });
    return verdict;
  }
}

function describe(value: unknown): string {
  return value instanceof Unresolved ? value.what : JSON.stringify(value);
}

/** Decide one request with a fresh evaluator (see `PolicyEvaluator.evaluate`). */
export function evaluatePolicies(input: EvaluationInput): AccessDecision {
  return new PolicyEvaluator().evaluate(input);
}
