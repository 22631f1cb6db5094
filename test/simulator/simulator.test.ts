/**
 * The public API of the simulator: what it reads (the synthesized template, intrinsics
 * resolved with stand-in ids, env-agnostic and env-specific stacks), tokens given to it, and
 * its errors on bad input (each naming the argument and the rule).
 */
import { App, CfnCondition, CfnParameter, Fn, NestedStack, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Decision, IdentityPool, IdentityPoolSimulator, IdentityProvider, RoleMapping, RoleMappingRule } from '../../src';
import { newStack, userPoolWithClient } from '../util';

function app(stack: Stack = newStack()) {
  const { userPool, client } = userPoolWithClient(stack);
  const users = IdentityProvider.userPool(userPool, client);
  const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users] });
  const bucket = new s3.Bucket(stack, 'Photos');
  return { stack, users, pool, bucket };
}

describe('stand-in environment and physical ids', () => {
  test('an env-agnostic stack is simulated in the stand-in account 123456789012 and region us-east-1', () => {
    const { pool, users } = app();
    const user = IdentityPoolSimulator.of(pool).signIn(users, { claims: { sub: 'a' } });
    expect(user.roleArn).toMatch(/^arn:aws:iam::123456789012:role\/Stack-PoolAuthenticatedRole[A-Z0-9]+-[A-Z]{12}$/);
    expect(user.identityId).toMatch(/^us-east-1:/);
  });

  test('an env-specific stack keeps its account, region and partition; a role name given is the name', () => {
    const stack = newStack({ env: { account: '111122223333', region: 'cn-north-1' } });
    const google = IdentityProvider.google('g');
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [google] });
    const named = pool.createRole('Named', { roleName: 'photo-readers' });
    new RoleMapping(stack, 'Mapping', { identityPool: pool, provider: google, rules: [RoleMappingRule.equalTo('sub', 'a', named)] });
    const user = IdentityPoolSimulator.of(pool).signIn(google, { claims: { sub: 'a' } });
    expect(user.roleArn).toBe('arn:aws-cn:iam::111122223333:role/photo-readers');
    expect(user.identityId).toMatch(/^cn-north-1:/);
    expect(user.role).toBe(named);
  });

  test('a bucket given as a token is the bucket of the policies (arnForObjects, bucketArn)', () => {
    const { pool, users, bucket } = app();
    bucket.grantRead(pool.authenticatedRole);
    const user = IdentityPoolSimulator.of(pool).signIn(users);
    expect(user.evaluate('s3:GetObject', bucket.arnForObjects('any/key.jpg')).decision).toBe(Decision.ALLOWED);
    expect(user.evaluate('s3:ListBucket', bucket.bucketArn).decision).toBe(Decision.ALLOWED);
    // A bucket outside the template may have a bucket policy that allows the role: unseen, so
    // undetermined; with its policy given (none), the role's own policies decide.
    const outside = user.evaluate('s3:GetObject', 'arn:aws:s3:::some-other-bucket/key.jpg');
    expect(outside.decision).toBe(Decision.UNDETERMINED);
    expect(outside.reason).toContain('the resource policy of arn:aws:s3:::some-other-bucket/key.jpg (a resource that is not in the template');
    expect(user.evaluate('s3:GetObject', 'arn:aws:s3:::some-other-bucket/key.jpg', { resourcePolicy: { Statement: [] } }).decision).toBe(Decision.DENIED);
  });

  test('a role given as Fn::ImportValue is outside the template: granted as the service would, evaluate UNDETERMINED naming the import', () => {
    const stack = newStack();
    const google = IdentityProvider.google('g');
    const imported = iam.Role.fromRoleArn(stack, 'Imported', Fn.importValue('SharedRoleArn'));
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [google], authenticatedRole: imported });
    const user = IdentityPoolSimulator.of(pool).signIn(google);
    expect(user.roleArn).toBeUndefined();
    expect(user.reason).toContain('Fn::ImportValue SharedRoleArn');
    const decision = user.evaluate('s3:GetObject', '*');
    expect(decision.decision).toBe(Decision.UNDETERMINED);
    expect(decision.reason).toContain('Fn::ImportValue SharedRoleArn');
  });

  test('a parameter without default in a policy is UNDETERMINED, naming it; with a default, the default is used', () => {
    const { stack, pool, users } = app();
    const open = new CfnParameter(stack, 'OpenBucket', { default: 'public-assets' });
    const secret = new CfnParameter(stack, 'UploadBucket');
    pool.authenticatedRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [`arn:aws:s3:::${open.valueAsString}/*`] }));
    pool.authenticatedRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [`arn:aws:s3:::${secret.valueAsString}/*`] }));
    const user = IdentityPoolSimulator.of(pool).signIn(users);
    expect(user.evaluate('s3:GetObject', 'arn:aws:s3:::public-assets/a', { resourcePolicy: { Statement: [] } }).decision).toBe(Decision.ALLOWED);
    const put = user.evaluate('s3:PutObject', 'arn:aws:s3:::x/a');
    expect(put.decision).toBe(Decision.UNDETERMINED);
    expect(put.reason).toContain('parameter UploadBucket (no default value)');
  });

  test('a policy under a condition counts only when the condition holds (Fn::Equals over a parameter default)', () => {
    const { stack, pool, users } = app();
    const stage = new CfnParameter(stack, 'Stage', { default: 'prod' });
    const isDev = new CfnCondition(stack, 'IsDev', { expression: Fn.conditionEquals(stage.valueAsString, 'dev') });
    const devPolicy = new iam.Policy(stack, 'DevOnly', { statements: [new iam.PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] })] });
    devPolicy.attachToRole(pool.authenticatedRole);
    (devPolicy.node.defaultChild as iam.CfnPolicy).cfnOptions.condition = isDev;
    const user = IdentityPoolSimulator.of(pool).signIn(users);
    expect(user.evaluate('dynamodb:GetItem', '*').decision).toBe(Decision.DENIED);
  });

  test('a resource of another stack is UNDETERMINED, naming it (its stand-in would be a guess)', () => {
    const appRoot = new App();
    const { pool, users } = app(new Stack(appRoot, 'Pools'));
    const other = new s3.Bucket(new Stack(appRoot, 'Storage'), 'Shared');
    const user = IdentityPoolSimulator.of(pool).signIn(users);
    const decision = user.evaluate('s3:GetObject', other.arnForObjects('a'));
    expect(decision.decision).toBe(Decision.UNDETERMINED);
    expect(decision.reason).toContain('Storage/Shared');
  });

  function oidcApp(mappingName: (idp: iam.OpenIdConnectProvider, oidc: IdentityProvider) => string) {
    const stack = newStack();
    const idp = new iam.OpenIdConnectProvider(stack, 'Idp', { url: 'https://login.example.com/oauth2', clientIds: ['c'] });
    const oidc = IdentityProvider.openIdConnect(idp);
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [oidc] });
    const staff = pool.createRole('Staff');
    new RoleMapping(stack, 'Mapping', { identityPool: pool, provider: oidc, rules: [RoleMappingRule.equalTo('team', 'x', staff)] });
    // Whatever the key the library renders, the mapping's IdentityProvider field is what the service reads.
    const attachment = pool.node.findChild('DefaultRoleAttachment').node.defaultChild as cognito.CfnIdentityPoolRoleAttachment;
    const [key] = Object.keys(Stack.of(pool).resolve(attachment.roleMappings));
    attachment.addPropertyOverride(`RoleMappings.${key}.IdentityProvider`, mappingName(idp, oidc));
    return { pool, oidc, staff };
  }

  test('§1 §4: an OIDC provider\'s mapping is found by its ARN (the contract\'s role-mapping name)', () => {
    const { pool, oidc, staff } = oidcApp((idp) => idp.openIdConnectProviderArn);
    const user = IdentityPoolSimulator.of(pool).signIn(oidc, { claims: { team: 'x' } });
    expect(user.reason).toContain('rule 1 of 1 (team Equals "x")');
    expect(user.role).toBe(staff);
  });

  test('§1 §4: an OIDC mapping keyed by the issuer is not the provider\'s mapping, and the reason says so', () => {
    const { pool, oidc } = oidcApp((_idp, provider) => provider.loginsKey);
    const user = IdentityPoolSimulator.of(pool).signIn(oidc, { claims: { team: 'x' } });
    expect(user.role === pool.authenticatedRole).toBe(true);
    expect(user.reason).toContain('the service names an OIDC provider\'s mapping by its ARN (Cognito developer guide, "Role-based access control": rule-based mappings of OIDC providers), so that mapping does not apply');
  });
});

