import { CfnParameter, Lazy, Names } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AmbiguousRoleResolution, DeveloperProvider, IdentityPool, IdentityProvider, RoleMapping, RoleMappingRule } from '../src';
import { logicalId, newStack, only, userPoolWithClient, warnings } from './util';

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
    const saml = iam.SamlProvider.fromSamlProviderArn(stack, 'Corp', 'arn:aws:iam::123456789012:saml-provider/corp');
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [IdentityProvider.saml(saml)] });
    new RoleMapping(stack, 'Token', {
      identityPool: pool,
      provider: IdentityProvider.saml(saml),
      useToken: true,
      ambiguousRoleResolution: AmbiguousRoleResolution.AUTHENTICATED_ROLE,
    });
    const attachment = only(Template.fromStack(stack), 'AWS::Cognito::IdentityPoolRoleAttachment').properties;
    const arn = 'arn:aws:iam::123456789012:saml-provider/corp';
    expect(attachment.RoleMappings).toEqual({ [arn]: { IdentityProvider: arn, Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' } });
    expect(warnings(stack)).toEqual([]);
  });

  test('§1: a user pool is mapped under its name with the app client id; an OIDC provider under its ARN, never its issuer', () => {
    const stack = newStack();
    const users = cognito.UserPool.fromUserPoolId(stack, 'Users', 'us-east-1_abc');
    const client = cognito.UserPoolClient.fromUserPoolClientId(stack, 'Web', 'client1');
    const oidc = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Oidc', 'arn:aws:iam::123456789012:oidc-provider/login.example.com');
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [IdentityProvider.userPool(users, client), IdentityProvider.openIdConnect(oidc)] });
    const role = pool.createRole('R');
    new RoleMapping(stack, 'UserPool', { identityPool: pool, provider: IdentityProvider.userPool(users, client), useToken: true });
    new RoleMapping(stack, 'OidcMapping', { identityPool: pool, provider: IdentityProvider.openIdConnect(oidc), rules: [RoleMappingRule.equalTo('org', 'a', role)] });
    const mappings = only(Template.fromStack(stack), 'AWS::Cognito::IdentityPoolRoleAttachment').properties.RoleMappings;
    const oidcArn = 'arn:aws:iam::123456789012:oidc-provider/login.example.com';
    expect(Object.values<any>(mappings).map((m) => m.IdentityProvider)).toEqual([
      // The user pool's region comes from its id (§1 Regions); the name is a token, so the key is the mapping's id.
      { 'Fn::Join': ['', ['cognito-idp.us-east-1.', { Ref: 'AWS::URLSuffix' }, '/us-east-1_abc:client1']] },
      oidcArn,
    ]);
    // A literal name is its own map key: the OIDC mapping is keyed by the ARN too, and the issuer appears nowhere.
    expect(Object.keys(mappings)).toEqual([expect.stringMatching(/^StackUserPool/), oidcArn].sort());
    expect(JSON.stringify(mappings)).not.toContain('"login.example.com"');
  });

  test('§1: an OIDC provider of this stack is mapped by its ARN (a Ref), keyed by the mapping\'s stable id', () => {
    const stack = newStack();
    const oidc = new iam.OidcProviderNative(stack, 'Oidc', { url: 'https://login.example.com/tenant', clientIds: ['app'] });
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [IdentityProvider.openIdConnect(oidc)] });
    const mapping = new RoleMapping(stack, 'Corporate', {
      identityPool: pool, provider: IdentityProvider.openIdConnect(oidc), rules: [RoleMappingRule.equalTo('org', 'a', pool.createRole('R'))],
    });
    const mappings = only(Template.fromStack(stack), 'AWS::Cognito::IdentityPoolRoleAttachment').properties.RoleMappings;
    expect(Object.keys(mappings)).toEqual([Names.uniqueId(mapping)]);
    expect(mappings[Names.uniqueId(mapping)].IdentityProvider).toEqual({ Ref: logicalId(oidc) });
  });

  test('§4: useToken is refused for providers whose tokens carry no role claims, and warned about for OIDC', () => {
    const stack = newStack();
    const oidc = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Oidc', 'arn:aws:iam::123456789012:oidc-provider/login.example.com');
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [IdentityProvider.google('g'), IdentityProvider.openIdConnect(oidc)] });
    expect(() => new RoleMapping(stack, 'Google', { identityPool: pool, provider: IdentityProvider.google('g'), useToken: true })).toThrow(
      'Stack/Google: invalid useToken for accounts.google.com: its tokens carry no cognito:roles or cognito:preferred_role claim',
    );
    const dev = new DeveloperProvider(stack, 'Dev', { identityPool: pool, providerName: 'login.example.com' });
    expect(() => new RoleMapping(stack, 'DevToken', { identityPool: pool, provider: dev.provider, useToken: true })).toThrow(
      'Stack/DevToken: invalid useToken for developer provider "login.example.com"',
    );
    new RoleMapping(stack, 'OidcToken', { identityPool: pool, provider: IdentityProvider.openIdConnect(oidc), useToken: true });
    expect(warnings(stack)).toEqual([expect.stringContaining(
      'A token-based mapping for OpenID Connect provider "arn:aws:iam::123456789012:oidc-provider/login.example.com" works only if its ID tokens carry',
    )]);
  });

  test('a RoleMapping given an imported pool (from JavaScript, past the type) fails clearly', () => {
    const stack = newStack();
    const imported = IdentityPool.fromIdentityPoolId(stack, 'Existing', 'us-east-1:0000-abcd');
    const role = iam.Role.fromRoleArn(stack, 'R', 'arn:aws:iam::123456789012:role/r');
    const rules = [RoleMappingRule.equalTo('sub', 'a', role)];
    expect(() => new RoleMapping(stack, 'M', { identityPool: imported as any, provider: IdentityProvider.google('g'), rules })).toThrow(
      'Stack/M: invalid identityPool Stack/Existing: a RoleMapping needs an IdentityPool of this stack: SetIdentityPoolRoles replaces a pool\'s whole role configuration',
    );
    expect(() => new RoleMapping(stack, 'N', { identityPool: {} as any, provider: IdentityProvider.google('g'), rules })).toThrow(
      'Stack/N: invalid identityPool [object Object]: a RoleMapping needs an IdentityPool of this library',
    );
  });

  test('§4: many mappings, declared anywhere and in any order, land in the pool\'s one attachment sorted by key', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool');
    const role = pool.createRole('R');
    // A mapping made before its provider is added, in another scope.
    new RoleMapping(pool, 'Google', { identityPool: pool, provider: IdentityProvider.google('g'), rules: [RoleMappingRule.equalTo('sub', 'x', role)] });
    pool.addAuthenticationProvider(IdentityProvider.google('g'));
    pool.addAuthenticationProvider(IdentityProvider.amazon('a'));
    pool.addAuthenticationProvider(IdentityProvider.apple('b'));
    new RoleMapping(stack, 'Apple', { identityPool: pool, provider: IdentityProvider.apple('b'), rules: [RoleMappingRule.equals('sub', 'x', role)] });
    new RoleMapping(stack, 'Amazon', { identityPool: pool, provider: IdentityProvider.amazon('a'), rules: [RoleMappingRule.equalTo('sub', 'x', role)] });
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

  test('§1: a rule-based mapping for the developer provider leaves a warning: whether the service takes it is unsettled', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [IdentityProvider.google('g')] });
    const dev = new DeveloperProvider(stack, 'Dev', { identityPool: pool, providerName: 'login.example.com' });
    new RoleMapping(stack, 'DevMapping', { identityPool: pool, provider: dev.provider, rules: [RoleMappingRule.equalTo('sub', 'a', pool.createRole('A'))] });
    new RoleMapping(stack, 'Google', { identityPool: pool, provider: IdentityProvider.google('g'), rules: [RoleMappingRule.equalTo('sub', 'a', pool.createRole('B'))] });
    expect(warnings(stack)).toEqual([
      'A rule-based mapping for developer provider "login.example.com" is unsettled: no AWS documentation or known ' +
      'deployment shows the service accepting a developer provider name as a role-mapping key. Check on a deployed pool that a developer ' +
      'identity gets the mapped role, or give developer identities the pool\'s default authenticated role. [ack: cdk-identity-pool:developerRoleMapping]',
    ]);
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

  test('§4 §6: the guest role as the role of a mapping rule is refused: a mapping chooses among the roles of signed-in users', () => {
    const stack = newStack();
    const google = IdentityProvider.google('g');
    const pool = new IdentityPool(stack, 'Pool', { allowUnauthenticatedIdentities: true, authenticationProviders: [google] });
    expect(() => new RoleMapping(stack, 'M', {
      identityPool: pool,
      provider: google,
      rules: [RoleMappingRule.equalTo('sub', 'a', pool.createRole('A')), RoleMappingRule.equalTo('sub', 'b', pool.unauthenticatedRole!)],
    })).toThrow(
      'Stack/M: invalid rules[1].role Stack/Pool/UnauthenticatedRole: it is a guest role: it trusts only the unauthenticated identities ' +
      'of Stack/Pool (amr = unauthenticated); a role mapping chooses the role of signed-in (authenticated) users, so the service could ' +
      'never hand it to them; use a role made with createRole',
    );

    // A guest role given in props is the pool's guest role too; the authenticated role passes.
    const second = newStack();
    const guest = new iam.Role(second, 'Guest', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const other = new IdentityPool(second, 'Pool', { unauthenticatedRole: guest, authenticationProviders: [google] });
    expect(() => new RoleMapping(second, 'M', { identityPool: other, provider: google, rules: [RoleMappingRule.equalTo('sub', 'a', guest)] })).toThrow(
      'Stack/M: invalid rules[0].role Stack/Guest: it is the unauthenticatedRole (guest role) of Stack/Pool; a role mapping chooses the role of signed-in',
    );
    expect(() => new RoleMapping(second, 'M2', {
      identityPool: other, provider: google, rules: [RoleMappingRule.equalTo('sub', 'a', other.authenticatedRole)],
    })).not.toThrow();

    // One role given as both default roles is not a guest-only role.
    const third = newStack();
    const both = new iam.Role(third, 'Both', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const shared = new IdentityPool(third, 'Pool', { authenticatedRole: both, unauthenticatedRole: both, authenticationProviders: [google] });
    expect(() => new RoleMapping(third, 'M', { identityPool: shared, provider: google, rules: [RoleMappingRule.equalTo('sub', 'a', both)] })).not.toThrow();
  });

  test('no rules and no useToken is refused', () => {
    const { stack, pool, google } = setup();
    expect(() => new RoleMapping(stack, 'M', { identityPool: pool, provider: google })).toThrow(
      'Stack/M: missing rules: give 1-25 rules, or useToken: true',
    );
    expect(() => new RoleMapping(stack, 'M2', { identityPool: pool, provider: google, rules: [] })).toThrow(
      'Stack/M2: invalid rules (none given): give 1-25 rules, or useToken: true',
    );
  });

  test('§4: more than 25 rules is refused; 25 pass', () => {
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
      'Stack/M: invalid rules (1 given): a token-based mapping (useToken: true) takes no rules',
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
    const { stack, pool, role, google } = setup();
    const rules = [RoleMappingRule.equalTo('sub', 'a', role)];
    new RoleMapping(stack, 'First', { identityPool: pool, provider: google, rules });
    expect(() => new RoleMapping(stack, 'Second', { identityPool: pool, provider: IdentityProvider.google('g'), rules })).toThrow(
      'Stack/Second: invalid provider accounts.google.com: Stack/First already maps it; a pool takes one role mapping per provider',
    );
  });

  test('a mapping for a provider the pool does not have fails synthesis', () => {
    const { stack, pool, role } = setup();
    new RoleMapping(stack, 'M', { identityPool: pool, provider: IdentityProvider.facebook('f'), rules: [RoleMappingRule.equalTo('sub', 'a', role)] });
    expect(() => Template.fromStack(stack)).toThrow(
      /\[Stack\/Pool\] invalid provider of role mapping Stack\/M: the pool has no authentication provider graph.facebook.com/,
    );
  });

  test('§4: an eleventh mapped provider is refused', () => {
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
      `Stack/M: invalid role-mapping key ${JSON.stringify(name)}: must be 1-128 characters long (it has 136)`,
    );
  });
});
