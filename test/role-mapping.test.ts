import { CfnParameter, Lazy, Names } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AmbiguousRoleResolution, DeveloperProvider, IdentityPool, IdentityProvider, RoleMapping, RoleMappingRule } from '../src';
import { newStack, only, userPoolWithClient } from './util';

function roleArn(stack: any, role: iam.Role) {
  return { 'Fn::GetAtt': [stack.getLogicalId(role.node.defaultChild as iam.CfnRole), 'Arn'] };
}

describe('rendering', () => {
  test('a rule-based mapping for a user pool of this stack: stable key, provider in IdentityProvider, default roles kept', () => {
    const stack = newStack();
    const { userPool, client } = userPoolWithClient(stack);
    const users = IdentityProvider.userPool(userPool, client);
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users] });
    const admins = pool.createRole('Admins');
    const mapping = new RoleMapping(stack, 'Groups', {
      identityPool: pool,
      provider: users,
      rules: [
        RoleMappingRule.equals('cognito:groups', 'admins', admins),
        RoleMappingRule.contains('email', '@example.com', admins),
        RoleMappingRule.startsWith('sub', 'us-', admins),
        RoleMappingRule.notEqual('custom:tier', 'free', admins),
      ],
    });
    const template = Template.fromStack(stack);
    const attachment = only(template, 'AWS::Cognito::IdentityPoolRoleAttachment').properties;
    expect(attachment.Roles).toEqual({ authenticated: roleArn(stack, pool.authenticatedRole as iam.Role) });
    expect(Object.keys(attachment.RoleMappings)).toEqual([Names.uniqueId(mapping)]);
    const [entry] = Object.values<any>(attachment.RoleMappings);
    expect(entry).toEqual({
      IdentityProvider: {
        'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^Users/), 'ProviderName'] }, ':', { Ref: expect.stringMatching(/^UsersWeb/) }]],
      },
      Type: 'Rules',
      AmbiguousRoleResolution: 'Deny',
      RulesConfiguration: {
        Rules: [
          { Claim: 'cognito:groups', MatchType: 'Equals', Value: 'admins', RoleARN: roleArn(stack, admins) },
          { Claim: 'email', MatchType: 'Contains', Value: '@example.com', RoleARN: roleArn(stack, admins) },
          { Claim: 'sub', MatchType: 'StartsWith', Value: 'us-', RoleARN: roleArn(stack, admins) },
          { Claim: 'custom:tier', MatchType: 'NotEqual', Value: 'free', RoleARN: roleArn(stack, admins) },
        ],
      },
    });
  });

  test('the key of a token provider is the same across synths', () => {
    const render = () => {
      const stack = newStack();
      const { userPool, client } = userPoolWithClient(stack);
      const users = IdentityProvider.userPool(userPool, client);
      const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users] });
      new RoleMapping(stack, 'Groups', { identityPool: pool, provider: users, useToken: true });
      return Object.keys(only(Template.fromStack(stack), 'AWS::Cognito::IdentityPoolRoleAttachment').properties.RoleMappings);
    };
    expect(render()).toEqual(render());
  });

  test('a token-based mapping has no rules', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [IdentityProvider.facebook('app')] });
    new RoleMapping(stack, 'Token', {
      identityPool: pool,
      provider: IdentityProvider.facebook('app'),
      useToken: true,
      ambiguousRoleResolution: AmbiguousRoleResolution.AUTHENTICATED_ROLE,
    });
    const attachment = only(Template.fromStack(stack), 'AWS::Cognito::IdentityPoolRoleAttachment').properties;
    expect(attachment.RoleMappings).toEqual({
      'graph.facebook.com': { IdentityProvider: 'graph.facebook.com', Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' },
    });
  });

  test('many mappings, declared anywhere and in any order, land in one attachment sorted by key', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool');
    const role = pool.createRole('R');
    // A mapping made before its provider is added, in another scope.
    new RoleMapping(pool, 'Google', { identityPool: pool, provider: IdentityProvider.google('g'), useToken: true });
    pool.addAuthenticationProvider(IdentityProvider.google('g'));
    pool.addAuthenticationProvider(IdentityProvider.amazon('a'));
    pool.addAuthenticationProvider(IdentityProvider.apple('b'));
    new RoleMapping(stack, 'Apple', { identityPool: pool, provider: IdentityProvider.apple('b'), rules: [RoleMappingRule.equals('sub', 'x', role)] });
    new RoleMapping(stack, 'Amazon', { identityPool: pool, provider: IdentityProvider.amazon('a'), useToken: true });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Cognito::IdentityPoolRoleAttachment', 1);
    const attachment = only(template, 'AWS::Cognito::IdentityPoolRoleAttachment').properties;
    expect(Object.keys(attachment.RoleMappings)).toEqual(['accounts.google.com', 'appleid.apple.com', 'www.amazon.com']);
  });

  test('the developer provider can be mapped', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool');
    const dev = new DeveloperProvider(stack, 'Dev', { identityPool: pool, providerName: 'login.example.com' });
    new RoleMapping(stack, 'DevMapping', { identityPool: pool, provider: dev.provider, rules: [RoleMappingRule.equalTo('sub', 'a', pool.createRole('A'))] });
    const attachment = only(Template.fromStack(stack), 'AWS::Cognito::IdentityPoolRoleAttachment').properties;
    expect(Object.keys(attachment.RoleMappings)).toEqual(['login.example.com']);
  });

  test('a role made elsewhere is used as it is', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [IdentityProvider.google('g')] });
    const external = iam.Role.fromRoleArn(stack, 'External', 'arn:aws:iam::123456789012:role/external');
    new RoleMapping(stack, 'M', { identityPool: pool, provider: IdentityProvider.google('g'), rules: [RoleMappingRule.equals('sub', 'a', external)] });
    const attachment = only(Template.fromStack(stack), 'AWS::Cognito::IdentityPoolRoleAttachment').properties;
    expect(attachment.RoleMappings['accounts.google.com'].RulesConfiguration.Rules[0].RoleARN).toBe('arn:aws:iam::123456789012:role/external');
  });
});