describe('bad input: clear errors naming the argument and the rule', () => {
  test('of() on an imported pool', () => {
    const stack = newStack();
    const imported = IdentityPool.fromIdentityPoolId(stack, 'Imported', 'us-east-1:11111111-2222-3333-4444-555555555555');
    expect(() => IdentityPoolSimulator.of(imported)).toThrow(
      'IdentityPoolSimulator.of: invalid pool Stack/Imported: the simulator reads a pool\'s configuration from the template of the stack that defines it; ' +
      'a pool imported with fromIdentityPoolId or fromIdentityPoolArn is configured elsewhere, so simulate the stack that defines it');
  });

  test('a malformed action, a resource neither ARN nor *', () => {
    const { pool, users } = app();
    const user = IdentityPoolSimulator.of(pool).signIn(users);
    expect(() => user.evaluate('s3GetObject', '*')).toThrow(
      'SimulatedSession.evaluate: invalid action "s3GetObject": give one IAM action as service:Action, for example s3:GetObject (no wildcards)');
    expect(() => user.evaluate('s3:Get*', '*')).toThrow('invalid action "s3:Get*"');
    expect(() => user.evaluate('s3:GetObject', 'my-bucket/key')).toThrow(
      'SimulatedSession.evaluate: invalid resource "my-bucket/key": give an ARN (arn:partition:service:region:account:resource) or *');
  });

  test('claims that are not a string or a list of strings', () => {
    const { pool, users } = app();
    const sim = IdentityPoolSimulator.of(pool);
    expect(() => sim.signIn(users, { claims: { age: 42 } })).toThrow(
      'IdentityPoolSimulator.signIn: invalid claims["age"] 42: a claim is a string or a list of strings');
    expect(() => sim.signIn(users, { claims: { 'cognito:groups': ['a', 1] } })).toThrow('invalid claims["cognito:groups"] ["a",1]');
    expect(() => sim.signIn(users, { claims: { nested: { a: 'b' } } })).toThrow('invalid claims["nested"] {"a":"b"}');
  });

  test('principal tags for a provider other than a developer provider; a customRoleArn that is not a role ARN', () => {
    const { pool, users } = app();
    const sim = IdentityPoolSimulator.of(pool);
    expect(() => sim.signIn(users, { principalTags: { team: 'x' } })).toThrow(
      'IdentityPoolSimulator.signIn: invalid principalTags for user pool Stack/Users with app client Stack/Users/Web: only developer-authenticated identities get principal tags per call');
    expect(() => sim.signIn(users, { customRoleArn: 'admins' })).toThrow(
      'IdentityPoolSimulator.signIn: invalid customRoleArn "admins": give an IAM role ARN, arn:<partition>:iam::<account>:role/<name>');
  });

  test('context: values must be strings or lists of strings; the session\'s own keys are not the caller\'s to give', () => {
    const { pool, users } = app();
    const user = IdentityPoolSimulator.of(pool).signIn(users);
    expect(() => user.evaluate('s3:GetObject', '*', { context: { 'aws:SourceIp': 5 } })).toThrow(
      'SimulatedSession.evaluate: invalid context["aws:SourceIp"] 5: a condition key\'s value is a string or a list of strings');
    expect(() => user.evaluate('s3:GetObject', '*', { context: { 'cognito-identity.amazonaws.com:sub': 'x' } })).toThrow(
      'SimulatedSession.evaluate: invalid context key "cognito-identity.amazonaws.com:sub": a key of the session itself (Cognito developer guide, "Role-based access control": the keys of an identity pool session), which the simulator fills in');
  });
});

