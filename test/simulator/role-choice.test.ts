/**
 * Which role the simulator hands out, against docs/service-contract.md §1 and §4 and the golden
 * cases of the Cognito developer guide, "Role-based access control" (rule order, first match
 * wins; the token-based choice order).
 */
import { CfnParameter, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  AmbiguousRoleResolution, Decision, IdentityPool, IdentityPoolSimulator, IdentityProvider, RoleMapping, RoleMappingRule,
} from '../../src';
import { newStack, userPoolWithClient } from '../util';

function userPoolApp(stack: Stack = newStack()) {
  const { userPool, client } = userPoolWithClient(stack);
  const users = IdentityProvider.userPool(userPool, client);
  const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users] });
  return { stack, users, pool };
}

describe('§4 rule-based mappings (developer guide: rules in order, first match wins)', () => {
  function ruled(ambiguousRoleResolution?: AmbiguousRoleResolution) {
    const app = userPoolApp();
    const admins = app.pool.createRole('Admins');
    const engineers = app.pool.createRole('Engineers');
    const staff = app.pool.createRole('Staff');
    const others = app.pool.createRole('Others');
    new RoleMapping(app.stack, 'Mapping', {
      identityPool: app.pool,
      provider: app.users,
      ambiguousRoleResolution,
      rules: [
        RoleMappingRule.equalTo('custom:level', 'admin', admins),
        RoleMappingRule.startsWith('custom:dept', 'eng', engineers),
        RoleMappingRule.contains('email', '@example.com', staff),
        RoleMappingRule.notEqual('custom:team', 'blue', others),
      ],
    });
    return { ...app, admins, engineers, staff, others, sim: IdentityPoolSimulator.of(app.pool) };
  }

  test('§4: the first matching rule wins even when later rules match too', () => {
    const { sim, admins, users } = ruled();
    const user = sim.signIn(users, { claims: { 'sub': 'u1', 'custom:level': 'admin', 'custom:dept': 'engineering', 'email': 'a@example.com' } });
    expect(user.granted).toBe(true);
    expect(user.role).toBe(admins);
    expect(user.reason).toContain('rule 1 of 4 (custom:level Equals "admin") is the first that matches (Cognito developer guide, "Role-based access control", "Using rules to assign roles to users": in order, first match wins)');
  });

  test('§4: each match type: Equals is exact, StartsWith, Contains', () => {
    const app = ruled();
    const { sim, users } = app;
    expect(sim.signIn(users, { claims: { 'custom:level': 'administrator', 'custom:dept': 'engineering' } }).role).toBe(app.engineers);
    expect(sim.signIn(users, { claims: { 'custom:dept': 'sales-eng', 'email': 'b@example.com' } }).role).toBe(app.staff);
    expect(sim.signIn(users, { claims: { 'custom:team': 'red' } }).role).toBe(app.others);
  });

  test('§4: a NotEqual rule whose claim is absent is not evaluated; no match and Deny gives no credentials', () => {
    const { sim, users } = ruled();
    const user = sim.signIn(users, { claims: { sub: 'nobody' } });
    expect(user.granted).toBe(false);
    expect(user.role).toBeUndefined();
    expect(user.roleArn).toBeUndefined();
    expect(user.identityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    expect(user.reason).toContain('no rule of the role mapping of user pool Stack/Users with app client Stack/Users/Web matches (Cognito developer guide, "Role-based access control", "Using rules to assign roles to users"), ' +
      'and the mapping\'s AmbiguousRoleResolution is Deny: no credentials (Cognito developer guide, "Role-based access control")');
  });

  test('§4: NotEqual on a present claim with the value does not match', () => {
    const { sim, users } = ruled();
    expect(sim.signIn(users, { claims: { 'custom:team': 'blue' } }).granted).toBe(false);
  });

  test('§4: no match with AmbiguousRoleResolution AuthenticatedRole gives the default authenticated role', () => {
    const app = ruled(AmbiguousRoleResolution.AUTHENTICATED_ROLE);
    const user = app.sim.signIn(app.users, { claims: { sub: 'nobody' } });
    expect(user.granted).toBe(true);
    expect(user.role).toBe(app.pool.authenticatedRole);
    expect(user.reason).toContain('AmbiguousRoleResolution AuthenticatedRole gives the pool\'s default authenticated role (Cognito developer guide, "Role-based access control")');
  });

  test('§4 unsettled: a multi-valued claim (cognito:groups) matches when any value matches, and the reason says it rests on that', () => {
    const app = userPoolApp();
    const admins = app.pool.createRole('Admins');
    new RoleMapping(app.stack, 'Mapping', { identityPool: app.pool, provider: app.users, rules: [RoleMappingRule.equalTo('cognito:groups', 'admins', admins)] });
    const sim = IdentityPoolSimulator.of(app.pool);
    const user = sim.signIn(app.users, { claims: { 'cognito:groups': ['readers', 'admins'] } });
    expect(user.role).toBe(admins);
    expect(user.reason).toContain('cognito:groups is multi-valued (readers, admins); how the service compares such a claim is unsettled: docs/service-contract.md §4: ' +
      'the simulator lets a rule match when any value matches (NotEqual: when no value equals), so this rule matched');
    const reader = sim.signIn(app.users, { claims: { 'cognito:groups': ['readers'] } });
    expect(reader.granted).toBe(false);
    expect(reader.reason).toContain('unsettled: docs/service-contract.md §4');
    expect(reader.reason).toContain('so this rule did not match');
    // A single-valued claim rests on nothing unsettled.
    expect(sim.signIn(app.users, { claims: { 'cognito:groups': 'admins' } }).reason).not.toContain('unsettled');
  });

  test('§4: a customRoleArn is read only by token-based mappings; the reason says it was ignored', () => {
    const app = ruled();
    const user = app.sim.signIn(app.users, { claims: { 'custom:level': 'admin' }, customRoleArn: app.staff.roleArn });
    expect(user.role).toBe(app.admins);
    expect(user.reason).toContain('customRoleArn is read only by a token-based role mapping (Cognito developer guide, "Role-based access control", "Using tokens to assign roles to users"); ignored');
  });
});

describe('§4 token-based mappings (developer guide: CustomRoleArn, then cognito:preferred_role, then AmbiguousRoleResolution)', () => {
  function tokened(ambiguousRoleResolution?: AmbiguousRoleResolution) {
    const app = userPoolApp();
    const admins = app.pool.createRole('Admins');
    const readers = app.pool.createRole('Readers');
    new RoleMapping(app.stack, 'Mapping', { identityPool: app.pool, provider: app.users, useToken: true, ambiguousRoleResolution });
    return { ...app, admins, readers, sim: IdentityPoolSimulator.of(app.pool) };
  }

  test('§4: a customRoleArn among cognito:roles wins over cognito:preferred_role (role ARNs given as tokens)', () => {
    const { sim, users, admins, readers } = tokened();
    const user = sim.signIn(users, {
      claims: { 'cognito:roles': [admins.roleArn, readers.roleArn], 'cognito:preferred_role': admins.roleArn },
      customRoleArn: readers.roleArn,
    });
    expect(user.granted).toBe(true);
    expect(user.role).toBe(readers);
    expect(user.roleArn).toMatch(/^arn:aws:iam::123456789012:role\/Stack-PoolReaders/);
    expect(user.reason).toContain('the token-based mapping takes customRoleArn');
  });

  test('§4: a customRoleArn that is not one of cognito:roles is refused, even with a preferred role', () => {
    const { sim, users, admins, readers } = tokened(AmbiguousRoleResolution.AUTHENTICATED_ROLE);
    const user = sim.signIn(users, {
      claims: { 'cognito:roles': [readers.roleArn], 'cognito:preferred_role': readers.roleArn },
      customRoleArn: admins.roleArn,
    });
    expect(user.granted).toBe(false);
    expect(user.reason).toMatch(/customRoleArn arn:aws:iam::123456789012:role\/Stack-PoolAdmins\S+ is not one of the token's cognito:roles .*: the token-based mapping refuses it \(Cognito developer guide, "Role-based access control", "Using tokens to assign roles to users"\)/);
  });

  test('§4: without customRoleArn, cognito:preferred_role', () => {
    const { sim, users, admins, readers } = tokened();
    const user = sim.signIn(users, { claims: { 'cognito:roles': [admins.roleArn, readers.roleArn], 'cognito:preferred_role': admins.roleArn } });
    expect(user.role).toBe(admins);
    expect(user.reason).toContain('the token-based mapping takes the token\'s cognito:preferred_role (Cognito developer guide, "Role-based access control", "Using tokens to assign roles to users")');
  });

  test('§4: cognito:roles without a preferred role is ambiguous: Deny refuses, AuthenticatedRole gives the default role', () => {
    const denying = tokened();
    const refused = denying.sim.signIn(denying.users, { claims: { 'cognito:roles': [denying.admins.roleArn, denying.readers.roleArn] } });
    expect(refused.granted).toBe(false);
    expect(refused.reason).toContain('no cognito:preferred_role and no customRoleArn was given, so the token-based mapping is ambiguous, ' +
      'and the mapping\'s AmbiguousRoleResolution is Deny: no credentials (Cognito developer guide, "Role-based access control")');
    const lenient = tokened(AmbiguousRoleResolution.AUTHENTICATED_ROLE);
    const fallback = lenient.sim.signIn(lenient.users, { claims: { 'cognito:roles': [lenient.admins.roleArn, lenient.readers.roleArn] } });
    expect(fallback.role).toBe(lenient.pool.authenticatedRole);
  });

  test('§4: a token without role claims finds no role (denied under the default Deny)', () => {
    const { sim, users } = tokened();
    const user = sim.signIn(users, { claims: { sub: 'x' } });
    expect(user.granted).toBe(false);
    expect(user.reason).toContain('the token carries neither cognito:preferred_role nor cognito:roles');
  });
});

describe('§1 §4 providers and default roles', () => {
  test('§4: a provider without a mapping gets the pool\'s default authenticated role', () => {
    const app = userPoolApp();
    const user = IdentityPoolSimulator.of(app.pool).signIn(app.users, { claims: { sub: 'a' } });
    expect(user.granted).toBe(true);
    expect(user.role).toBe(app.pool.authenticatedRole);
    expect(user.reason).toContain('has no role mapping: the pool\'s default authenticated role (Cognito developer guide, "Role-based access control")');
  });

  test('§1: a provider the pool lacks is not granted, with the service\'s reason (not an exception)', () => {
    const app = userPoolApp();
    const user = IdentityPoolSimulator.of(app.pool).signIn(IdentityProvider.google('123.apps.googleusercontent.com'));
    expect(user.granted).toBe(false);
    expect(user.identityId).toBeUndefined();
    expect(user.reason).toBe('the pool does not accept logins from accounts.google.com (Cognito Identity API reference, "GetId": it is not among the pool\'s authentication providers): ' +
      'the service refuses the login (NotAuthorizedException)');
  });

  test('§1: another app client of the same user pool is another provider', () => {
    const app = userPoolApp();
    const { userPool } = { userPool: app.users._details.source as any };
    const other = IdentityProvider.userPool(userPool, userPool.addClient('Other'));
    expect(IdentityPoolSimulator.of(app.pool).signIn(other).granted).toBe(false);
  });

  test('§1 §4: a public provider maps by its domain; a developer provider signs in by its name', () => {
    const stack = newStack();
    const google = IdentityProvider.google('123.apps.googleusercontent.com');
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [google] });
    const readers = pool.createRole('Readers');
    new RoleMapping(stack, 'Mapping', { identityPool: pool, provider: google, rules: [RoleMappingRule.equalTo('hd', 'example.com', readers)] });
    const sim = IdentityPoolSimulator.of(pool);
    expect(sim.signIn(google, { claims: { hd: 'example.com' } }).role).toBe(readers);
    expect(sim.signIn(IdentityProvider.developer('login.example.com')).reason)
      .toContain('the pool\'s developer provider is not set, not "login.example.com" (Cognito Identity API reference, "GetOpenIdTokenForDeveloperIdentity")');
  });

  test('§4: a pool without a default authenticated role cannot exist here, but an imported role is handed out as it is', () => {
    const stack = newStack();
    const google = IdentityProvider.google('g');
    const outside = iam.Role.fromRoleArn(stack, 'Outside', 'arn:aws:iam::123456789012:role/made-elsewhere');
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [google], authenticatedRole: outside });
    const user = IdentityPoolSimulator.of(pool).signIn(google);
    expect(user.granted).toBe(true);
    expect(user.roleArn).toBe('arn:aws:iam::123456789012:role/made-elsewhere');
    expect(user.role).toBeUndefined();
  });

  test('§4: a rule whose value is a parameter without default cannot be matched: undetermined, and evaluate says so', () => {
    const app = userPoolApp();
    const team = new CfnParameter(app.stack, 'AdminTeam');
    const admins = app.pool.createRole('Admins');
    new RoleMapping(app.stack, 'Mapping', { identityPool: app.pool, provider: app.users, rules: [RoleMappingRule.equalTo('custom:team', team.valueAsString, admins)] });
    const user = IdentityPoolSimulator.of(app.pool).signIn(app.users, { claims: { 'custom:team': 'ops' } });
    expect(user.granted).toBe(false);
    expect(user.reason).toContain('undetermined: the simulator cannot tell whether rule 1 of 1 matches: it depends on parameter AdminTeam (no default value)');
    const decision = user.evaluate('s3:GetObject', '*');
    expect(decision.decision).toBe(Decision.UNDETERMINED);
  });
});
