import { PoolView } from './pool-view';
import { PolicySource } from '../iam/policy';
import { Unresolved } from '../iam/unresolved';
import { oneOrMany } from '../iam/values';

/**
 * §6: a role of the template and the policies that decide what its sessions may do: its
 * identity policies, its permissions boundary, and the resource policies of the template.
 */

/** A role of the template: its logical id and resolved properties. */
export interface TemplateRole {
  readonly logicalId: string;
  readonly arn: string;
  readonly name: string | Unresolved;
  readonly properties: any;
}

/** The `AWS::IAM::Role` of the template whose ARN is this one, if any. */
export function findRole(view: PoolView, roleArn: string): TemplateRole | undefined {
  const t = view.template;
  for (const id of t.resourcesOfType('AWS::IAM::Role')) {
    if (t.resolve({ 'Fn::GetAtt': [id, 'Arn'] }) === roleArn) {
      return { logicalId: id, arn: roleArn, name: t.resolve({ Ref: id }), properties: t.properties(id) };
    }
  }
  return undefined;
}

/** The policies of a role as the template attaches them, and those it cannot see. */
export interface RolePolicies {
  readonly identityPolicies: PolicySource[];
  readonly unseenPolicies: string[];
  readonly permissionsBoundary?: PolicySource;
  readonly unseenPermissionsBoundary?: string;
  /** Deny statements of the template's resource policies that apply to sessions of the role. */
  readonly resourceDenies: PolicySource[];
  /** Allow statements of the template's resource policies that name the role (or everyone). */
  readonly resourceAllows: PolicySource[];
  /**
   * The KMS keys of the template, by ARN: what their key policies delegate to the account's IAM
   * policies. For a key, IAM policies grant only what the key policy lets them grant.
   */
  readonly keyDelegations: { [keyArn: string]: PolicySource };
  /** The identity policies and the resource policies' Deny statements, read together. */
  readonly withResourceDenies: PolicySource[];
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
  const resources = resourcePolicies(view, role);
  const withResourceDenies = [...identityPolicies, ...resources.resourceDenies];
  const result: RolePolicies = { identityPolicies, unseenPolicies, ...resources, withResourceDenies };
  if (role.properties.PermissionsBoundary !== undefined) {
    const boundary = managed(role.properties.PermissionsBoundary);
    return typeof boundary === 'string'
      ? { ...result, unseenPermissionsBoundary: boundary }
      : { ...result, permissionsBoundary: boundary };
  }
  return result;
}

/**
 * IAM policy evaluation within one account (IAM User Guide, "Policy evaluation logic"): a
 * resource policy's explicit Deny applies to the session like any other; its Allow to the
 * role's ARN (or to everyone) grants too, within the role's permissions boundary and the
 * session policies. An Allow to the account (`:root`) only delegates to the role's own
 * policies. Read from the template: S3 bucket policies, SQS queue policies, SNS topic
 * policies (each statement names its resources) and KMS key policies (`Resource: "*"` is the
 * key; an Allow to the account lets IAM policies grant on the key). Policies of other
 * resource types are not read.
 */
function resourcePolicies(view: PoolView, role: TemplateRole): {
  resourceDenies: PolicySource[]; resourceAllows: PolicySource[]; keyDelegations: { [keyArn: string]: PolicySource };
} {
  const t = view.template;
  const resourceDenies: PolicySource[] = [];
  const resourceAllows: PolicySource[] = [];
  const keyDelegations: { [keyArn: string]: PolicySource } = {};
  const read = (id: string, type: string, document: any, keyArn?: string) => {
    const label = `the ${keyArn ? 'key policy' : 'resource policy'} ${id} (${type})`;
    if (document instanceof Unresolved || document === undefined || document === null) {
      resourceDenies.push({ label, document: document ?? new Unresolved(`${id} has no policy document`) });
      return;
    }
    const denies: any[] = [];
    const allows: any[] = [];
    const delegated: any[] = [];
    for (const statement of oneOrMany(document.Statement)) {
      // A key policy's Resource "*" means the key itself.
      const scoped = keyArn && statement && statement.Resource !== undefined
        ? { ...statement, Resource: oneOrMany(statement.Resource).map((r: any) => (r === '*' ? keyArn : r)) } : statement;
      if (keyArn && statement?.Effect === 'Allow' && delegatesToAccount(statement, t.account)) {
        const { Principal: _p, ...rest } = scoped;
        delegated.push(rest);
      }
      const applies = principalApplies(statement, role, t.account, statement?.Effect === 'Deny');
      if (applies === false) continue;
      const { Principal: _p, NotPrincipal: _np, ...rest } = scoped;
      const plain = applies === true ? rest : { ...rest, Condition: applies };
      (statement.Effect === 'Deny' ? denies : allows).push(plain);
    }
    if (denies.length > 0) resourceDenies.push({ label, document: { Version: document.Version, Statement: denies } });
    if (allows.length > 0) resourceAllows.push({ label, document: { Version: document.Version, Statement: allows } });
    if (keyArn) keyDelegations[keyArn] = { label, document: { Version: document.Version, Statement: delegated } };
  };
  for (const type of ['AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy']) {
    for (const id of t.resourcesOfType(type)) {
      read(id, type, t.properties(id).PolicyDocument);
    }
  }
  for (const id of t.resourcesOfType('AWS::KMS::Key')) {
    const arn = t.resolve({ 'Fn::GetAtt': [id, 'Arn'] });
    if (typeof arn === 'string') {
      read(id, 'AWS::KMS::Key', t.properties(id).KeyPolicy, arn);
    }
  }
  return { resourceDenies, resourceAllows, keyDelegations };
}

/** Whether an Allow of a key policy names the account itself: it lets the account's IAM policies grant. */
function delegatesToAccount(statement: any, account: string): boolean {
  return oneOrMany(statement.Principal?.AWS).some((p: any) => p === account || (typeof p === 'string' && p.endsWith(`:iam::${account}:root`)));
}

/**
 * Whether a resource-policy statement's principal is a session of the role: true, false, or
 * an Unresolved naming why the simulator cannot tell. For a Deny, the account (`:root`, the
 * account id) covers the role's sessions; for an Allow, it only delegates to the role's own
 * policies, so it grants nothing by itself.
 */
function principalApplies(statement: any, role: TemplateRole, account: string, deny: boolean): boolean | Unresolved {
  const matches = (principal: any): boolean | Unresolved => {
    if (principal === '*') return true;
    if (principal instanceof Unresolved) return principal;
    if (principal === undefined || principal === null || typeof principal !== 'object') return false;
    for (const p of oneOrMany(principal.AWS)) {
      if (p instanceof Unresolved) return new Unresolved(`whether the principal of a statement is this session: ${p.what}`);
      if (p === '*' || p === role.arn) return true;
      if (deny && (p === account || (typeof p === 'string' && p.endsWith(`:iam::${account}:root`)))) return true;
      if (typeof p === 'string' && p.includes(':assumed-role/')) {
        return new Unresolved(`whether the session ARN ${p} of a resource policy is this session`);
      }
    }
    return false;
  };
  if (statement.NotPrincipal !== undefined) {
    const listed = matches(statement.NotPrincipal);
    return listed instanceof Unresolved ? listed : !listed;
  }
  return matches(statement.Principal);
}
