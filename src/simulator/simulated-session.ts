import * as iam from 'aws-cdk-lib/aws-iam';
import { QuestionResolver } from './from-stack';
import { requestContext, validateQuestion, validateResourcePolicy } from './inputs';
import { EvaluateOptions } from './options';
import { TemplateResourcePolicies } from './resource-policies';
import { RolePolicies } from './role-policies';
import { AccessDecision, Decision } from '../iam/decision';
import { PolicyEvaluator } from '../iam/evaluation';
import { PolicySource } from '../iam/policy';
import { RequestPrincipal } from '../iam/principals';
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
  /** The template's resource policies, for the same. */
  readonly resources?: TemplateResourcePolicies;
  /** The session as resource policies name it: its role, its ARN, its account. */
  readonly principal?: RequestPrincipal;
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

  /** The session tags the credentials carry (principal tags, docs/service-contract.md §2). */
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
   * Why, in the service's terms, naming the docs/service-contract.md section followed: the
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
   * May these credentials perform the action on the resource? IAM's policy evaluation (IAM User
   * Guide, "Policy evaluation logic") over the policies the template holds: the role's identity
   * policies (inline, `AWS::IAM::Policy`, `AWS::IAM::RolePolicy`, customer managed policies of
   * the stack), its permissions boundary, the guest scope-down session policy, and the resource's
   * own policy when it is an S3 bucket (or object), SQS queue, SNS topic, KMS key or DynamoDB
   * table of the template. An explicit Deny anywhere wins. Within the account, the role's
   * policies allow within the boundary and the session policy; a resource policy that names the
   * role allows within them too, and one that names the session itself allows alone; on a KMS
   * key, IAM policies count only as far as the key policy delegates to the account. Else denied.
   *
   * `UNDETERMINED` when the answer depends on what the template does not hold (an AWS managed
   * policy, a role from outside the app, a condition key nobody supplied, the resource policy
   * of a resource outside the template); the reason names it.
   *
   * @param action one IAM action, `service:Action`, for example `s3:GetObject`
   * @param resource the resource's ARN, or `*`; may be a token (`bucket.arnForObjects('a.jpg')`)
   * @param options the request's condition keys, and the policy of a resource outside the template
   */
  public evaluate(action: string, resource: string, options: EvaluateOptions = {}): AccessDecision {
    const resolved = validateQuestion(action, resource, this.tokens);
    const context = requestContext(this.spec.session ?? {}, this.principalTags, options.context, this.tokens);
    const given = options.resourcePolicy === undefined ? undefined : validateResourcePolicy(options.resourcePolicy, this.tokens);
    if (!this.granted) {
      if (this.spec.undetermined !== undefined) {
        return { decision: Decision.UNDETERMINED, reason: `whether the session gets credentials is undetermined: ${this.reason}` };
      }
      return { decision: Decision.DENIED, reason: `the session has no credentials (${this.reason})` };
    }
    if (this.spec.outside !== undefined || !this.spec.policies || !this.spec.resources || !this.spec.principal) {
      return { decision: Decision.UNDETERMINED, reason: `the session's role is outside the template (${this.spec.outside}): its policies cannot be seen` };
    }
    if (resolved instanceof Unresolved) {
      return { decision: Decision.UNDETERMINED, reason: `the resource depends on ${resolved.what}` };
    }
    if (context instanceof Unresolved) {
      return { decision: Decision.UNDETERMINED, reason: `the context depends on ${context.what}` };
    }
    if (given instanceof Unresolved) {
      return { decision: Decision.UNDETERMINED, reason: `the resourcePolicy depends on ${given.what}` };
    }
    const resources = this.spec.resources;
    let resourcePolicy = resources.forResource(resolved, action);
    if (given !== undefined) {
      if (resources.holds(resolved)) {
        throw new Error(`SimulatedSession.evaluate: invalid resourcePolicy for ${resolved}: the resource is in the template, whose policy for it the simulator reads; give resourcePolicy only for a resource outside the template`);
      }
      resourcePolicy = {
        policy: { label: 'the resourcePolicy given to evaluate', document: given },
        keyPolicy: resolved.split(':')[2] === 'kms',
        crossAccount: resources.crossAccount(resolved),
      };
    }
    const p = this.spec.policies;
    return this.evaluator.evaluate({
      action,
      resource: resolved,
      context,
      identityPolicies: p.identityPolicies,
      unseenPolicies: p.unseenPolicies,
      permissionsBoundary: p.permissionsBoundary,
      unseenPermissionsBoundary: p.unseenPermissionsBoundary,
      sessionPolicies: this.spec.scopeDown ? [this.spec.scopeDown] : undefined,
      principal: this.spec.principal,
      resourcePolicy,
      // §6: the session's own keys are all known; a principal tag the session lacks is absent.
      completeKeys: SESSION_KEYS,
    });
  }
}
