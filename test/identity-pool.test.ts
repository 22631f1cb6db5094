import { CfnParameter, Lazy, RemovalPolicy, Stack, Tags, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IdentityPool, IdentityProvider } from '../src';
import { newStack, only, trustStatements, userPoolWithClient, warnings } from './util';

const AUD = 'cognito-identity.amazonaws.com:aud';
const AMR = 'cognito-identity.amazonaws.com:amr';

describe('a default pool', () => {
  const stack = newStack();
  new IdentityPool(stack, 'Pool');
  const template = Template.fromStack(stack);

  test('is three resources: the pool, its authenticated role, its role attachment', () => {
    const types = Object.values(template.toJSON().Resources).map((r: any) => r.Type).sort();
    expect(types).toEqual(['AWS::Cognito::IdentityPool', 'AWS::Cognito::IdentityPoolRoleAttachment', 'AWS::IAM::Role']);
  });

  test('writes classic flow and unauthenticated access explicitly off', () => {
    const pool = only(template, 'AWS::Cognito::IdentityPool');
    expect(pool.properties.AllowClassicFlow).toBe(false);
    expect(pool.properties.AllowUnauthenticatedIdentities).toBe(false);
  });

  test('is retained when removed from the stack', () => {
    const pool = only(template, 'AWS::Cognito::IdentityPool');
    expect(pool.resource.DeletionPolicy).toBe('Retain');
    expect(pool.resource.UpdateReplacePolicy).toBe('Retain');
  });

  test('has no unauthenticated role', () => {
    template.resourceCountIs('AWS::IAM::Role', 1);
    const attachment = only(template, 'AWS::Cognito::IdentityPoolRoleAttachment');
    expect(Object.keys(attachment.properties.Roles)).toEqual(['authenticated']);
    expect(attachment.properties.RoleMappings).toBeUndefined();
  });

  test('§5: its role trusts exactly this pool (aud) and authenticated identities only (amr)', () => {
    const pool = only(template, 'AWS::Cognito::IdentityPool');
    const role = only(template, 'AWS::IAM::Role');
    expect(trustStatements(role.resource)).toEqual([
      {
        Action: 'sts:AssumeRoleWithWebIdentity',
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Condition: {
          'StringEquals': { [AUD]: { Ref: pool.logicalId } },
          'ForAnyValue:StringLike': { [AMR]: 'authenticated' },
        },
      },
    ]);
    const attachment = only(template, 'AWS::Cognito::IdentityPoolRoleAttachment');
    expect(attachment.properties.Roles.authenticated).toEqual({ 'Fn::GetAtt': [role.logicalId, 'Arn'] });
    expect(attachment.properties.IdentityPoolId).toEqual({ Ref: pool.logicalId });
  });

  test('declares no provider and leaves no warning', () => {
    const pool = only(template, 'AWS::Cognito::IdentityPool');
    for (const key of ['CognitoIdentityProviders', 'SupportedLoginProviders', 'OpenIdConnectProviderARNs', 'SamlProviderARNs', 'DeveloperProviderName']) {
      expect(pool.properties[key]).toBeUndefined();
    }
    expect(warnings(stack)).toEqual([]);
  });
});

