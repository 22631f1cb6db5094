import * as iam from 'aws-cdk-lib/aws-iam';
import { QuestionResolver } from './from-stack';
import { validateQuestion, requestContext } from './inputs';
import { EvaluateOptions } from './options';
import { RolePolicies } from './role-policies';
import { AccessDecision, Decision } from '../iam/decision';
import { EvaluationInput, PolicyEvaluator } from '../iam/evaluation';
import { PolicySource } from '../iam/policy';
import { Unresolved } from '../iam/unresolved';
import { SESSION_KEYS } from '../service/principal';

/** What a `SimulatedSession` is made of. */
export interface SessionSpec {
  readonly granted: boolean;
  /** The reason, or how to build it when first read. */
  readonly reason: string | (() => string);
  readonly identityId?: string;
  readonly roleArn?: string;
  readonly role?: iam.IRole;
  readonly principalTags: { [tag: string]: string };
  /** The session's own condition keys (§6). */
  readonly session?: { [key: string]: string | string[] };
  /** The role's policies, for a granted session of a role of the template. */
  readonly policies?: RolePolicies;
  readonly scopeDown?: PolicySource;
  /** What is outside the template, for a session of a role the simulator cannot see. */
  readonly outside?: string;
  /** Why whether credentials are given could not be decided. */
  readonly undetermined?: string;
}

/**
 * The outcome of a simulated sign-in: whether the service would give credentials, of which
 * role, with which session tags; and, through `evaluate`, what those credentials may do.
 */
export class SimulatedSession {
  /** @internal */
  public static _create(spec: SessionSpec, tokens: QuestionResolver, evaluator: PolicyEvaluator): SimulatedSession {
    return new SimulatedSession(spec, tokens, evaluator);
  }

  /**
   * Whether the service would give credentials.
   *
   * For a role outside the template (an ARN from elsewhere, an import from another stack) it
   * is `true` as far as the role choice goes: the role's trust cannot be seen, the reason says
   * so, and every `evaluate` answers UNDETERMINED.
   */
  public readonly granted: boolean;


  /**
   * The role construct of the app the credentials are for, when the role is one (undefined
   * for a role from outside the app, or when no role was chosen).
   */
  public readonly role?: iam.IRole;

  /**
   * The ARN of the chosen role. For a role of the app it carries the simulator's stand-ins (the
   * stack's account, or `123456789012` for an env-agnostic stack, and the role's name, or a
   * generated one like CloudFormation's); compare roles with `role` instead.
   *
   * @default - undefined when no role was chosen, or when the role's ARN cannot be resolved
   */
  public readonly roleArn?: string;

  /** The session tags the credentials carry (principal tags, SERVICE-CONTRACT.md §2). */
  public readonly principalTags: { [tag: string]: string };

  /**
   * The user's identity id, `<region of the pool>:<guid>`, stable per pool, provider and
   * subject (`sub` claim).
   *
   * @default - undefined when the pool refuses the login itself
   */
  public readonly identityId?: string;

  private readonly spec: SessionSpec;
  /** Resolves the tokens of questions against the simulator's template. */
  private readonly tokens: QuestionResolver;
  /** The simulator's evaluator. */
  private readonly evaluator: PolicyEvaluator;
  private reasonText: string | (() => string);

  private constructor(spec: SessionSpec, tokens: QuestionResolver, evaluator: PolicyEvaluator) {
    this.spec = spec;
    this.tokens = tokens;
    this.evaluator = evaluator;
    this.granted = spec.granted;
    this.reasonText = spec.reason;
    this.role = spec.role;
    this.roleArn = spec.roleArn;
    this.principalTags = { ...spec.principalTags };
    this.identityId = spec.identityId;
  }

  /**
   * Why, in the service's terms, naming the SERVICE-CONTRACT.md section followed: the
   * provider, mapping, rule or default that chose the role, or what refused credentials; and
   * any point the answer rests on that the contract leaves unsettled.
   */
  public get reason(): string {
    if (typeof this.reasonText !== 'string') {
      this.reasonText = this.reasonText();
    }
    return this.reasonText;
  }

