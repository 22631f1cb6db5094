import { CfnParameter, RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DeveloperProvider, IdentityPool } from '../src';
import { logicalId, newStack, only, trustStatements, warnings } from './util';

function poolWith(providerName: string) {
  const stack = newStack();
  const pool = new IdentityPool(stack, 'Pool');
  const dev = new DeveloperProvider(stack, 'Dev', { identityPool: pool, providerName });
  return { stack, pool, dev };
}

test('sets the pool\'s developer provider name', () => {
  const { stack, dev } = poolWith('login.example.com');
  const pool = only(Template.fromStack(stack), 'AWS::Cognito::IdentityPool');
  expect(pool.properties.DeveloperProviderName).toBe('login.example.com');
  expect(dev.provider.loginsKey).toBe('login.example.com');
  expect(dev.provider.principalTagName).toBeUndefined();
});

test('§3: adding a developer provider, or changing its name, never changes the pool\'s logical id (no replacement)', () => {
  const plain = newStack();
  new IdentityPool(plain, 'Pool');
  const without = only(Template.fromStack(plain), 'AWS::Cognito::IdentityPool');
  const first = only(Template.fromStack(poolWith('login.example.com').stack), 'AWS::Cognito::IdentityPool');
  const changed = only(Template.fromStack(poolWith('login.example.org').stack), 'AWS::Cognito::IdentityPool');
  expect(first.logicalId).toBe(without.logicalId);
  expect(changed.logicalId).toBe(without.logicalId);
  // Only the property differs: CloudFormation updates it in place ("No interruption"); the
  // service refuses a change of a set name, and that update rolls back.
  expect({ ...first.properties, DeveloperProviderName: undefined }).toEqual({ ...without.properties, DeveloperProviderName: undefined });
  expect(changed.properties.DeveloperProviderName).toBe('login.example.org');
});

test('a pool without a developer provider keeps its plain logical id', () => {
  const stack = newStack();
  new IdentityPool(stack, 'Pool', { removalPolicy: RemovalPolicy.DESTROY });
  expect(only(Template.fromStack(stack), 'AWS::Cognito::IdentityPool').logicalId).toMatch(/^Pool[0-9A-F]{8}$/);
});

test.each([
  ['', 'must be 1-128 characters long (it has 0)'],
  ['d'.repeat(129), 'must be 1-128 characters long (it has 129)'],
  ['login example', 'must match [\\w._-]+'],
  ['login/example', 'must match [\\w._-]+'],
])('providerName %j is refused', (name, rule) => {
  expect(() => poolWith(name)).toThrow(`Stack/Dev: invalid providerName ${JSON.stringify(name)}: ${rule}`);
});

test('a token providerName is not judged', () => {
  const stack = newStack();
  const pool = new IdentityPool(stack, 'Pool');
  expect(() => new DeveloperProvider(stack, 'Dev', { identityPool: pool, providerName: new CfnParameter(stack, 'Name').valueAsString })).not.toThrow();
  expect(only(Template.fromStack(stack), 'AWS::Cognito::IdentityPool').properties.DeveloperProviderName).toEqual({ Ref: 'Name' });
});

test('a second developer provider on one pool is refused', () => {
  const { stack, pool } = poolWith('login.example.com');
  expect(() => new DeveloperProvider(stack, 'Dev2', { identityPool: pool, providerName: 'other.example.com' })).toThrow(
    'Stack/Dev2: invalid providerName "other.example.com": Stack/Pool already has the developer provider "login.example.com"; a pool has at most one',
  );
});

test('§2 §6: sessionTags gives the roles the pool made for signed-in users sts:TagSession with aud and amr; guests\' role untouched', () => {
  const stack = newStack();
  const pool = new IdentityPool(stack, 'Pool', { allowUnauthenticatedIdentities: true });
  const admins = pool.createRole('Admins');
  new DeveloperProvider(stack, 'Dev', { identityPool: pool, providerName: 'login.example.com', sessionTags: true });
  const later = pool.createRole('Later');
  const template = Template.fromStack(stack);
  const tagSession = (role: iam.IRole) => trustStatements(template.toJSON().Resources[logicalId(role)])
    .filter((s: any) => s.Action === 'sts:TagSession');
  for (const role of [pool.authenticatedRole, admins, later]) {
    expect(tagSession(role)).toEqual([expect.objectContaining({
      Condition: {
        'StringEquals': { 'cognito-identity.amazonaws.com:aud': { Ref: expect.any(String) } },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
      },
    })]);
  }
  expect(tagSession(pool.unauthenticatedRole!)).toEqual([]);
});

test('§2: without sessionTags the roles do not allow sts:TagSession (the default)', () => {
  const stack = newStack();
  const pool = new IdentityPool(stack, 'Pool');
  new DeveloperProvider(stack, 'Dev', { identityPool: pool, providerName: 'login.example.com' });
  const role = Template.fromStack(stack).toJSON().Resources[logicalId(pool.authenticatedRole)];
  expect(trustStatements(role).map((s: any) => s.Action)).toEqual(['sts:AssumeRoleWithWebIdentity']);
});

test('sessionTags on an imported pool leaves a warning: its roles are not this stack\'s', () => {
  const stack = newStack();
  const pool = IdentityPool.fromIdentityPoolId(stack, 'Imported', 'us-east-1:11111111-2222-3333-4444-555555555555');
  const dev = new DeveloperProvider(stack, 'Dev', { identityPool: pool, providerName: 'login.example.com', sessionTags: true });
  dev.grantGetOpenIdToken(new iam.User(stack, 'Backend')); // a stack with resources: an empty template fails validation
  expect(warnings(stack)).toEqual([expect.stringContaining('sessionTags has no effect on the imported pool Stack/Imported')]);
});

test('on an imported pool it only grants', () => {
  const stack = newStack();
  const pool = IdentityPool.fromIdentityPoolId(stack, 'Pool', 'us-east-1:0000-abcd');
  const dev = new DeveloperProvider(stack, 'Dev', { identityPool: pool, providerName: 'login.example.com' });
  const role = new iam.Role(stack, 'Backend', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  dev.grantGetOpenIdToken(role);
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::Cognito::IdentityPool', 0);
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: [{
        Action: 'cognito-identity:GetOpenIdTokenForDeveloperIdentity',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cognito-identity:us-east-1:', { Ref: 'AWS::AccountId' }, ':identitypool/us-east-1:0000-abcd']] },
      }],
    },
  });
});

describe('grants, each on the pool\'s ARN only', () => {
  test.each([
    ['grantGetOpenIdToken', 'cognito-identity:GetOpenIdTokenForDeveloperIdentity'],
    ['grantLookup', 'cognito-identity:LookupDeveloperIdentity'],
    ['grantMerge', 'cognito-identity:MergeDeveloperIdentities'],
    ['grantUnlink', 'cognito-identity:UnlinkDeveloperIdentity'],
  ] as const)('%s allows %s', (method, action) => {
    const { stack, dev } = poolWith('login.example.com');
    const fn = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
    });
    (fn.node.defaultChild as lambda.CfnFunction).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
    const grant = dev[method](fn);
    expect(grant.success).toBe(true);
    const template = Template.fromStack(stack);
    const poolId = only(template, 'AWS::Cognito::IdentityPool').logicalId;
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: action,
          Effect: 'Allow',
          Resource: {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cognito-identity:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':identitypool/', { Ref: poolId }]],
          },
        }],
      },
    });
  });
});
