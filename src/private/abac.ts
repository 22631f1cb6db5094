import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * Synth-time reading of the IAM side of a pool: the policies of the roles it hands out (which
 * principal tags they read) and their trust policies (whether they trust this pool). Only
 * what resolves to literal values is judged; tokens are skipped, never guessed.
 */

const COGNITO_IDENTITY = 'cognito-identity.amazonaws.com';
/** `${aws:PrincipalTag/<tag>}` with a literal tag: a token in the middle splits the string. */
const PRINCIPAL_TAG_VARIABLE = /\$\{aws:PrincipalTag\/([^}"]+)\}/g;

/** A principal tag that a policy of a role reads. */
export interface PolicyTagUse {
  /** The construct path of the policy (or of the role, for its inline policies). */
  readonly policy: string;
  readonly tag: string;
}

/** The principal tags the policies attached to a role read, by policy. */
export function principalTagsReadBy(role: iam.IRole): PolicyTagUse[] {
  const cfnRole = cfnOf(role, 'AWS::IAM::Role') as iam.CfnRole | undefined;
  if (!cfnRole) {
    return []; // an imported role: its policies cannot be seen
  }
  const stack = Stack.of(cfnRole);
  const roleRef = JSON.stringify(stack.resolve(cfnRole.ref));
  const managedArns = JSON.stringify(stack.resolve(cfnRole.managedPolicyArns) ?? []);
  const uses: PolicyTagUse[] = [];
  const read = (policy: IConstruct, document: unknown) => {
    const text = JSON.stringify(stack.resolve(document) ?? null);
    for (const match of text.matchAll(PRINCIPAL_TAG_VARIABLE)) {
      uses.push({ policy: policy.node.path, tag: match[1] });
    }
  };
  read(cfnRole, cfnRole.policies);
  for (const construct of stack.node.findAll()) {
    if (isCfn<iam.CfnPolicy>(construct, 'AWS::IAM::Policy')) {
      if (JSON.stringify(stack.resolve(construct.roles) ?? []).includes(roleRef)) {
        read(construct.node.scope ?? construct, construct.policyDocument);
      }
    } else if (isCfn<iam.CfnManagedPolicy>(construct, 'AWS::IAM::ManagedPolicy')) {
      const attached = JSON.stringify(stack.resolve(construct.roles) ?? []).includes(roleRef)
        || managedArns.includes(JSON.stringify(stack.resolve(construct.ref)));
      if (attached) {
        read(construct.node.scope ?? construct, construct.policyDocument);
      }
    }
  }
  return uses;
}

/** How a role's trust policy treats the identities of one pool. */
export enum PoolTrust {
  /** Every statement that trusts Cognito Identity requires `aud` = this pool. */
  THIS_POOL = 'THIS_POOL',
  /** A statement trusts Cognito Identity without any `aud` condition: any pool's identities. */
  OPEN = 'OPEN',
  /** Its `aud` names another pool (a literal id that is not this pool's). */
  OTHER_POOL = 'OTHER_POOL',
  /** It does not trust Cognito Identity at all. */
  NONE = 'NONE',
  /** Not judged: an imported role, or an `aud` that is a token. */
  UNKNOWN = 'UNKNOWN',
}

/** Read a role's trust policy against one pool's id. */
export function trustOf(role: iam.IRole, poolId: string): PoolTrust {
  const cfnRole = cfnOf(role, 'AWS::IAM::Role') as iam.CfnRole | undefined;
  if (!cfnRole) {
    return PoolTrust.UNKNOWN;
  }
  const stack = Stack.of(cfnRole);
  const document = stack.resolve(cfnRole.assumeRolePolicyDocument) as { Statement?: any[] } | undefined;
  const wanted = JSON.stringify(stack.resolve(poolId));
  const statements = (document?.Statement ?? []).filter((s) => s.Effect === 'Allow'
    && list(s.Principal?.Federated).includes(COGNITO_IDENTITY)
    && list(s.Action).some((a) => a === 'sts:AssumeRoleWithWebIdentity' || a === 'sts:*' || a === '*'));
  if (statements.length === 0) {
    return PoolTrust.NONE;
  }
  let unknown = false;
  for (const statement of statements) {
    const audiences = Object.entries<any>(statement.Condition ?? {})
      .filter(([operator]) => /^(ForAnyValue:|ForAllValues:)?StringEquals$/.test(operator))
      .map(([, condition]) => condition?.[`${COGNITO_IDENTITY}:aud`])
      .filter((aud) => aud !== undefined)
      .flatMap(list);
    if (audiences.length === 0) {
      return PoolTrust.OPEN;
    }
    if (audiences.some((aud) => JSON.stringify(aud) === wanted)) {
      continue;
    }
    if (audiences.every((aud) => typeof aud === 'string' && !Token.isUnresolved(aud))) {
      return PoolTrust.OTHER_POOL;
    }
    unknown = true;
  }
  return unknown ? PoolTrust.UNKNOWN : PoolTrust.THIS_POOL;
}

/** A construct's CloudFormation resource of the given type, by type name (not by class). */
function cfnOf(construct: IConstruct, type: string): CfnResource | undefined {
  const child = construct.node.defaultChild;
  return isCfn(child, type) ? child : undefined;
}

function isCfn<T extends CfnResource>(x: unknown, type: string): x is T {
  return CfnResource.isCfnResource(x as IConstruct) && (x as CfnResource).cfnResourceType === type;
}

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