describe('settings', () => {
  test('name and removal policy', () => {
    const stack = newStack();
    new IdentityPool(stack, 'Pool', { identityPoolName: 'app users', removalPolicy: RemovalPolicy.DESTROY });
    const pool = only(Template.fromStack(stack), 'AWS::Cognito::IdentityPool');
    expect(pool.properties.IdentityPoolName).toBe('app users');
    expect(pool.resource.DeletionPolicy).toBe('Delete');
  });

  test('unauthenticated access adds a guest role that trusts unauthenticated identities only, and a warning', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool', { allowUnauthenticatedIdentities: true });
    const template = Template.fromStack(stack);
    expect(only(template, 'AWS::Cognito::IdentityPool').properties.AllowUnauthenticatedIdentities).toBe(true);
    template.resourceCountIs('AWS::IAM::Role', 2);
    const guestRoleId = stack.getLogicalId(pool.unauthenticatedRole!.node.defaultChild as iam.CfnRole);
    const guest = template.toJSON().Resources[guestRoleId];
    expect(trustStatements(guest)[0].Condition['ForAnyValue:StringLike']).toEqual({ [AMR]: 'unauthenticated' });
    expect(trustStatements(guest)[0].Condition.StringEquals).toEqual({ [AUD]: { Ref: expect.stringMatching(/^Pool/) } });
    const attachment = only(template, 'AWS::Cognito::IdentityPoolRoleAttachment');
    expect(attachment.properties.Roles.unauthenticated).toEqual({ 'Fn::GetAtt': [guestRoleId, 'Arn'] });
    expect(warnings(stack).join('\n')).toMatch(/Unauthenticated \(guest\) access is on/);
  });

  test('classic flow on, by prop or by setter, is written and warned about', () => {
    const byProp = newStack();
    new IdentityPool(byProp, 'Pool', { allowClassicFlow: true });
    expect(only(Template.fromStack(byProp), 'AWS::Cognito::IdentityPool').properties.AllowClassicFlow).toBe(true);
    expect(warnings(byProp).join('\n')).toMatch(/classic\) authentication flow is on/);

    const bySetter = newStack();
    const pool = new IdentityPool(bySetter, 'Pool');
    pool.setAllowClassicFlow(true);
    expect(only(Template.fromStack(bySetter), 'AWS::Cognito::IdentityPool').properties.AllowClassicFlow).toBe(true);
    expect(warnings(bySetter)).toHaveLength(1);
  });

  test('classic flow turned on then off again leaves no warning: the final value decides', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool', { allowClassicFlow: true });
    pool.configureClassicFlow(false);
    expect(only(Template.fromStack(stack), 'AWS::Cognito::IdentityPool').properties.AllowClassicFlow).toBe(false);
    expect(warnings(stack)).toEqual([]);
  });

  test('roles given by the user are used as they are', () => {
    const stack = newStack();
    const mine = iam.Role.fromRoleArn(stack, 'Mine', 'arn:aws:iam::123456789012:role/mine');
    const guest = iam.Role.fromRoleArn(stack, 'Guest', 'arn:aws:iam::123456789012:role/guest');
    new IdentityPool(stack, 'Pool', { authenticatedRole: mine, unauthenticatedRole: guest });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Role', 0);
    expect(only(template, 'AWS::Cognito::IdentityPoolRoleAttachment').properties.Roles).toEqual({
      authenticated: 'arn:aws:iam::123456789012:role/mine',
      unauthenticated: 'arn:aws:iam::123456789012:role/guest',
    });
  });

  test('tags reach the pool', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool');
    Tags.of(pool).add('team', 'identity');
    expect(only(Template.fromStack(stack), 'AWS::Cognito::IdentityPool').properties.IdentityPoolTags).toEqual([
      { Key: 'team', Value: 'identity' },
    ]);
  });
});

