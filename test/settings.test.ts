import { CfnParameter } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DeveloperProvider, IdentityPool, IdentityProvider } from '../src';
import { newStack, only, trustStatements, userPoolWithClient, warnings } from './util';

function policyStatements(template: Template): any[] {
  return Object.values<any>(template.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
}

describe('principal tags on a pool of this stack', () => {
  function setup() {
    const stack = newStack();
    const { userPool, client } = userPoolWithClient(stack);
    const users = IdentityProvider.userPool(userPool, client);
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users, IdentityProvider.google('g')] });
    return { stack, pool, users };
  }

  test('one custom resource carries every provider\'s map', () => {
    const { stack, pool, users } = setup();
    pool.addPrincipalTags(users, { tags: { department: 'custom:department', team: 'custom:team' } });
    pool.addPrincipalTags(IdentityProvider.google('g'), { useDefaults: true });
    const template = Template.fromStack(stack);
    const poolId = only(template, 'AWS::Cognito::IdentityPool').logicalId;
    const resource = only(template, 'Custom::IdentityPoolPrincipalTags');
    expect(resource.properties.IdentityPoolId).toEqual({ Ref: poolId });
    // The pool is this stack's own: no map can predate it, so nothing is read first.
    expect(resource.properties.GuardExistingMaps).toBeUndefined();
    expect(resource.properties.Providers).toEqual([
      { ProviderName: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^Users/), 'ProviderName'] }, ':', { Ref: expect.stringMatching(/^UsersWeb/) }]] }, UseDefaults: false, PrincipalTags: { department: 'custom:department', team: 'custom:team' } },
      { ProviderName: 'accounts.google.com', UseDefaults: true, PrincipalTags: {} },
    ]);
  });

  test('the handler: one Node.js 22 function, the shipped bundle, allowed SetPrincipalTagAttributeMap on this pool only', () => {
    const { stack, pool, users } = setup();
    pool.addPrincipalTags(users, { useDefaults: true });
    const template = Template.fromStack(stack);
    const fn = only(template, 'AWS::Lambda::Function');
    expect(fn.properties.Runtime).toBe('nodejs22.x');
    expect(fn.properties.Handler).toBe('index.handler');
    expect(fn.properties.Code.S3Key).toMatch(/\.zip$/);
    const poolId = only(template, 'AWS::Cognito::IdentityPool').logicalId;
    const cognito = policyStatements(template).filter((s) => String(s.Action).startsWith('cognito-identity:'));
    expect(cognito).toEqual([{
      Action: 'cognito-identity:SetPrincipalTagAttributeMap',
      Effect: 'Allow',
      Resource: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cognito-identity:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':identitypool/', { Ref: poolId }]] }],
    }]);
    for (const statement of policyStatements(template)) {
      expect(statement.Resource).not.toBe('*');
    }
    // The custom resource waits for the function's permissions.
    const resource = only(template, 'Custom::IdentityPoolPrincipalTags');
    const policyId = Object.keys(template.findResources('AWS::IAM::Policy'))[0];
    expect(resource.resource.DependsOn).toEqual([policyId]);
  });

  test('the roles the pool made, before and after, gain sts:TagSession under the same conditions', () => {
    const { stack, pool, users } = setup();
    const before = pool.createRole('Before');
    pool.addPrincipalTags(users, { useDefaults: true });
    const after = pool.createRole('After');
    const resources = Template.fromStack(stack).toJSON().Resources;
    for (const role of [pool.authenticatedRole, before, after]) {
      const statements = trustStatements(resources[stack.getLogicalId(role.node.defaultChild as any)]);
      expect(statements.map((s: any) => s.Action)).toEqual(['sts:AssumeRoleWithWebIdentity', 'sts:TagSession']);
      expect(statements[1].Condition).toEqual(statements[0].Condition);
    }
  });

  test('the developer provider can have principal tags', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool');
    const dev = new DeveloperProvider(stack, 'Dev', { identityPool: pool, providerName: 'login.example.com' });
    pool.addPrincipalTags(dev.provider, { tags: { team: 'team' } });
    expect(only(Template.fromStack(stack), 'Custom::IdentityPoolPrincipalTags').properties.Providers[0].ProviderName).toBe('login.example.com');
  });
});

describe('one handler per stack', () => {
  test('20 pools with principal tags share one function and one statement listing their 20 ARNs', () => {
    const stack = newStack();
    for (let i = 0; i < 20; i++) {
      const pool = new IdentityPool(stack, `Pool${i}`, { authenticationProviders: [IdentityProvider.google('g')] });
      pool.addPrincipalTags(IdentityProvider.google('g'), { useDefaults: true });
    }
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('Custom::IdentityPoolPrincipalTags', 20);
    const cognito = policyStatements(template).filter((s) => String(s.Action).startsWith('cognito-identity:'));
    expect(cognito).toHaveLength(1);
    expect(cognito[0].Resource).toHaveLength(20);
  });
});

