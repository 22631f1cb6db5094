import { CfnResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { oneOrMany } from '../../iam/values';
import { COGNITO_IDENTITY } from '../../service/principal';

/*
 * Reading a role's IAM documents at synth, for the checks that judge them (roles/handed-out.ts,
 * guests/guest-scope.ts, guests/guest-roles.ts): the policies attached to it and its trust
 * policy, resolved with `Stack.resolve` so that what the app adds after the pool counts.
 * Only roles of the app can be read; an imported role has neither.
 */

/** The statements of one policy attached to a role, resolved. */
export interface AttachedPolicy {
  /**
   * What to name the policy by: the role's L1 resource for its inline policies, else the
   * policy's construct (the `iam.Policy` or `iam.ManagedPolicy`, or the L1 when made bare).
   */
  readonly source: IConstruct;
  /** Its statements as resolved; tokens left in them resolve to CloudFormation intrinsics. */
  readonly statements: any[];
}

/**
 * Reads the policies attached to roles, as far as the app shows them (`attachedTo`). One
 * reader serves all the checks of one synth: it resolves each policy of a stack once, however
 * many roles and checks ask, and each role's answer once. Make a new one per synth: it does
 * not see policies added after it read a stack.
 */
export class PolicyReader {
  private readonly stacks = new Map<Stack, StackPolicy[]>();
  private readonly roles = new Map<iam.IRole, AttachedPolicy[]>();

  /**
   * The policies attached to a role: its inline policies (one entry for all of them), then, in
   * construct order, the `AWS::IAM::Policy` resources of its stack that name it (such as its
   * DefaultPolicy) and the `AWS::IAM::ManagedPolicy` resources of its stack that name it or
   * whose ARN it lists. Empty for an imported role. Resources are recognised by CloudFormation
   * type, not by class, so a second copy of aws-cdk-lib still counts.
   */
  public attachedTo(role: iam.IRole): AttachedPolicy[] {
    let policies = this.roles.get(role);
    if (!policies) {
      policies = this.read(role);
      this.roles.set(role, policies);
    }
    return policies;
  }

  private read(role: iam.IRole): AttachedPolicy[] {
    const cfnRole = cfnRoleOf(role);
    if (!cfnRole) {
      return [];
    }
    const stack = Stack.of(cfnRole);
    const roleRef = JSON.stringify(stack.resolve(cfnRole.ref));
    const managedArns = JSON.stringify(stack.resolve(cfnRole.managedPolicyArns) ?? []);
    const policies: AttachedPolicy[] = [];
    const add = (source: IConstruct, statements: any[]) => {
      if (statements.length > 0) policies.push({ source, statements });
    };
    // The L1 property resolves in its TypeScript shape (policyDocument), before CloudFormation's (PolicyDocument).
    add(cfnRole, oneOrMany(stack.resolve(cfnRole.policies)).flatMap((p: any) => statementsOf(p?.policyDocument ?? p?.PolicyDocument)));
    for (const policy of this.policiesOf(stack)) {
      if (policy.roles.includes(roleRef) || (policy.ref !== undefined && managedArns.includes(policy.ref))) {
        add(policy.source, policy.statements());
      }
    }
    return policies;
  }

  /** The `AWS::IAM::Policy` and `AWS::IAM::ManagedPolicy` resources of a stack, in construct order, read once. */
  private policiesOf(stack: Stack): StackPolicy[] {
    let policies = this.stacks.get(stack);
    if (!policies) {
      policies = [];
      for (const construct of stack.node.findAll()) {
        if (isCfn<iam.CfnPolicy>(construct, 'AWS::IAM::Policy') || isCfn<iam.CfnManagedPolicy>(construct, 'AWS::IAM::ManagedPolicy')) {
          policies.push(stackPolicy(stack, construct));
        }
      }
      this.stacks.set(stack, policies);
    }
    return policies;
  }
}

/** A policy resource of a stack, resolved in that stack: what it names, and its statements when asked. */
interface StackPolicy {
  readonly source: IConstruct;
  /** The roles it names, as resolved JSON. */
  readonly roles: string;
  /** Its `Ref` as resolved JSON, for a managed policy (a role may list its ARN). */
  readonly ref?: string;
  readonly statements: () => any[];
}

function stackPolicy(stack: Stack, policy: iam.CfnPolicy | iam.CfnManagedPolicy): StackPolicy {
  let statements: any[] | undefined;
  return {
    source: policy.node.scope ?? policy,
    roles: JSON.stringify(stack.resolve(policy.roles) ?? []),
    ref: policy.cfnResourceType === 'AWS::IAM::ManagedPolicy' ? JSON.stringify(stack.resolve(policy.ref)) : undefined,
    statements: () => statements ??= statementsOf(stack.resolve(policy.policyDocument)),
  };
}

/**
 * The Allow statements of a role's trust policy that let Cognito Identity's federated
 * principal call `sts:AssumeRoleWithWebIdentity` (named, or through `sts:*` or `*`), resolved;
 * undefined when the trust policy cannot be read (an imported role).
 */
export function cognitoTrustStatements(role: iam.IRole): any[] | undefined {
  const cfnRole = cfnRoleOf(role);
  if (!cfnRole) {
    return undefined;
  }
  const document = Stack.of(cfnRole).resolve(cfnRole.assumeRolePolicyDocument);
  return statementsOf(document).filter((s) => s?.Effect === 'Allow'
    && oneOrMany(s.Principal?.Federated).includes(COGNITO_IDENTITY)
    && oneOrMany(s.Action).some((a) => a === 'sts:AssumeRoleWithWebIdentity' || a === 'sts:*' || a === '*'));
}

/** Which identities a role's trust policy lets in, read from the `amr` conditions of its Cognito Identity statements. */
export enum TrustedAmr {
  /** Every such statement admits only `amr` = unauthenticated: STS gives it to guests only. */
  GUESTS = 'GUESTS',
  /** A statement names `amr` = authenticated (maybe with unauthenticated too). */
  AUTHENTICATED = 'AUTHENTICATED',
  /** A statement has no `amr` condition: any identity its `aud` admits. */
  ANY = 'ANY',
  /** Not judged: an imported role, no Cognito Identity statement, or an `amr` that is a token. */
  UNKNOWN = 'UNKNOWN',
}

/** Read a role's trust policy: which `amr` values its Cognito Identity statements admit. */
export function trustedAmr(role: iam.IRole): TrustedAmr {
  const statements = cognitoTrustStatements(role) ?? [];
  if (statements.length === 0) return TrustedAmr.UNKNOWN;
  const verdicts = statements.map((s): TrustedAmr => {
    const values: unknown[] = [];
    for (const block of Object.values<any>(s.Condition ?? {})) {
      for (const [key, value] of Object.entries<unknown>(block ?? {})) {
        if (key.toLowerCase() === `${COGNITO_IDENTITY}:amr`) values.push(...oneOrMany(value));
      }
    }
    if (values.length === 0) return TrustedAmr.ANY;
    if (values.some((v) => typeof v !== 'string')) return TrustedAmr.UNKNOWN;
    return values.every((v) => v === 'unauthenticated') ? TrustedAmr.GUESTS : TrustedAmr.AUTHENTICATED;
  });
  for (const verdict of [TrustedAmr.UNKNOWN, TrustedAmr.ANY, TrustedAmr.AUTHENTICATED]) {
    if (verdicts.includes(verdict)) return verdict;
  }
  return TrustedAmr.GUESTS;
}

/** The statements of a resolved policy document. */
function statementsOf(document: any): any[] {
  return oneOrMany(document?.Statement);
}

/** A role's `AWS::IAM::Role` resource, or undefined for an imported role. */
function cfnRoleOf(role: iam.IRole): iam.CfnRole | undefined {
  const child = role.node.defaultChild;
  return isCfn<iam.CfnRole>(child, 'AWS::IAM::Role') ? child : undefined;
}

function isCfn<T extends CfnResource>(x: unknown, type: string): x is T {
  return x !== undefined && CfnResource.isCfnResource(x as IConstruct) && (x as CfnResource).cfnResourceType === type;
}