describe('authentication providers', () => {
  test('a user pool client, with the server-side token check on by default', () => {
    const stack = newStack();
    const { userPool, client } = userPoolWithClient(stack);
    const other = userPool.addClient('Mobile');
    new IdentityPool(stack, 'Pool', {
      authenticationProviders: [
        IdentityProvider.userPool(userPool, client),
        IdentityProvider.userPool(userPool, other, { serverSideTokenCheck: false }),
      ],
    });
    const template = Template.fromStack(stack);
    const pool = only(template, 'AWS::Cognito::IdentityPool');
    const userPoolId = stack.getLogicalId(userPool.node.defaultChild as cognito.CfnUserPool);
    expect(pool.properties.CognitoIdentityProviders).toEqual([
      {
        ProviderName: { 'Fn::GetAtt': [userPoolId, 'ProviderName'] },
        ClientId: { Ref: stack.getLogicalId(client.node.defaultChild as cognito.CfnUserPoolClient) },
        ServerSideTokenCheck: true,
      },
      {
        ProviderName: { 'Fn::GetAtt': [userPoolId, 'ProviderName'] },
        ClientId: { Ref: stack.getLogicalId(other.node.defaultChild as cognito.CfnUserPoolClient) },
        ServerSideTokenCheck: false,
      },
    ]);
  });

  test('public login providers, OpenID Connect and SAML', () => {
    const stack = newStack();
    const oidc = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Oidc', 'arn:aws:iam::123456789012:oidc-provider/login.example.com');
    const saml = iam.SamlProvider.fromSamlProviderArn(stack, 'Saml', 'arn:aws:iam::123456789012:saml-provider/corp');
    const pool = new IdentityPool(stack, 'Pool', {
      authenticationProviders: [
        IdentityProvider.google('1234.apps.googleusercontent.com'),
        IdentityProvider.facebook('fb-app'),
        IdentityProvider.openIdConnect(oidc),
      ],
    });
    pool.addAuthenticationProvider(IdentityProvider.amazon('amzn1.application.abc'));
    pool.addAuthenticationProvider(IdentityProvider.apple('com.example.web'));
    pool.addAuthenticationProvider(IdentityProvider.twitter('key', 'secret'));
    pool.addAuthenticationProvider(IdentityProvider.saml(saml));
    const props = only(Template.fromStack(stack), 'AWS::Cognito::IdentityPool').properties;
    expect(props.SupportedLoginProviders).toEqual({
      'accounts.google.com': '1234.apps.googleusercontent.com',
      'graph.facebook.com': 'fb-app',
      'www.amazon.com': 'amzn1.application.abc',
      'appleid.apple.com': 'com.example.web',
      'api.twitter.com': 'key;secret',
    });
    expect(props.OpenIdConnectProviderARNs).toEqual(['arn:aws:iam::123456789012:oidc-provider/login.example.com']);
    expect(props.SamlProviderARNs).toEqual(['arn:aws:iam::123456789012:saml-provider/corp']);
    expect(pool.authenticationProviders.map((p) => p.loginsKey)).toEqual([
      'accounts.google.com', 'graph.facebook.com', 'login.example.com', 'www.amazon.com', 'appleid.apple.com', 'api.twitter.com',
      'arn:aws:iam::123456789012:saml-provider/corp',
    ]);
  });

  test('§1: each provider knows its Logins key, role-mapping key and principal-tag name', () => {
    const stack = newStack({ env: { region: 'eu-west-1', account: '123456789012' } });
    const users = cognito.UserPool.fromUserPoolId(stack, 'Users', 'eu-west-1_abc');
    const client = cognito.UserPoolClient.fromUserPoolClientId(stack, 'Web', 'client1');
    const oidc = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Oidc', 'arn:aws:iam::123456789012:oidc-provider/login.example.com/tenant');
    const saml = iam.SamlProvider.fromSamlProviderArn(stack, 'Saml', 'arn:aws:iam::123456789012:saml-provider/corp');
    const names = (p: IdentityProvider) => [p.loginsKey, p.roleMappingKey, p.principalTagName].map((n) => n && stack.resolve(n));
    expect(names(IdentityProvider.userPool(users, client)).map((n) => n['Fn::Join']?.[1].map((x: any) => x.Ref ? 'amazonaws.com' : x).join(''))).toEqual([
      'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
      'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc:client1',
      'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
    ]);
    expect(names(IdentityProvider.openIdConnect(oidc))).toEqual([
      'login.example.com/tenant', 'arn:aws:iam::123456789012:oidc-provider/login.example.com/tenant', 'arn:aws:iam::123456789012:oidc-provider/login.example.com/tenant',
    ]);
    const samlArn = 'arn:aws:iam::123456789012:saml-provider/corp';
    expect(names(IdentityProvider.saml(saml))).toEqual([samlArn, samlArn, samlArn]);
    expect(names(IdentityProvider.facebook('f'))).toEqual(['graph.facebook.com', 'graph.facebook.com', 'graph.facebook.com']);
    expect(names(IdentityProvider.developer('login.example.com'))).toEqual(['login.example.com', 'login.example.com', undefined]);
  });

  test('§1: providers made twice from the same thing are the same provider', () => {
    const stack = newStack();
    const { userPool, client } = userPoolWithClient(stack);
    const oidc = new iam.OpenIdConnectProvider(stack, 'Oidc', { url: 'https://login.example.com' });
    expect(IdentityProvider.userPool(userPool, client).sameAs(IdentityProvider.userPool(userPool, client))).toBe(true);
    expect(IdentityProvider.userPool(userPool, client).sameAs(IdentityProvider.userPool(userPool, userPool.addClient('Other')))).toBe(false);
    // aws-cdk-lib makes a new issuer token on every read: the ARN tells them apart instead.
    expect(oidc.openIdConnectProviderIssuer).not.toBe(oidc.openIdConnectProviderIssuer);
    expect(IdentityProvider.openIdConnect(oidc).sameAs(IdentityProvider.openIdConnect(oidc))).toBe(true);
    expect(IdentityProvider.google('a').sameAs(IdentityProvider.google('b'))).toBe(true);
    expect(IdentityProvider.google('a').sameAs(IdentityProvider.custom('accounts.google.com'))).toBe(false);
    expect(String(IdentityProvider.userPool(userPool, client))).toBe('user pool Stack/Users with app client Stack/Users/Web');
    expect(String(IdentityProvider.openIdConnect(oidc))).toBe('OpenID Connect provider Stack/Oidc');
  });

  test('more than 50 user pool providers are refused; 50 pass', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool');
    const users = cognito.UserPool.fromUserPoolId(stack, 'Users', 'us-east-1_abc');
    const client = (i: number) => cognito.UserPoolClient.fromUserPoolClientId(stack, `C${i}`, `client${i}`);
    for (let i = 0; i < 50; i++) {
      pool.addAuthenticationProvider(IdentityProvider.userPool(users, client(i)));
    }
    expect(() => pool.addAuthenticationProvider(IdentityProvider.userPool(users, client(50)))).toThrow(
      'Stack/Pool: invalid user pool providers (CognitoIdentityProviders): has 51 entries, the service allows at most 50',
    );
  });

  test('a provider added twice is refused', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [IdentityProvider.google('a')] });
    expect(() => pool.addAuthenticationProvider(IdentityProvider.google('b'))).toThrow(
      'Stack/Pool: invalid authenticationProviders entry accounts.google.com: the provider is already added; a pool takes each provider once',
    );
  });

  test('developer and custom providers are not authentication providers', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool');
    expect(() => pool.addAuthenticationProvider(IdentityProvider.developer('login.example.com'))).toThrow(/new DeveloperProvider/);
    expect(() => pool.addAuthenticationProvider(IdentityProvider.custom('graph.facebook.com'))).toThrow(/pool this stack does not own/);
  });
});

