/**
 * User pool groups: the user pool puts `cognito:roles` and `cognito:preferred_role` in a member's
 * ID token from the groups' roles and precedence (Cognito developer guide, "Adding groups to a
 * user pool"; "Role-based access control", "Using tokens to assign roles to users"; the
 * CreateGroup API reference, Precedence). The expectations are those pages' rules: the lowest
 * precedence wins, zero first, a group without precedence after every group with one; groups
 * sharing the lowest precedence with different roles leave `cognito:preferred_role` out; a
 * single role among the groups is the preferred role.
 */
import { Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AmbiguousRoleResolution, Decision, IdentityPool, IdentityPoolSimulator, IdentityProvider, RoleMapping, RoleMappingRule } from '../../src';
import { newStack } from '../util';

function groupsApp(
  ambiguousRoleResolution?: AmbiguousRoleResolution,
  configure: (roles: { editors: iam.Role }) => void = () => undefined,
  stack: Stack = newStack(),
) {
  const userPool = new cognito.UserPool(stack, 'Users');
  const client = userPool.addClient('Web');
  const users = IdentityProvider.userPool(userPool, client);
  const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users] });
  const editors = pool.createRole('Editors');
  const viewers = pool.createRole('Viewers');
  const auditors = pool.createRole('Auditors');
  const group = (id: string, groupName: string, role?: iam.IRole, precedence?: number) =>
    new cognito.UserPoolGroup(stack, id, { userPool, groupName, role, precedence });
  group('EditorsGroup', 'editors', editors, 1);
  group('ViewersGroup', 'viewers', viewers, 2);
  group('AuditorsGroup', 'auditors', auditors, 1);
  group('GuestsGroup', 'guests-of-honour', viewers);
  group('UnrankedGroup', 'unranked', auditors);
  group('NoRoleGroup', 'newsletter', undefined, 0);
  new RoleMapping(stack, 'Mapping', { identityPool: pool, provider: users, useToken: true, ambiguousRoleResolution });
  configure({ editors });
  return { stack, userPool, users, pool, editors, viewers, auditors, sim: IdentityPoolSimulator.of(pool) };
}

describe('a token-based mapping reads the role claims the user pool derives from the groups', () => {
  test('the group with the lowest precedence gives cognito:preferred_role, and the reason names it', () => {
    const { sim, users, editors } = groupsApp();
    const user = sim.signIn(users, { claims: { 'sub': 'eve', 'cognito:groups': ['viewers', 'editors'] } });
    expect(user.granted).toBe(true);
    expect(user.role).toBe(editors);
    expect(user.reason).toContain('the token-based mapping takes the token\'s cognito:preferred_role');
    expect(user.reason).toContain('cognito:preferred_role is the role of the group "editors" (EditorsGroup');
    expect(user.reason).toContain('precedence 1');
    expect(user.reason).toContain('Cognito developer guide, "Adding groups to a user pool"');
  });

  test('a group without precedence ranks after every group with one; a group without a role gives none', () => {
    const { sim, users, viewers } = groupsApp();
    expect(sim.signIn(users, { groups: ['unranked', 'viewers', 'newsletter'] }).role).toBe(viewers);
  });

  test('groups sharing the lowest precedence with different roles: no cognito:preferred_role, so the mapping is ambiguous', () => {
    const denying = groupsApp();
    const refused = denying.sim.signIn(denying.users, { groups: ['editors', 'auditors', 'viewers'] });
    expect(refused.granted).toBe(false);
    expect(refused.reason).toContain('share the lowest precedence with different roles, so the ID token carries cognito:roles but no cognito:preferred_role');
    expect(refused.reason).toContain('AmbiguousRoleResolution is Deny');
    const lenient = groupsApp(AmbiguousRoleResolution.AUTHENTICATED_ROLE);
    expect(lenient.sim.signIn(lenient.users, { groups: ['editors', 'auditors'] }).role).toBe(lenient.pool.authenticatedRole);
  });

  test('one role among the groups is the preferred role, whatever their precedence', () => {
    const { sim, users, viewers } = groupsApp();
    const user = sim.signIn(users, { groups: ['guests-of-honour', 'viewers'] });
    expect(user.role).toBe(viewers);
    expect(user.reason).toContain('the only role among the user\'s groups');
  });

  test('customRoleArn is taken when it is one of the groups\' roles, and refused when it is not', () => {
    const { sim, users, editors, viewers, auditors } = groupsApp();
    expect(sim.signIn(users, { groups: ['editors', 'viewers'], customRoleArn: viewers.roleArn }).role).toBe(viewers);
    const refused = sim.signIn(users, { groups: ['editors', 'viewers'], customRoleArn: auditors.roleArn });
    expect(refused.granted).toBe(false);
    expect(refused.reason).toContain('is not one of the token\'s cognito:roles');
    expect(sim.signIn(users, { groups: ['editors'] }).role).toBe(editors);
  });

  test('role claims the caller gives win over the groups', () => {
    const { sim, users, viewers } = groupsApp();
    const user = sim.signIn(users, { claims: { 'cognito:groups': ['editors'], 'cognito:preferred_role': viewers.roleArn, 'cognito:roles': [viewers.roleArn] } });
    expect(user.role).toBe(viewers);
    expect(user.reason).not.toContain('Adding groups to a user pool');
  });

  test('the sessions are evaluated as any other: the derived role\'s policies decide', () => {
    const { sim, users } = groupsApp(undefined, ({ editors }) => {
      editors.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['dynamodb:PutItem'], resources: ['*'] }));
    });
    expect(sim.signIn(users, { groups: ['editors'] }).evaluate('dynamodb:PutItem', '*').decision).toBe(Decision.ALLOWED);
    expect(sim.signIn(users, { groups: ['viewers'] }).evaluate('dynamodb:PutItem', '*').decision).toBe(Decision.DENIED);
  });
});