describe('principal-tag validation', () => {
  function setup() {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [IdentityProvider.google('g')] });
    return { stack, pool, google: IdentityProvider.google('g') };
  }
  const field = 'principal tags of provider "accounts.google.com"';

  test('more than 50 tags is refused; 50 pass', () => {
    const { pool, google } = setup();
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, `c${i}`]));
    expect(() => pool.addPrincipalTags(google, { tags: tags(51) })).toThrow(`Stack/Pool: invalid ${field}: has 51 entries, the service allows at most 50`);
    expect(() => pool.addPrincipalTags(google, { tags: tags(50) })).not.toThrow();
  });

  test('a tag name over 128 or a claim over 256 characters is refused', () => {
    const { pool, google } = setup();
    const key = 'k'.repeat(129);
    expect(() => pool.addPrincipalTags(google, { tags: { [key]: 'sub' } })).toThrow(
      `Stack/Pool: invalid principal tag name (${field}) "${key}": must be 1-128 characters long (it has 129)`,
    );
    const claim = 'c'.repeat(257);
    expect(() => pool.addPrincipalTags(google, { tags: { team: claim } })).toThrow(
      `Stack/Pool: invalid claim of principal tag "team" (${field}) "${claim}": must be 1-256 characters long (it has 257)`,
    );
    expect(() => pool.addPrincipalTags(google, { tags: { team: '' } })).toThrow(/must be 1-256 characters long \(it has 0\)/);
  });

  test('tags and useDefaults together, or neither, are refused', () => {
    const { pool, google } = setup();
    expect(() => pool.addPrincipalTags(google, { tags: { a: 'b' }, useDefaults: true })).toThrow(
      `Stack/Pool: invalid ${field} "{\\"a\\":\\"b\\"}": give either tags or useDefaults: true, not both`,
    );
    expect(() => pool.addPrincipalTags(google, {})).toThrow(`Stack/Pool: invalid ${field} "{}": give at least one tag, or useDefaults: true`);
  });

  test('a second map for one provider is refused', () => {
    const { pool, google } = setup();
    pool.addPrincipalTags(google, { useDefaults: true });
    expect(() => pool.addPrincipalTags(google, { tags: { a: 'b' } })).toThrow(
      `Stack/Pool: invalid ${field} "accounts.google.com": the provider already has a principal-tag map; give all its tags in one call`,
    );
  });

  test('a provider the pool does not have fails synthesis', () => {
    const { stack, pool } = setup();
    pool.addPrincipalTags(IdentityProvider.facebook('f'), { useDefaults: true });
    expect(() => Template.fromStack(stack)).toThrow(
      /\[Stack\/Pool\/PrincipalTags\] invalid principal-tag provider "graph.facebook.com" of Stack\/Pool: the pool has no such authentication provider/,
    );
  });

  test('tokens are not judged', () => {
    const { stack, pool, google } = setup();
    const claim = new CfnParameter(stack, 'Claim').valueAsString;
    expect(() => pool.addPrincipalTags(google, { tags: { team: claim } })).not.toThrow();
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
});

describe('a pool this stack does not own', () => {
  test('principal tags for any named provider, and classic flow read-modify-written by the handler', () => {
    const stack = newStack();
    const pool = IdentityPool.fromIdentityPoolId(stack, 'Existing', 'us-east-1:11111111-2222-3333-4444-555555555555');
    pool.addPrincipalTags(IdentityProvider.custom('cognito-idp.us-east-1.amazonaws.com/us-east-1_abc:client'), { useDefaults: true });
    pool.setAllowClassicFlow(false);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    expect(only(template, 'Custom::IdentityPoolClassicFlow').properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(/^CdkIdentityPoolSettingsProviderHandler/), 'Arn'] },
      IdentityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555',
      AllowClassicFlow: false,
    });
    const tags = only(template, 'Custom::IdentityPoolPrincipalTags').properties;
    expect(tags.Providers).toEqual([
      { ProviderName: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_abc:client', UseDefaults: true, PrincipalTags: {} },
    ]);
    // Maps someone else set on the pool are not overwritten: the handler reads them first.
    expect(tags.GuardExistingMaps).toBe(true);
    const arn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cognito-identity:us-east-1:', { Ref: 'AWS::AccountId' }, ':identitypool/us-east-1:11111111-2222-3333-4444-555555555555']] };
    const cognito = policyStatements(template).filter((s) => JSON.stringify(s.Action).includes('cognito-identity:'));
    expect(cognito).toEqual([
      { Action: ['cognito-identity:GetPrincipalTagAttributeMap', 'cognito-identity:SetPrincipalTagAttributeMap'], Effect: 'Allow', Resource: [arn] },
      { Action: ['cognito-identity:DescribeIdentityPool', 'cognito-identity:UpdateIdentityPool'], Effect: 'Allow', Resource: [arn] },
    ]);
    expect(warnings(stack)).toEqual([]);
  });

  test('turning classic flow on warns; the last call wins', () => {
    const stack = newStack();
    const pool = IdentityPool.fromIdentityPoolArn(stack, 'Existing', 'arn:aws:cognito-identity:us-east-1:123456789012:identitypool/us-east-1:0000-abcd');
    pool.configureClassicFlow(true);
    const template = Template.fromStack(stack);
    expect(only(template, 'Custom::IdentityPoolClassicFlow').properties.AllowClassicFlow).toBe(true);
    expect(warnings(stack).join('\n')).toMatch(/classic\) authentication flow is turned on/);
  });

  test('an imported pool does not judge its providers', () => {
    const stack = newStack();
    const pool = IdentityPool.fromIdentityPoolId(stack, 'Existing', 'us-east-1:0000-abcd');
    pool.addPrincipalTags(IdentityProvider.google('g'), { useDefaults: true });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
});
