import { PoolView } from './pool-view';
import { ResourcePolicyInput } from '../iam/evaluation';
import { PolicySource } from '../iam/policy';
import { hasResourcePolicies } from '../iam/resource-policy-services';
import { Unresolved } from '../iam/unresolved';
import { oneOrMany } from '../iam/values';

/*
 * The resource policies of the template, by the resource they belong to: S3 bucket policies,
 * SQS queue policies, SNS topic policies, KMS key policies and DynamoDB table resource policies.
 * A question about one of those resources is evaluated with its policy (or with none, when the
 * template attaches none). A question about any other resource of a service that has resource
 * policies (IAM User Guide, "AWS services that work with IAM") cannot see that resource's
 * policy: the answer depends on it, unless an explicit Deny decides.
 */

/** A resource of the template whose policy the simulator reads. */
interface PolicyHolder {
  /** The resource's ARN. */
  readonly arn: string;
  /** Whether a question's ARN is this resource (or inside it: a bucket's objects, a table's indexes). */
  readonly holds: (arn: string) => boolean;
  readonly keyPolicy: boolean;
  /** The policy documents attached to it, with how reasons name them. */
  readonly policies: PolicySource[];
}

/** The resource policies of one template, read once. */
export class TemplateResourcePolicies {
  private readonly holders: PolicyHolder[];

  constructor(private readonly view: PoolView) {
    this.holders = readHolders(view);
  }

  /**
   * The resource policy of the resource a question names: its policy from the template, none,
   * or an unseen one. Undefined for `*` and for services without resource policies.
   */
  public forResource(arn: string, action: string): ResourcePolicyInput | undefined {
    if (arn === '*') {
      return undefined;
    }
    const holder = this.holders.find((h) => h.holds(arn));
    if (holder) {
      if (holder.policies.length === 0) {
        return undefined;
      }
      return { policy: combine(holder.policies), keyPolicy: holder.keyPolicy };
    }
    const service = arn.split(':')[2] ?? '';
    if (!hasResourcePolicies(service, action)) {
      return undefined;
    }
    return {
      unseen: `the resource policy of ${arn} (a resource that is not in the template; pass its policy as the resourcePolicy option of evaluate)`,
      keyPolicy: service === 'kms',
      crossAccount: this.crossAccount(arn),
    };
  }

  /** Whether an ARN names another account than the pool's stack. */
  public crossAccount(arn: string): boolean {
    const account = arn.split(':')[4];
    return account !== undefined && account !== '' && account !== this.view.template.account;
  }

  /** Whether a question's ARN is a resource whose policy the template holds (the resourcePolicy option does not apply). */
  public holds(arn: string): boolean {
    return this.holders.some((h) => h.holds(arn));
  }
}

/** Several policy documents of one resource, read as one (their statements together). */
function combine(policies: PolicySource[]): PolicySource {
  if (policies.length === 1) return policies[0];
  const unresolved = policies.find((p) => p.document instanceof Unresolved || p.document === null || typeof p.document !== 'object');
  if (unresolved) return unresolved;
  return {
    label: policies.map((p) => p.label).join(' and '),
    document: { Version: '2012-10-17', Statement: policies.flatMap((p) => oneOrMany(p.document.Statement)) },
  };
}

function readHolders(view: PoolView): PolicyHolder[] {
  const t = view.template;
  const arnOf = (id: string): string | undefined => {
    const arn = t.resolve({ 'Fn::GetAtt': [id, 'Arn'] });
    return typeof arn === 'string' ? arn : undefined;
  };
  const policy = (id: string, type: string, document: any, kind = 'resource policy'): PolicySource =>
    ({ label: `the ${kind} ${id} (${type})`, document: document ?? new Unresolved(`${id} has no policy document`) });
  const holders: PolicyHolder[] = [];

  for (const id of t.resourcesOfType('AWS::S3::Bucket')) {
    const arn = arnOf(id);
    const name = t.resolve({ Ref: id });
    if (arn === undefined) continue;
    const policies = t.resourcesOfType('AWS::S3::BucketPolicy')
      .filter((p) => t.properties(p).Bucket === name)
      .map((p) => policy(p, 'AWS::S3::BucketPolicy', t.properties(p).PolicyDocument));
    holders.push({ arn, holds: (a) => a === arn || a.startsWith(`${arn}/`), keyPolicy: false, policies });
  }
  for (const id of t.resourcesOfType('AWS::SQS::Queue')) {
    const arn = arnOf(id);
    const url = t.resolve({ Ref: id });
    if (arn === undefined) continue;
    const policies = t.resourcesOfType('AWS::SQS::QueuePolicy')
      .filter((p) => oneOrMany(t.properties(p).Queues).includes(url))
      .map((p) => policy(p, 'AWS::SQS::QueuePolicy', t.properties(p).PolicyDocument));
    holders.push({ arn, holds: (a) => a === arn, keyPolicy: false, policies });
  }
  for (const id of t.resourcesOfType('AWS::SNS::Topic')) {
    const arn = t.resolve({ Ref: id });
    if (typeof arn !== 'string') continue;
    const policies = t.resourcesOfType('AWS::SNS::TopicPolicy')
      .filter((p) => oneOrMany(t.properties(p).Topics).includes(arn))
      .map((p) => policy(p, 'AWS::SNS::TopicPolicy', t.properties(p).PolicyDocument));
    holders.push({ arn, holds: (a) => a === arn, keyPolicy: false, policies });
  }
  for (const id of t.resourcesOfType('AWS::KMS::Key')) {
    const arn = arnOf(id);
    if (arn === undefined) continue;
    // Without a KeyPolicy, KMS gives the key its default key policy, which lets the account's
    // IAM policies grant on it (AWS::KMS::Key, KeyPolicy; AWS KMS developer guide, "Default key policy").
    const given = t.properties(id).KeyPolicy;
    const document = given ?? {
      Version: '2012-10-17',
      Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:${t.partition}:iam::${t.account}:root` }, Action: 'kms:*', Resource: '*' }],
    };
    holders.push({ arn, holds: (a) => a === arn, keyPolicy: true, policies: [policy(id, 'AWS::KMS::Key', keyScoped(document, arn), given ? 'key policy' : 'default key policy')] });
  }
  for (const id of t.resourcesOfType('AWS::DynamoDB::Table')) {
    const arn = arnOf(id);
    if (arn === undefined) continue;
    const document = t.properties(id).ResourcePolicy?.PolicyDocument;
    holders.push({ arn, holds: (a) => a === arn || a.startsWith(`${arn}/`), keyPolicy: false, policies: document === undefined ? [] : [policy(id, 'AWS::DynamoDB::Table', document)] });
  }
  return holders;
}

/** A key policy's `Resource: "*"` means the key itself. */
function keyScoped(document: any, keyArn: string): any {
  if (document instanceof Unresolved || document === null || typeof document !== 'object' || document.Statement instanceof Unresolved) {
    return document;
  }
  return {
    ...document,
    Statement: oneOrMany(document.Statement).map((statement: any) => (statement && statement.Resource !== undefined
      ? { ...statement, Resource: oneOrMany(statement.Resource).map((r: any) => (r === '*' ? keyArn : r)) }
      : statement)),
  };
}