describe('what the template does not show is UNDETERMINED, never the default role', () => {
  test('a group the template does not define', () => {
    const { sim, users } = groupsApp(AmbiguousRoleResolution.AUTHENTICATED_ROLE);
    const user = sim.signIn(users, { groups: ['made-in-the-console'] });
    expect(user.granted).toBe(false);
    expect(user.reason).toContain('undetermined');
    expect(user.reason).toContain('the group "made-in-the-console" of the user pool');
    expect(user.evaluate('s3:GetObject', '*').decision).toBe(Decision.UNDETERMINED);
  });

  test('a user pool of another stack or the console: its groups cannot be seen', () => {
    const stack = newStack({ env: { account: '111122223333', region: 'eu-west-1' } });
    const userPool = cognito.UserPool.fromUserPoolId(stack, 'Users', 'eu-west-1_abcDEF123');
    const client = cognito.UserPoolClient.fromUserPoolClientId(stack, 'Web', 'client123');
    const users = IdentityProvider.userPool(userPool, client);
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users] });
    new RoleMapping(stack, 'Mapping', { identityPool: pool, provider: users, useToken: true, ambiguousRoleResolution: AmbiguousRoleResolution.AUTHENTICATED_ROLE });
    const user = IdentityPoolSimulator.of(pool).signIn(users, { groups: ['editors'] });
    expect(user.granted).toBe(false);
    expect(user.reason).toContain('the group "editors" of the user pool eu-west-1_abcDEF123, which the template does not define (nor the user pool, which is of another stack or the console)');
  });

  test('a user pool of another stack whose groups the template defines: the groups decide', () => {
    const stack = newStack({ env: { account: '111122223333', region: 'eu-west-1' } });
    const userPool = cognito.UserPool.fromUserPoolId(stack, 'Users', 'eu-west-1_abcDEF123');
    const client = cognito.UserPoolClient.fromUserPoolClientId(stack, 'Web', 'client123');
    const users = IdentityProvider.userPool(userPool, client);
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users] });
    const editors = pool.createRole('Editors');
    new cognito.CfnUserPoolGroup(stack, 'EditorsGroup', { userPoolId: userPool.userPoolId, groupName: 'editors', roleArn: editors.roleArn });
    new RoleMapping(stack, 'Mapping', { identityPool: pool, provider: users, useToken: true, ambiguousRoleResolution: AmbiguousRoleResolution.DENY });
    const sim = IdentityPoolSimulator.of(pool);
    const editor = sim.signIn(users, { groups: ['editors'] });
    expect(editor.granted).toBe(true);
    expect(editor.role).toBe(editors);
    const other = sim.signIn(users, { groups: ['editors', 'made-in-the-console'] });
    expect(other.granted).toBe(false);
    expect(other.reason).toContain('the group "made-in-the-console" of the user pool eu-west-1_abcDEF123, which the template does not define (nor the user pool');
  });

  test('a rule-based mapping reads the claims as given, and does not need the groups', () => {
    const stack = newStack();
    const userPool = new cognito.UserPool(stack, 'Users');
    const users = IdentityProvider.userPool(userPool, userPool.addClient('Web'));
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users] });
    const admins = pool.createRole('Admins');
    new RoleMapping(stack, 'Mapping', { identityPool: pool, provider: users, rules: [RoleMappingRule.equalTo('cognito:groups', 'admins', admins)] });
    expect(IdentityPoolSimulator.of(pool).signIn(users, { groups: ['admins'] }).role).toBe(admins);
  });
});

test('groups and claims["cognito:groups"] together are an error; groups must be a list of strings', () => {
  const { sim, users } = groupsApp();
  expect(() => sim.signIn(users, { groups: ['a'], claims: { 'cognito:groups': ['a'] } }))
    .toThrow('IdentityPoolSimulator.signIn: invalid groups: give the groups either as groups or as claims["cognito:groups"], not both');
  expect(() => sim.signIn(users, { groups: 'editors' as unknown as string[] })).toThrow('invalid groups "editors"');
});