describe('roles for role mappings', () => {
  test('createRole trusts this pool with aud and amr; sessionTags adds sts:TagSession under the same conditions', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool');
    const plain = pool.createRole('Readers');
    const tagged = pool.createRole('Admins', { sessionTags: true, description: 'admins' });
    const template = Template.fromStack(stack);
    const resources = template.toJSON().Resources;
    const plainTrust = trustStatements(resources[stack.getLogicalId(plain.node.defaultChild as iam.CfnRole)]);
    const taggedTrust = trustStatements(resources[stack.getLogicalId(tagged.node.defaultChild as iam.CfnRole)]);
    expect(plainTrust).toHaveLength(1);
    expect(plainTrust[0].Condition).toEqual({
      'StringEquals': { [AUD]: { Ref: expect.stringMatching(/^Pool/) } },
      'ForAnyValue:StringLike': { [AMR]: 'authenticated' },
    });
    expect(taggedTrust.map((s: any) => s.Action)).toEqual(['sts:AssumeRoleWithWebIdentity', 'sts:TagSession']);
    expect(taggedTrust[1].Condition).toEqual(taggedTrust[0].Condition);
    expect(resources[stack.getLogicalId(tagged.node.defaultChild as iam.CfnRole)].Properties.Description).toBe('admins');
  });
});

