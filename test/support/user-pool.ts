import type { Deployment } from './deploy';
import type { Claims } from './tokens';

/**
 * What a Cognito user pool writes into a member's ID token for its groups, written for the test
 * side from the Cognito developer guide ("Adding groups to a user pool"; "Role-based access
 * control", "Using tokens to assign roles to users") and the CreateGroup API reference
 * (Precedence), apart from the simulator's own reading (src/simulator/user-pool-groups.ts):
 *
 * - `cognito:roles`: the role ARNs of the user's groups that have one;
 * - `cognito:preferred_role`: the role of the best-ranked group with a role, where a lower
 *   Precedence ranks better and a group without Precedence ranks last; left out when the
 *   best-ranked groups disagree on the role, except that a single role among all the groups is
 *   always preferred.
 */

/** A user pool group as deployed: its user pool, name, role and precedence. */
export interface DeployedGroup {
  readonly userPoolId: string;
  readonly groupName: string;
  readonly roleArn?: string;
  readonly precedence?: number;
}

/** The token claims with the user pool's role claims added, when the token names groups and no role claim. */
export function withGroupRoleClaims(claims: Claims, userPoolId: string, groups: DeployedGroup[]): Claims {
  const names = claims['cognito:groups'];
  if (!Array.isArray(names) || 'cognito:roles' in claims || 'cognito:preferred_role' in claims) {
    return claims;
  }
  const mine = groups.filter((g) => g.userPoolId === userPoolId && names.includes(g.groupName) && g.roleArn !== undefined);
  if (mine.length === 0) {
    return claims;
  }
  const order = (g: DeployedGroup) => g.precedence ?? Infinity;
  mine.sort((a, b) => order(a) - order(b));
  const roles: string[] = [];
  for (const g of mine) {
    if (!roles.includes(g.roleArn!)) roles.push(g.roleArn!);
  }
  const top = mine.filter((g) => order(g) === order(mine[0]));
  const topRoles = new Set(top.map((g) => g.roleArn));
  const out: Claims = { ...claims, 'cognito:roles': roles };
  if (roles.length === 1) {
    out['cognito:preferred_role'] = roles[0];
  } else if (topRoles.size === 1) {
    out['cognito:preferred_role'] = top[0].roleArn;
  }
  return out;
}

/** The user pool groups the deployment made. */
export function deployedGroups(deployment: Deployment): DeployedGroup[] {
  return deployment.resources.filter((r) => r.type === 'AWS::Cognito::UserPoolGroup').map((r) => ({
    userPoolId: String(r.properties.UserPoolId),
    groupName: r.physicalId,
    roleArn: r.properties.RoleArn === undefined ? undefined : String(r.properties.RoleArn),
    precedence: r.properties.Precedence === undefined ? undefined : Number(r.properties.Precedence),
  }));
}
