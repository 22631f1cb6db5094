import { PoolView } from './pool-view';
import { Unresolved } from '../iam/unresolved';

/*
 * What a Cognito user pool puts in a member's ID token for its groups (Cognito developer guide,
 * "Adding groups to a user pool" and "Role-based access control", "Using tokens to assign roles
 * to users"; the CreateGroup API reference, Precedence): `cognito:roles` holds the IAM roles of
 * the user's groups; `cognito:preferred_role` the role of the group with the lowest precedence
 * (zero ranks first, a group without precedence after every group with one). Groups that share
 * the lowest precedence and have different roles leave `cognito:preferred_role` out; when the
 * groups have only one role among them, it is the preferred role.
 */

/** A user pool group of the template, resolved. */
export interface TemplateGroup {
  readonly logicalId: string;
  readonly userPoolId: any;
  readonly name: any;
  readonly precedence: any;
  readonly roleArn: any;
}

/** The role claims a user pool derives from a user's groups, and what they rest on. */
export interface GroupClaims {
  readonly roles: string[];
  readonly preferredRole?: string;
  /** How the role claims came about, for the reason. */
  readonly how: string;
  /** What the derivation depends on that the template does not show. */
  readonly unresolved?: string;
}

/** The user pool groups of a template, resolved once. */
export function templateGroups(view: PoolView): TemplateGroup[] {
  const t = view.template;
  return t.resourcesOfType('AWS::Cognito::UserPoolGroup').map((logicalId) => {
    const props = t.properties(logicalId);
    return { logicalId, userPoolId: props.UserPoolId, name: t.resolve({ Ref: logicalId }), precedence: props.Precedence, roleArn: props.RoleArn };
  });
}

/** The user pools of a template, by their (stand-in) ids. */
export function templateUserPoolIds(view: PoolView): Set<string> {
  const t = view.template;
  return new Set(t.resourcesOfType('AWS::Cognito::UserPool').map((id) => t.resolve({ Ref: id })).filter((id): id is string => typeof id === 'string'));
}

/**
 * `cognito:roles` and `cognito:preferred_role` as the user pool `userPoolId` puts them in the
 * ID token of a member of `groupNames`. Only the user's own groups count, and a group's name is
 * unique in its user pool (CreateGroup), so the template decides when it defines each of them,
 * whether or not the user pool itself is in the template.
 */
export function groupClaims(userPoolId: string, groupNames: string[], groups: TemplateGroup[], userPools: Set<string>): GroupClaims {
  const source = 'as the user pool puts them in the ID token (Cognito developer guide, "Adding groups to a user pool")';
  const members: TemplateGroup[] = [];
  for (const name of groupNames) {
    const group = groups.find((g) => g.userPoolId === userPoolId && g.name === name);
    if (!group) {
      const where = userPools.has(userPoolId) ? '' : ' (nor the user pool, which is of another stack or the console)';
      return {
        roles: [],
        how: 'cognito:groups without cognito:roles',
        unresolved: `the group ${JSON.stringify(name)} of the user pool ${userPoolId}, which the template does not define${where}: its role and precedence ` +
          'cannot be seen (give the token\'s cognito:roles and cognito:preferred_role as claims)',
      };
    }
    const unknown = [group.roleArn, group.precedence, group.name].find((v) => v instanceof Unresolved) as Unresolved | undefined;
    if (unknown) {
      return { roles: [], how: 'cognito:groups without cognito:roles', unresolved: `the group ${group.logicalId}: ${unknown.what}` };
    }
    members.push(group);
  }
  const rank = (g: TemplateGroup) => (g.precedence === undefined ? Number.POSITIVE_INFINITY : Number(g.precedence));
  const withRoles = members.filter((g) => typeof g.roleArn === 'string').sort((a, b) => rank(a) - rank(b));
  const roles = [...new Set(withRoles.map((g) => g.roleArn as string))];
  const describeGroup = (g: TemplateGroup) => `${JSON.stringify(g.name)} (${g.logicalId}, precedence ${g.precedence ?? 'none'})`;
  if (roles.length === 0) {
    return { roles, how: `none of the user's groups (${groupNames.join(', ') || 'none'}) has an IAM role, so the ID token carries neither cognito:roles nor cognito:preferred_role, ${source}` };
  }
  const best = withRoles.filter((g) => rank(g) === rank(withRoles[0]));
  const bestRoles = [...new Set(best.map((g) => g.roleArn as string))];
  if (roles.length === 1 || bestRoles.length === 1) {
    const from = roles.length === 1 && best.length > 1 ? withRoles : best;
    return {
      roles,
      preferredRole: bestRoles[0],
      how: `cognito:preferred_role is the role of the group ${from.map(describeGroup).join(' and ')}, ${roles.length === 1 ? 'the only role among the user\'s groups' : 'the lowest precedence among the user\'s groups with a role'}, ${source}`,
    };
  }
  return {
    roles,
    how: `the groups ${best.map(describeGroup).join(' and ')} share the lowest precedence with different roles, so the ID token carries cognito:roles but no cognito:preferred_role, ${source}`,
  };
}

/** The user pool id a user pool's provider name ends with (`cognito-idp.<region>.<suffix>/<id>`). */
export function userPoolIdOf(providerName: string): string | undefined {
  return /^cognito-idp\.[^/]+\/([\w-]+_[0-9a-zA-Z]+)$/.exec(providerName)?.[1];
}