describe('imports', () => {
  test('fromIdentityPoolId takes the region of the ARN from the id', () => {
    const stack = newStack({ env: { account: '123456789012', region: 'eu-west-1' } });
    const pool = IdentityPool.fromIdentityPoolId(stack, 'Imported', 'us-east-1:11111111-2222-3333-4444-555555555555');
    expect(pool.identityPoolId).toBe('us-east-1:11111111-2222-3333-4444-555555555555');
    expect(stack.resolve(pool.identityPoolArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cognito-identity:us-east-1:123456789012:identitypool/us-east-1:11111111-2222-3333-4444-555555555555']],
    });
  });

  test('fromIdentityPoolArn takes the id from the ARN', () => {
    const stack = newStack();
    const arn = 'arn:aws:cognito-identity:us-east-1:123456789012:identitypool/us-east-1:0000-abcd';
    const pool = IdentityPool.fromIdentityPoolArn(stack, 'Imported', arn);
    expect(pool.identityPoolId).toBe('us-east-1:0000-abcd');
    expect(pool.identityPoolArn).toBe(arn);
    expect(pool.env.region).toBe('us-east-1');
  });

  test('a malformed id or ARN is refused; tokens are not judged', () => {
    const stack = newStack();
    expect(() => IdentityPool.fromIdentityPoolId(stack, 'A', 'not a pool id')).toThrow(
      'Stack/A: invalid identityPoolId "not a pool id": must match REGION:GUID ([\\w-]+:[0-9a-f-]+)',
    );
    expect(() => IdentityPool.fromIdentityPoolId(stack, 'Long', `us-east-1:${'a'.repeat(50)}`)).toThrow(
      /Stack\/Long: invalid identityPoolId "us-east-1:a+": must be 1-55 characters long \(it has 60\)/,
    );
    expect(() => IdentityPool.fromIdentityPoolArn(stack, 'B', 'arn:aws:s3:::bucket')).toThrow(
      /Stack\/B: invalid identityPoolArn "arn:aws:s3:::bucket": must have the form arn:PARTITION:cognito-identity:REGION:ACCOUNT:identitypool\/REGION:GUID/,
    );
    expect(() => IdentityPool.fromIdentityPoolArn(stack, 'C', 'arn:aws:cognito-identity:us-east-1:123456789012:identitypool/bad')).toThrow(
      /Stack\/C: invalid identityPoolId "bad"/,
    );
    const fromToken = IdentityPool.fromIdentityPoolId(stack, 'D', Lazy.string({ produce: () => 'x' }));
    expect(Token.isUnresolved(fromToken.identityPoolArn)).toBe(true);
    const arnToken = IdentityPool.fromIdentityPoolArn(stack, 'E', Lazy.string({ produce: () => 'y' }));
    expect(Token.isUnresolved(arnToken.identityPoolId)).toBe(true);
  });
});

describe('grants', () => {
  function grantStack(grant: (pool: IdentityPool, role: iam.Role) => iam.Grant): { template: Template; grant: iam.Grant; stack: Stack } {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool');
    const role = new iam.Role(stack, 'Fn', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const result = grant(pool, role);
    return { template: Template.fromStack(stack), grant: result, stack };
  }

  const POOL_ARN = {
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cognito-identity:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':identitypool/', { Ref: Match.stringLikeRegexp('Pool') }]],
  };

  test.each([
    ['grantReadIdentities', (p: IdentityPool, r: iam.Role) => p.grantReadIdentities(r), ['cognito-identity:DescribeIdentity', 'cognito-identity:ListIdentities']],
    ['grantDeleteIdentities', (p: IdentityPool, r: iam.Role) => p.grantDeleteIdentities(r), 'cognito-identity:DeleteIdentities'],
    ['grant', (p: IdentityPool, r: iam.Role) => p.grant(r, 'cognito-identity:GetIdentityPoolRoles'), 'cognito-identity:GetIdentityPoolRoles'],
  ])('%s allows its actions on this pool\'s ARN only', (_name, fn, actions) => {
    const { template, grant } = grantStack(fn);
    expect(grant.success).toBe(true);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: actions, Effect: 'Allow', Resource: POOL_ARN }] },
    });
  });
});

test('grantListIdentityPools is the one grant on *: the operation has no pool to scope to', () => {
  const stack = newStack();
  const role = new iam.Role(stack, 'Fn', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  expect(IdentityPool.grantListIdentityPools(role).success).toBe(true);
  Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: { Statement: [{ Action: 'cognito-identity:ListIdentityPools', Effect: 'Allow', Resource: '*' }] },
  });
});

