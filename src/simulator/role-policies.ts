import { PoolView } from './pool-view';
import { ResolvedTemplate } from './template';
import { PolicySource } from '../iam/policy';
import { Unresolved } from '../iam/unresolved';
import { oneOrMany } from '../iam/values';

/**
 * §6: a role of the template and its own policies: its identity policies and its permissions
 * boundary (the resource policies of the template are ./resource-policies.ts).
 */

/** A role of the template: its logical id and resolved properties. */
export interface TemplateRole {
  readonly logicalId: string;
  readonly arn: string;
  readonly name: string | Unresolved;
  readonly properties: any;
}

/** The logical id of the template's `AWS::IAM::Role` whose ARN is this one, if any. */
export function roleLogicalId(template: ResolvedTemplate, roleArn: string): string | undefined {
  return template.resourcesOfType('AWS::IAM::Role').find((id) => template.resolve({ 'Fn::GetAtt': [id, 'Arn'] }) === roleArn);
}

/** The `AWS::IAM::Role` of the template whose ARN is this one, if any. */
export function findRole(view: PoolView, roleArn: string): TemplateRole | undefined {
  const t = view.template;
  const id = roleLogicalId(t, roleArn);
  return id === undefined ? undefined : { logicalId: id, arn: roleArn, name: t.resolve({ Ref: id }), properties: t.properties(id) };
}

/** The policies of a role as the template attaches them, and those it cannot see. */
export interface RolePolicies {
  readonly identityPolicies: PolicySource[];
  readonly unseenPolicies: string[];
  readonly permissionsBoundary?: PolicySource;
  readonly unseenPermissionsBoundary?: string;
}

/**
 * §6: the identity policies of the role: inline `Policies`, `AWS::IAM::Policy` and
 * `AWS::IAM::RolePolicy` naming it, customer managed policies of the stack attached to it
 * (either side), and its permissions boundary. A managed policy ARN that is not a policy of
 * the stack (an AWS managed policy, a policy of another stack) is unseen: an answer that
 * depends on it is UNDETERMINED.
 */
export function rolePolicies(view: PoolView, role: TemplateRole): RolePolicies {
  const t = view.template;
  const identityPolicies: PolicySource[] = [];
  const unseenPolicies: string[] = [];
  const conditional = (id: string): boolean => {
    const deployed = t.isDeployed(id);
    if (deployed instanceof Unresolved) {
      unseenPolicies.push(`${id} (whether it deploys depends on ${deployed.what})`);
      return true;
    }
    return !deployed;
  };
  oneOrMany(role.properties.Policies).forEach((p: any, i: number) => {
    identityPolicies.push({ label: `inline policy ${p.PolicyName ?? i} of ${role.logicalId}`, document: p.PolicyDocument });
  });
  for (const id of Object.keys(t.resources)) {
    const type = t.resources[id].Type;
    if (type !== 'AWS::IAM::Policy' && type !== 'AWS::IAM::RolePolicy' && type !== 'AWS::IAM::ManagedPolicy') continue;
    const props = t.properties(id);
    const roles = type === 'AWS::IAM::RolePolicy' ? [props.RoleName] : oneOrMany(props.Roles);
    if (!roles.some((r: any) => r === role.name) || conditional(id)) continue;
    identityPolicies.push({ label: `${id} (${type})`, document: props.PolicyDocument });
  }
  const managed = (arn: any): PolicySource | string => {
    if (arn instanceof Unresolved) return arn.what;
    for (const id of t.resourcesOfType('AWS::IAM::ManagedPolicy')) {
      if (t.resolve({ Ref: id }) === arn) {
        return { label: `${id} (AWS::IAM::ManagedPolicy)`, document: t.properties(id).PolicyDocument };
      }
    }
    return `managed policy ${arn}${/^arn:[^:]+:iam::aws:policy\//.test(String(arn)) ? ' (an AWS managed policy)' : ' (not a policy of the stack)'}`;
  };
  const labels = new Set(identityPolicies.map((p) => p.label));
  for (const arn of oneOrMany(role.properties.ManagedPolicyArns)) {
    const found = managed(arn);
    if (typeof found === 'string') {
      unseenPolicies.push(found);
    } else if (!labels.has(found.label)) {
      identityPolicies.push(found);
      labels.add(found.label);
    }
  }
  const result: RolePolicies = { identityPolicies, unseenPolicies };
  if (role.properties.PermissionsBoundary !== undefined) {
    const boundary = managed(role.properties.PermissionsBoundary);
    return typeof boundary === 'string'
      ? { ...result, unseenPermissionsBoundary: boundary }
      : { ...result, permissionsBoundary: boundary };
  }
  return result;
}