  /**
   * May these credentials perform the action on the resource? IAM's policy evaluation
   * (SERVICE-CONTRACT.md §6, IAM User Guide "Policy evaluation logic") over the policies the
   * template holds: the role's identity policies (inline, `AWS::IAM::Policy`,
   * `AWS::IAM::RolePolicy`, customer managed policies of the stack), its permissions
   * boundary, the guest scope-down session policy, and the resource policies of the stack's
   * S3 buckets, SQS queues, SNS topics and KMS keys. An explicit deny wins; else every policy
   * type that applies must allow (a resource policy that allows the role counts as an allow;
   * on a KMS key, IAM policies count only as far as the key policy delegates to the account);
   * else denied. `UNDETERMINED` when the answer depends on what the template does not hold (an
   * AWS managed policy, a role from outside the app, a condition key nobody supplied); the
   * reason names it.
   *
   * @param action one IAM action, `service:Action`, for example `s3:GetObject`
   * @param resource the resource's ARN, or `*`; may be a token (`bucket.arnForObjects('a.jpg')`)
   * @param options the request's condition keys
   */
  public evaluate(action: string, resource: string, options: EvaluateOptions = {}): AccessDecision {
    const resolved = validateQuestion(action, resource, this.tokens);
    const context = requestContext(this.spec.session ?? {}, this.principalTags, options.context, this.tokens);
    if (!this.granted) {
      if (this.spec.undetermined !== undefined) {
        return { decision: Decision.UNDETERMINED, reason: `whether the session gets credentials is undetermined: ${this.reason}` };
      }
      return { decision: Decision.DENIED, reason: `the session has no credentials: ${this.reason}` };
    }
    if (this.spec.outside !== undefined || !this.spec.policies) {
      return { decision: Decision.UNDETERMINED, reason: `the session's role is outside the template (${this.spec.outside}): its policies cannot be seen` };
    }
    if (resolved instanceof Unresolved) {
      return { decision: Decision.UNDETERMINED, reason: `the resource depends on ${resolved.what}` };
    }
    if (context instanceof Unresolved) {
      return { decision: Decision.UNDETERMINED, reason: `the context depends on ${context.what}` };
    }
    const p = this.spec.policies;
    const scopeDown = this.spec.scopeDown;
    const arn: string = resolved;
    // One request, read with a given list of identity policies (a literal, not a spread: the
    // simulator makes one per question).
    const request = (identityPolicies: PolicySource[]): EvaluationInput => ({
      action,
      resource: arn,
      context,
      identityPolicies,
      unseenPolicies: p.unseenPolicies,
      permissionsBoundary: p.permissionsBoundary,
      unseenPermissionsBoundary: p.unseenPermissionsBoundary,
      sessionPolicies: scopeDown ? [scopeDown] : undefined,
      // §6: the session's own keys are all known; a principal tag the session lacks is absent.
      completeKeys: SESSION_KEYS,
    });
    // KMS: on a key of the template, IAM policies grant only what the key policy lets them
    // (its Allow to the account); otherwise only the key policy itself can allow.
    const delegation = p.keyDelegations[resolved];
    if (delegation) {
      const delegated = this.evaluator.evaluate({
        action, resource: resolved, context, completeKeys: SESSION_KEYS, identityPolicies: [delegation], unseenPolicies: [],
      });
      if (delegated.decision === Decision.UNDETERMINED) {
        return { decision: Decision.UNDETERMINED, reason: `whether ${delegation.label} lets IAM policies grant ${action} is undetermined: ${delegated.reason}` };
      }
      if (delegated.decision === Decision.DENIED) {
        const keyOnly = this.evaluator.evaluate(request([...p.identityPolicies.map(denyOnly), ...p.resourceDenies, ...p.resourceAllows]));
        return { decision: keyOnly.decision, reason: `${delegation.label} does not let IAM policies grant ${action}, so only the key policy can allow it: ${keyOnly.reason}` };
      }
    }
    // A resource policy's Deny counts like any Deny: it joins the policies read together.
    const decision = this.evaluator.evaluate(request(p.withResourceDenies));
    if (decision.decision !== Decision.DENIED || p.resourceAllows.length === 0) {
      return decision;
    }
    // An implicit deny by the role's policies can still be lifted by a resource policy that
    // allows the role, within the permissions boundary and the session policies (IAM User
    // Guide, "Policy evaluation logic"). An explicit Deny cannot.
    const viaResource = this.evaluator.evaluate(request([...p.identityPolicies, ...p.resourceDenies, ...p.resourceAllows]));
    switch (viaResource.decision) {
      case Decision.ALLOWED:
        return { decision: Decision.ALLOWED, reason: `${viaResource.reason} (a resource policy that allows the role: IAM User Guide, "Policy evaluation logic")` };
      case Decision.UNDETERMINED:
        return { decision: Decision.UNDETERMINED, reason: `the role's own policies do not allow it, but a resource policy may: ${viaResource.reason}` };
      default:
        return decision;
    }
  }
}

/** A policy's Deny statements only (an unresolved document is kept whole: it may deny). */
function denyOnly(source: PolicySource): PolicySource {
  const document = source.document;
  if (document instanceof Unresolved || document === null || typeof document !== 'object' || document.Statement instanceof Unresolved) {
    return source;
  }
  const statements = (Array.isArray(document.Statement) ? document.Statement : [document.Statement])
    .filter((statement: any) => statement?.Effect !== 'Allow');
  return { label: source.label, document: { ...document, Statement: statements } };
}