describe('validation', () => {
  test.each([
    ['', 'must be 1-128 characters long (it has 0)'],
    ['x'.repeat(129), 'must be 1-128 characters long (it has 129)'],
    ['bad/name', 'must match [\\w\\s+=,.@-]+'],
  ])('identityPoolName %j is refused', (name, rule) => {
    expect(() => new IdentityPool(newStack(), 'Pool', { identityPoolName: name })).toThrow(
      `Stack/Pool: invalid identityPoolName ${JSON.stringify(name)}: ${rule}`,
    );
  });

  test('identityPoolName: the accepted alphabet, and a token, pass', () => {
    expect(() => new IdentityPool(newStack(), 'Pool', { identityPoolName: 'App users+=,.@-_ 1' })).not.toThrow();
    const stack = newStack();
    expect(() => new IdentityPool(stack, 'Pool', { identityPoolName: Lazy.string({ produce: () => 'bad/name' }) })).not.toThrow();
  });

  test('a public provider app id outside [\\w.;_/-]+ is refused; a token passes', () => {
    expect(() => new IdentityPool(newStack(), 'Pool', { authenticationProviders: [IdentityProvider.google('has space')] })).toThrow(
      'Stack/Pool: invalid accounts.google.com app id "has space": must match [\\w.;_/-]+',
    );
    expect(() => new IdentityPool(newStack(), 'Pool', { authenticationProviders: [IdentityProvider.facebook('x'.repeat(129))] })).toThrow(
      /invalid graph.facebook.com app id "x+": must be 1-128 characters long \(it has 129\)/,
    );
    expect(() => new IdentityPool(newStack(), 'Pool', {
      authenticationProviders: [IdentityProvider.google(Lazy.string({ produce: () => 'has space' }))],
    })).not.toThrow();
  });

  test('a user pool client id outside [\\w_]+ or a provider name outside [\\w._:/-]+ is refused; tokens pass', () => {
    const stack = newStack();
    const userPool = cognito.UserPool.fromUserPoolId(stack, 'Users', 'us-east-1_abc');
    const badClient = cognito.UserPoolClient.fromUserPoolClientId(stack, 'Bad', 'client-with-dash');
    expect(() => new IdentityPool(stack, 'Pool', { authenticationProviders: [IdentityProvider.userPool(userPool, badClient)] })).toThrow(
      'Stack/Pool: invalid user pool client id "client-with-dash": must match [\\w_]+',
    );
    const literalPool = { ...userPool, userPoolProviderName: 'cognito-idp.us-east-1.amazonaws.com/us east' } as cognito.IUserPool;
    const client = cognito.UserPoolClient.fromUserPoolClientId(stack, 'Good', 'abc123');
    expect(() => new IdentityPool(stack, 'Pool2', { authenticationProviders: [IdentityProvider.userPool(literalPool, client)] })).toThrow(
      'Stack/Pool2: invalid user pool provider name "cognito-idp.us-east-1.amazonaws.com/us east": must match [\\w._:/-]+',
    );
    // The provider name of an imported user pool holds tokens: not judged.
    expect(() => new IdentityPool(stack, 'Pool3', { authenticationProviders: [IdentityProvider.userPool(userPool, client)] })).not.toThrow();
  });

  test('more than 50 tags, or a tag value over 256 characters, fail synthesis naming the pool', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool');
    for (let i = 0; i < 51; i++) Tags.of(pool).add(`k${i}`, 'v');
    expect(() => Template.fromStack(stack)).toThrow(/\[Stack\/Pool\] invalid tags: has 51 tags, the service allows at most 50/);

    const stack2 = newStack();
    const pool2 = new IdentityPool(stack2, 'Pool');
    Tags.of(pool2).add('long', 'v'.repeat(257));
    expect(() => Template.fromStack(stack2)).toThrow(/\[Stack\/Pool\] invalid tag value "v+" of tag "long": must be at most 256 characters long \(it has 257\)/);
  });

  test('a tag key starting with aws: (AWS reserves the prefix, in any letter case) fails synthesis naming the pool', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool');
    Tags.of(pool).add('aws:team', 'a');
    Tags.of(pool).add('AWS:Owner', 'b');
    Tags.of(pool).add('team-aws:x', 'c');
    let error = '';
    try {
      Template.fromStack(stack);
    } catch (e) {
      error = String(e);
    }
    expect(error).toContain('[Stack/Pool] invalid tag key "aws:team": tag keys cannot start with "aws:" in any letter case, which AWS reserves');
    expect(error).toContain('[Stack/Pool] invalid tag key "AWS:Owner": tag keys cannot start with "aws:"');
    expect(error).not.toContain('team-aws:x');
  });

  test('50 tags, and a tag whose value is a token, pass', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool');
    for (let i = 0; i < 49; i++) Tags.of(pool).add(`k${i}`, 'v');
    Tags.of(pool).add('token', new CfnParameter(stack, 'TagValue').valueAsString);
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
});