describe('where the pool lives', () => {
  test('a pool in a nested stack is simulated from the nested template', () => {
    const parent = newStack({ env: { account: '111122223333', region: 'eu-west-1' } });
    const nested = new NestedStack(parent, 'Identity');
    const google = IdentityProvider.google('g');
    const pool = new IdentityPool(nested, 'Pool', { authenticationProviders: [google] });
    const bucket = new s3.Bucket(nested, 'Photos');
    pool.grantIdentityFolder(pool.authenticatedRole, bucket);
    const user = IdentityPoolSimulator.of(pool).signIn(google, { claims: { sub: 'a' } });
    expect(user.granted).toBe(true);
    expect(user.role).toBe(pool.authenticatedRole);
    expect(user.roleArn).toMatch(/^arn:aws:iam::111122223333:role\//);
    expect(user.identityId).toMatch(/^eu-west-1:/);
    expect(user.evaluate('s3:GetObject', bucket.arnForObjects(`private/${user.identityId}/a`)).decision).toBe(Decision.ALLOWED);
  });

  test('two pools of one stack each read their own attachment and maps', () => {
    const stack = newStack();
    const google = IdentityProvider.google('g');
    const first = new IdentityPool(stack, 'First', { authenticationProviders: [google] });
    const second = new IdentityPool(stack, 'Second', { authenticationProviders: [google] });
    first.addPrincipalTags(google, { useDefaults: true });
    const a = IdentityPoolSimulator.of(first).signIn(google, { claims: { sub: 'a' } });
    const b = IdentityPoolSimulator.of(second).signIn(google, { claims: { sub: 'a' } });
    expect(a.role).toBe(first.authenticatedRole);
    expect(b.role).toBe(second.authenticatedRole);
    expect(a.principalTags).toEqual({ client: 'g', username: 'a' });
    expect(b.principalTags).toEqual({});
    expect(a.identityId).not.toBe(b.identityId);
  });
});