describe('validation', () => {
  function setup() {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [IdentityProvider.google('g')] });
    const role = pool.createRole('R');
    return { stack, pool, role, google: IdentityProvider.google('g') };
  }

  test('no rules and no useToken is refused', () => {
    const { stack, pool, google } = setup();
    expect(() => new RoleMapping(stack, 'M', { identityPool: pool, provider: google })).toThrow(
      'Stack/M: invalid rules "[]": give 1-25 rules, or useToken: true',
    );
  });

  test('more than 25 rules is refused; 25 pass', () => {
    const { stack, pool, role, google } = setup();
    const rules = (n: number) => Array.from({ length: n }, (_, i) => RoleMappingRule.equals('sub', `v${i}`, role));
    expect(() => new RoleMapping(stack, 'M', { identityPool: pool, provider: google, rules: rules(26) })).toThrow(
      'Stack/M: invalid rules: has 26 entries, the service allows 1-25',
    );
    expect(() => new RoleMapping(stack, 'M2', { identityPool: pool, provider: google, rules: rules(25) })).not.toThrow();
  });

  test('rules with useToken are refused', () => {
    const { stack, pool, role, google } = setup();
    expect(() => new RoleMapping(stack, 'M', { identityPool: pool, provider: google, useToken: true, rules: [RoleMappingRule.equals('sub', 'a', role)] })).toThrow(
      'Stack/M: invalid rules "1 rules": a token-based mapping (useToken: true) takes no rules',
    );
  });

  test.each([
    ['', 'rules[0].claim', 'must be 1-64 characters long (it has 0)'],
    ['c'.repeat(65), 'rules[0].claim', 'must be 1-64 characters long (it has 65)'],
    ['has space', 'rules[0].claim', 'must match [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+ (letters, marks, symbols, numbers, punctuation; no spaces)'],
  ])('claim %j is refused', (claim, field, rule) => {
    const { stack, pool, role, google } = setup();
    expect(() => new RoleMapping(stack, 'M', { identityPool: pool, provider: google, rules: [RoleMappingRule.equals(claim, 'v', role)] })).toThrow(
      `Stack/M: invalid ${field} ${JSON.stringify(claim)}: ${rule}`,
    );
  });

  test('a claim of any script passes', () => {
    const { stack, pool, role, google } = setup();
    expect(() => new RoleMapping(stack, 'M', { identityPool: pool, provider: google, rules: [RoleMappingRule.equals('custom:部署', 'v', role)] })).not.toThrow();
  });

  test.each([
    ['', 'must be 1-128 characters long (it has 0)'],
    ['v'.repeat(129), 'must be 1-128 characters long (it has 129)'],
  ])('value %j is refused', (value, rule) => {
    const { stack, pool, role, google } = setup();
    expect(() => new RoleMapping(stack, 'M', { identityPool: pool, provider: google, rules: [RoleMappingRule.equals('sub', value, role)] })).toThrow(
      `Stack/M: invalid rules[0].value ${JSON.stringify(value)}: ${rule}`,
    );
  });

  test('claim and value tokens are not judged', () => {
    const { stack, pool, role, google } = setup();
    const claim = new CfnParameter(stack, 'Claim').valueAsString;
    const value = Lazy.string({ produce: () => 'x' });
    expect(() => new RoleMapping(stack, 'M', { identityPool: pool, provider: google, rules: [RoleMappingRule.equals(claim, value, role)] })).not.toThrow();
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('a second mapping for the same provider is refused', () => {
    const { stack, pool, google } = setup();
    new RoleMapping(stack, 'First', { identityPool: pool, provider: google, useToken: true });
    expect(() => new RoleMapping(stack, 'Second', { identityPool: pool, provider: google, useToken: true })).toThrow(
      'Stack/Second: invalid provider "accounts.google.com": Stack/First already maps it; a pool takes one role mapping per provider',
    );
  });

  test('a mapping for a provider the pool does not have fails synthesis', () => {
    const { stack, pool } = setup();
    new RoleMapping(stack, 'M', { identityPool: pool, provider: IdentityProvider.facebook('f'), useToken: true });
    expect(() => Template.fromStack(stack)).toThrow(
      /\[Stack\/Pool\] invalid provider "graph.facebook.com" of role mapping Stack\/M: the pool has no such authentication provider/,
    );
  });

  test('an eleventh mapped provider is refused', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool');
    const oidc = Array.from({ length: 11 }, (_, i) => IdentityProvider.openIdConnect(
      iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, `O${i}`, `arn:aws:iam::123456789012:oidc-provider/idp${i}.example.com`),
    ));
    oidc.forEach((provider) => pool.addAuthenticationProvider(provider));
    for (let i = 0; i < 10; i++) {
      new RoleMapping(stack, `M${i}`, { identityPool: pool, provider: oidc[i], useToken: true });
    }
    expect(() => new RoleMapping(stack, 'M10', { identityPool: pool, provider: oidc[10], useToken: true })).toThrow(
      'Stack/M10: invalid role mappings of Stack/Pool: has 11 entries, the service allows at most 10',
    );
  });

  test('a provider name over 128 characters is refused', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool');
    const name = `idp.example.com/${'p'.repeat(120)}`;
    expect(() => new RoleMapping(stack, 'M', { identityPool: pool, provider: IdentityProvider.custom(name), useToken: true })).toThrow(
      `Stack/M: invalid provider ${JSON.stringify(name)}: must be 1-128 characters long (it has 136)`,
    );
  });
});
