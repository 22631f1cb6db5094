import { CfnParameter, Lazy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DeveloperProvider, IdentityPool, IdentityProvider, RoleMapping, RoleMappingRule } from '../src';
import { newStack, only, trustStatements, userPoolWithClient, warnings } from './util';
import { HANDLER_RUNTIME_NAME } from '../src/private/settings/handler-runtime';

function policyStatements(template: Template): any[] {
  return Object.values<any>(template.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
}

describe('principal tags on a pool of this stack: AWS::Cognito::IdentityPoolPrincipalTag', () => {
  function setup() {
    const stack = newStack();
    const { userPool, client } = userPoolWithClient(stack);
    const users = IdentityProvider.userPool(userPool, client);
    // The native IAM OIDC provider (no Lambda of aws-cdk-lib's own).
    const oidc = new iam.OidcProviderNative(stack, 'Oidc', { url: 'https://login.example.com', clientIds: ['app'] });
    const pool = new IdentityPool(stack, 'Pool', {
      authenticationProviders: [users, IdentityProvider.google('g'), IdentityProvider.openIdConnect(oidc)],
    });
    return { stack, pool, users, userPool, client, oidc };
  }

  test('§1 §2: one resource per provider, named as the service reads it: a user pool without its client id, OIDC by ARN', () => {
    const { stack, pool, users, oidc } = setup();
    pool.addPrincipalTags(users, { tags: { department: 'custom:department', team: 'custom:team' } });
    pool.addPrincipalTags(IdentityProvider.google('g'), { useDefaults: true });
    pool.addPrincipalTags(IdentityProvider.openIdConnect(oidc), { tags: { org: 'org' } });
    const template = Template.fromStack(stack);
    const poolRef = { Ref: only(template, 'AWS::Cognito::IdentityPool').logicalId };
    const maps = Object.values<any>(template.findResources('AWS::Cognito::IdentityPoolPrincipalTag')).map((r) => r.Properties);
    expect(maps).toEqual([
      {
        IdentityPoolId: poolRef,
        IdentityProviderName: { 'Fn::GetAtt': [expect.stringMatching(/^Users/), 'ProviderName'] },
        UseDefaults: false,
        PrincipalTags: { department: 'custom:department', team: 'custom:team' },
      },
      { IdentityPoolId: poolRef, IdentityProviderName: 'accounts.google.com', UseDefaults: true },
      { IdentityPoolId: poolRef, IdentityProviderName: { Ref: expect.stringMatching(/^Oidc/) }, UseDefaults: false, PrincipalTags: { org: 'org' } },
    ]);
  });

  test('a stack of owned pools with principal tags has no Lambda, no custom resource and no asset', () => {
    const { stack, pool, users, oidc } = setup();
    pool.addPrincipalTags(users, { useDefaults: true });
    pool.addPrincipalTags(IdentityProvider.openIdConnect(oidc), { useDefaults: true });
    pool.configureClassicFlow(false);
    const template = Template.fromStack(stack);
    const types = Object.values<any>(template.toJSON().Resources).map((r) => r.Type);
    expect(types.filter((t) => t === 'AWS::Lambda::Function' || t.startsWith('Custom::'))).toEqual([]);
    expect(stack.node.tryFindChild('CdkIdentityPoolSettingsProvider')).toBeUndefined();
    const assets = Object.keys(template.toJSON().Parameters ?? {}).filter((p) => p.startsWith('AssetParameters'));
    expect(assets).toEqual([]);
  });

  test('the logical id of a map is stable across synths and apps', () => {
    const ids = () => {
      const { stack, pool, users } = setup();
      pool.addPrincipalTags(users, { useDefaults: true });
      pool.addPrincipalTags(IdentityProvider.google('g'), { useDefaults: true });
      return Object.keys(Template.fromStack(stack).findResources('AWS::Cognito::IdentityPoolPrincipalTag'));
    };
    expect(ids()).toEqual(ids());
    expect(ids()).toEqual([expect.stringMatching(/^PoolPrincipalTagsStackUsers/), expect.stringMatching(/^PoolPrincipalTagsaccountsgooglecom/)]);
  });

  test('§1: two app clients of one user pool share one map: the same map is written once', () => {
    const stack = newStack();
    const { userPool, client } = userPoolWithClient(stack);
    const mobile = userPool.addClient('Mobile');
    const web = IdentityProvider.userPool(userPool, client);
    const app = IdentityProvider.userPool(userPool, mobile);
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [web, app] });
    pool.addPrincipalTags(web, { tags: { department: 'custom:department' } });
    pool.addPrincipalTags(app, { tags: { department: 'custom:department' } });
    Template.fromStack(stack).resourceCountIs('AWS::Cognito::IdentityPoolPrincipalTag', 1);
  });

  test('§1: two app clients of one user pool with different maps fail, naming both providers readably', () => {
    const stack = newStack();
    const { userPool, client } = userPoolWithClient(stack);
    const mobile = userPool.addClient('Mobile');
    const pool = new IdentityPool(stack, 'Pool');
    pool.addPrincipalTags(IdentityProvider.userPool(userPool, client), { tags: { department: 'custom:department' } });
    expect(() => pool.addPrincipalTags(IdentityProvider.userPool(userPool, mobile), { useDefaults: true })).toThrow(
      'Stack/Pool: invalid principal tags of user pool Stack/Users with app client Stack/Users/Mobile: ' +
      'user pool Stack/Users with app client Stack/Users/Mobile and user pool Stack/Users with app client Stack/Users/Web share one principal-tag map',
    );
  });

  test('§2: the roles that hand out tagged sessions gain sts:TagSession under the same conditions; the guest role does not', () => {
    const stack = newStack();
    const { userPool, client } = userPoolWithClient(stack);
    const users = IdentityProvider.userPool(userPool, client);
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users], allowUnauthenticatedIdentities: true });
    const before = pool.createRole('Before');
    pool.addPrincipalTags(users, { useDefaults: true });
    const after = pool.createRole('After');
    const resources = Template.fromStack(stack).toJSON().Resources;
    for (const role of [pool.authenticatedRole, before, after]) {
      const statements = trustStatements(resources[stack.getLogicalId(role.node.defaultChild as any)]);
      expect(statements.map((s: any) => s.Action)).toEqual(['sts:AssumeRoleWithWebIdentity', 'sts:TagSession']);
      expect(statements[1].Condition).toEqual(statements[0].Condition);
    }
    const guest = trustStatements(resources[stack.getLogicalId(pool.unauthenticatedRole!.node.defaultChild as any)]);
    expect(guest.map((s: any) => s.Action)).toEqual(['sts:AssumeRoleWithWebIdentity']);
  });

  test('§2: roles the pool did not make, given in props or mapping rules, get a warning naming the role', () => {
    const stack = newStack();
    const { userPool, client } = userPoolWithClient(stack);
    const users = IdentityProvider.userPool(userPool, client);
    const given = iam.Role.fromRoleArn(stack, 'Given', 'arn:aws:iam::123456789012:role/given');
    const ruled = new iam.Role(stack, 'Ruled', { assumedBy: new iam.AccountRootPrincipal() });
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users], authenticatedRole: given });
    pool.addPrincipalTags(users, { useDefaults: true });
    new RoleMapping(stack, 'Mapping', {
      identityPool: pool,
      provider: users,
      rules: [RoleMappingRule.equalTo('custom:team', 'ops', ruled), RoleMappingRule.equalTo('custom:team', 'dev', pool.createRole('Dev'))],
    });
    const texts = warnings(stack);
    expect(texts).toEqual([
      expect.stringContaining('Principal tags are in use and the role Stack/Given was not made by this pool: its trust policy must also allow sts:TagSession'),
      expect.stringContaining('Principal tags are in use and the role Stack/Ruled was not made by this pool'),
      // It does not even trust Cognito Identity (issue 9's trust check).
      expect.stringContaining('The role Stack/Ruled does not trust cognito-identity.amazonaws.com'),
    ]);
  });

  test('without principal tags, roles made elsewhere get no warning', () => {
    const stack = newStack();
    const given = iam.Role.fromRoleArn(stack, 'Given', 'arn:aws:iam::123456789012:role/given');
    new IdentityPool(stack, 'Pool', { authenticatedRole: given, authenticationProviders: [IdentityProvider.google('g')] });
    expect(warnings(stack)).toEqual([]);
  });

  test('§1: an OIDC provider passed inline twice is one provider: one ARN on the pool, one map under its ARN', () => {
    const stack = newStack();
    const oidc = new iam.OidcProviderNative(stack, 'Oidc', { url: 'https://login.example.com', clientIds: ['app'] });
    // aws-cdk-lib computes the issuer anew on every read: two reads are two different tokens.
    expect(oidc.openIdConnectProviderIssuer).not.toBe(oidc.openIdConnectProviderIssuer);
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [IdentityProvider.openIdConnect(oidc)] });
    expect(() => pool.addAuthenticationProvider(IdentityProvider.openIdConnect(oidc))).toThrow(
      'Stack/Pool: invalid authenticationProviders entry OpenID Connect provider Stack/Oidc: the provider is already added',
    );
    pool.addPrincipalTags(IdentityProvider.openIdConnect(oidc), { useDefaults: true });
    new RoleMapping(stack, 'Mapping', {
      identityPool: pool,
      provider: IdentityProvider.openIdConnect(oidc),
      rules: [RoleMappingRule.equalTo('org', 'acme', pool.createRole('Acme'))],
    });
    const template = Template.fromStack(stack);
    expect(only(template, 'AWS::Cognito::IdentityPool').properties.OpenIdConnectProviderARNs).toEqual([{ Ref: expect.stringMatching(/^Oidc/) }]);
    expect(only(template, 'AWS::Cognito::IdentityPoolPrincipalTag').properties.IdentityProviderName).toEqual({ Ref: expect.stringMatching(/^Oidc/) });
  });
});

describe('principal-tag validation', () => {
  function setup() {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [IdentityProvider.google('g')] });
    return { stack, pool, google: IdentityProvider.google('g') };
  }
  const field = 'principal tags of accounts.google.com';

  test('§2: more than 50 tags is refused; 50 pass', () => {
    const { pool, google } = setup();
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, `c${i}`]));
    expect(() => pool.addPrincipalTags(google, { tags: tags(51) })).toThrow(`Stack/Pool: invalid ${field}: has 51 entries, the service allows at most 50`);
    expect(() => pool.addPrincipalTags(google, { tags: tags(50) })).not.toThrow();
  });

  test('§2: a tag name over 128 or a claim over 256 characters is refused', () => {
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

  test('§2: tag names outside the STS tag-key alphabet, or starting with aws:, are refused', () => {
    const { pool, google } = setup();
    expect(() => pool.addPrincipalTags(google, { tags: { 'team#1': 'sub' } })).toThrow(
      `Stack/Pool: invalid principal tag name (${field}) "team#1": must match the STS tag-key alphabet`,
    );
    expect(() => pool.addPrincipalTags(google, { tags: { 'AWS:team': 'sub' } })).toThrow(
      `Stack/Pool: invalid principal tag name (${field}) "AWS:team": session-tag keys cannot start with "aws:"`,
    );
    expect(() => pool.addPrincipalTags(google, { tags: { 'dept name_1.x:/=+-@': 'sub' } })).not.toThrow();
  });

  test('§2: the claims of one map over 460 bytes together are refused; 460 pass', () => {
    const { pool, google } = setup();
    const claims = (bytes: number) => ({ a: 'x'.repeat(230), b: 'y'.repeat(bytes - 230) });
    expect(() => pool.addPrincipalTags(google, { tags: claims(461) })).toThrow(
      `Stack/Pool: invalid claims of ${field} "${'x'.repeat(230)}, ${'y'.repeat(231)}": the claims of one map may take at most 460 bytes together (these take 461)`,
    );
    // Counted in UTF-8 bytes, as the service counts them: 154 three-byte characters are 462.
    expect(() => pool.addPrincipalTags(google, { tags: { a: '€'.repeat(154) } })).toThrow(/these take 462/);
    expect(() => pool.addPrincipalTags(google, { tags: claims(460) })).not.toThrow();
  });

  test('tags and useDefaults together, or neither, are refused; an omitted map says what is missing', () => {
    const { pool, google } = setup();
    expect(() => pool.addPrincipalTags(google, { tags: { a: 'b' }, useDefaults: true })).toThrow(
      `Stack/Pool: invalid ${field} {"a":"b"}: give either tags or useDefaults: true, not both`,
    );
    expect(() => pool.addPrincipalTags(google, { tags: {} })).toThrow(`Stack/Pool: invalid ${field} {}: give at least one tag, or useDefaults: true`);
    expect(() => pool.addPrincipalTags(google, {})).toThrow(`Stack/Pool: missing ${field}: give tags (tag name to claim) or useDefaults: true`);
  });

  test('a second map for one provider is refused', () => {
    const { pool, google } = setup();
    pool.addPrincipalTags(google, { useDefaults: true });
    expect(() => pool.addPrincipalTags(IdentityProvider.google('g'), { tags: { a: 'b' } })).toThrow(
      `Stack/Pool: invalid ${field}: the provider already has a principal-tag map; give all its tags in one call`,
    );
  });

  test('§1: a developer provider takes no map: the error points to PrincipalTags of GetOpenIdTokenForDeveloperIdentity', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool');
    const dev = new DeveloperProvider(stack, 'Dev', { identityPool: pool, providerName: 'login.example.com' });
    expect(() => pool.addPrincipalTags(dev.provider, { tags: { team: 'team' } })).toThrow(
      'Stack/Pool: invalid principal-tag provider developer provider "login.example.com": a principal-tag map does nothing for a developer provider: ' +
      'its identities get session tags per call, through the PrincipalTags of GetOpenIdTokenForDeveloperIdentity',
    );
  });

  test('a provider the pool does not have fails synthesis, named readably', () => {
    const { stack, pool } = setup();
    const users = cognito.UserPool.fromUserPoolId(stack, 'Imported', 'us-east-1_abc');
    pool.addPrincipalTags(IdentityProvider.userPool(users, cognito.UserPoolClient.fromUserPoolClientId(stack, 'C', 'client1')), { useDefaults: true });
    expect(() => Template.fromStack(stack)).toThrow(
      /\[Stack\/Pool\] invalid principal-tag provider: the pool has no authentication provider user pool "us-east-1_abc" with app client "client1"/,
    );
  });

  test('no error shows a token placeholder for a provider of this stack', () => {
    const stack = newStack();
    const { userPool, client } = userPoolWithClient(stack);
    const pool = new IdentityPool(stack, 'Pool');
    pool.addPrincipalTags(IdentityProvider.userPool(userPool, client), { useDefaults: true });
    expect(() => Template.fromStack(stack)).toThrow(/no authentication provider user pool Stack\/Users with app client Stack\/Users\/Web/);
    try {
      Template.fromStack(stack);
    } catch (e) {
      expect(String(e)).not.toMatch(/\$\{Token\[/);
    }
  });

  test('§2: a tag name that is a token is judged at synth: an intrinsic fails naming the pool; a lazy name is checked as a literal', () => {
    const { stack, pool, google } = setup();
    pool.addPrincipalTags(google, { tags: { [new CfnParameter(stack, 'TagName').valueAsString]: 'sub' } });
    expect(() => Template.fromStack(stack)).toThrow(
      `[Stack/Pool] invalid principal tag name (${field}) {"Ref":"TagName"}: it resolves to a CloudFormation intrinsic ` +
      '(a parameter, an attribute or a reference), and a principal tag name is a key of the principal-tag map, which must be a literal string',
    );

    const imported = newStack();
    IdentityPool.fromIdentityPoolId(imported, 'Existing', 'us-east-1:0000-abcd')
      .addPrincipalTags(google, { tags: { [new iam.Role(imported, 'R', { assumedBy: new iam.AccountRootPrincipal() }).roleName]: 'sub' } });
    expect(() => Template.fromStack(imported)).toThrow(/\[Stack\/Existing\] invalid principal tag name \(principal tags of accounts.google.com\) \{"Ref":"R/);

    const lazy = setup();
    lazy.pool.addPrincipalTags(lazy.google, { tags: { [Lazy.string({ produce: () => 'aws:team' })]: 'sub' } });
    expect(() => Template.fromStack(lazy.stack)).toThrow(`[Stack/Pool] invalid principal tag name (${field}) "aws:team": session-tag keys cannot start with "aws:"`);

    const good = setup();
    good.pool.addPrincipalTags(good.google, { tags: { [Lazy.string({ produce: () => 'team' })]: 'sub' } });
    expect(only(Template.fromStack(good.stack), 'AWS::Cognito::IdentityPoolPrincipalTag').properties.PrincipalTags).toEqual({ team: 'sub' });
  });

  test('tokens are not judged', () => {
    const { stack, pool, google } = setup();
    const claim = new CfnParameter(stack, 'Claim').valueAsString;
    expect(() => pool.addPrincipalTags(google, { tags: { team: claim } })).not.toThrow();
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
});

describe('a pool this stack does not own: the settings custom resource', () => {
  const POOL = 'us-east-1:11111111-2222-3333-4444-555555555555';

  test('§1 §3: maps named as the service reads them; classic flow read-modify-written; least-privilege IAM with Tag/UntagResource', () => {
    const stack = newStack();
    const pool = IdentityPool.fromIdentityPoolId(stack, 'Existing', POOL);
    const users = cognito.UserPool.fromUserPoolId(stack, 'Users', 'us-east-1_abc');
    pool.addPrincipalTags(IdentityProvider.userPool(users, cognito.UserPoolClient.fromUserPoolClientId(stack, 'Web', 'client1')), { useDefaults: true });
    const oidc = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Oidc', 'arn:aws:iam::123456789012:oidc-provider/login.example.com');
    pool.addPrincipalTags(IdentityProvider.openIdConnect(oidc), { tags: { org: 'org' } });
    pool.setAllowClassicFlow(false);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    expect(only(template, 'Custom::IdentityPoolClassicFlow').properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(/^CdkIdentityPoolSettingsProviderHandler/), 'Arn'] },
      IdentityPoolId: POOL,
      AllowClassicFlow: false,
    });
    const tags = only(template, 'Custom::IdentityPoolPrincipalTags').properties;
    expect(tags.Providers).toEqual([
      {
        // §1 Regions: the user pool's region comes from its id, not from the (env-agnostic) stack.
        ProviderName: { 'Fn::Join': ['', ['cognito-idp.us-east-1.', { Ref: 'AWS::URLSuffix' }, '/us-east-1_abc']] },
        UseDefaults: true,
        PrincipalTags: {},
      },
      { ProviderName: 'arn:aws:iam::123456789012:oidc-provider/login.example.com', UseDefaults: false, PrincipalTags: { org: 'org' } },
    ]);
    // Maps someone else set on the pool are not overwritten: the handler reads them first.
    expect(tags.GuardExistingMaps).toBe(true);
    const arn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cognito-identity:us-east-1:', { Ref: 'AWS::AccountId' }, `:identitypool/${POOL}`]] };
    const statements = policyStatements(template).filter((s) => JSON.stringify(s.Action).includes('cognito-identity:'));
    expect(statements).toEqual([
      {
        Action: ['cognito-identity:DescribeIdentityPool', 'cognito-identity:GetPrincipalTagAttributeMap', 'cognito-identity:SetPrincipalTagAttributeMap'],
        Effect: 'Allow',
        Resource: [arn],
      },
      {
        // §3: the pool is written back with its tags: TagResource and UntagResource, on this pool only.
        Action: ['cognito-identity:DescribeIdentityPool', 'cognito-identity:UpdateIdentityPool', 'cognito-identity:TagResource', 'cognito-identity:UntagResource'],
        Effect: 'Allow',
        Resource: [arn],
      },
    ]);
    for (const statement of policyStatements(template)) {
      expect(statement.Resource).not.toBe('*');
    }
    expect(warnings(stack)).toEqual([]);
  });

  test(`the handler: one ${HANDLER_RUNTIME_NAME} function (src/private/settings/handler-runtime.ts), the shipped bundle; the custom resource waits for its permissions`, () => {
    const stack = newStack();
    IdentityPool.fromIdentityPoolId(stack, 'Existing', POOL).addPrincipalTags(IdentityProvider.google('g'), { useDefaults: true });
    const template = Template.fromStack(stack);
    const fn = only(template, 'AWS::Lambda::Function');
    expect(fn.properties.Runtime).toBe(HANDLER_RUNTIME_NAME);
    expect(fn.properties.Handler).toBe('index.handler');
    expect(fn.properties.Code.S3Key).toMatch(/\.zip$/);
    const resource = only(template, 'Custom::IdentityPoolPrincipalTags');
    const policyId = Object.keys(template.findResources('AWS::IAM::Policy'))[0];
    expect(resource.resource.DependsOn).toEqual([policyId]);
  });

  test('20 imported pools with principal tags share one function and one statement listing their 20 ARNs', () => {
    const stack = newStack();
    for (let i = 0; i < 20; i++) {
      const pool = IdentityPool.fromIdentityPoolId(stack, `Pool${i}`, `us-east-1:0000-${i.toString(16).padStart(4, '0')}`);
      pool.addPrincipalTags(IdentityProvider.google('g'), { useDefaults: true });
    }
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('Custom::IdentityPoolPrincipalTags', 20);
    const statements = policyStatements(template).filter((s) => JSON.stringify(s.Action).includes('cognito-identity:'));
    expect(statements).toHaveLength(1);
    expect(statements[0].Resource).toHaveLength(20);
  });

  test('§1: a custom user pool name with an app client id is refused for principal tags', () => {
    const stack = newStack();
    const pool = IdentityPool.fromIdentityPoolId(stack, 'Existing', POOL);
    expect(() => pool.addPrincipalTags(IdentityProvider.custom('cognito-idp.us-east-1.amazonaws.com/us-east-1_abc:client'), { useDefaults: true })).toThrow(
      'Stack/Existing: invalid principal-tag provider "cognito-idp.us-east-1.amazonaws.com/us-east-1_abc:client": ' +
      'a user pool\'s principal-tag map is named without the app client id',
    );
    expect(() => pool.addPrincipalTags(IdentityProvider.custom('cognito-idp.us-east-1.amazonaws.com/us-east-1_abc'), { useDefaults: true })).not.toThrow();
  });

  test('classic flow on warns; the last call wins, and turning it back off leaves no warning', () => {
    const stack = newStack();
    const pool = IdentityPool.fromIdentityPoolArn(stack, 'Existing', 'arn:aws:cognito-identity:us-east-1:123456789012:identitypool/us-east-1:0000-abcd');
    pool.configureClassicFlow(true);
    expect(only(Template.fromStack(stack), 'Custom::IdentityPoolClassicFlow').properties.AllowClassicFlow).toBe(true);
    expect(warnings(stack).join('\n')).toMatch(/classic\) authentication flow is on/);

    const other = newStack();
    const again = IdentityPool.fromIdentityPoolId(other, 'Existing', 'us-east-1:0000-abcd');
    again.configureClassicFlow(true);
    again.configureClassicFlow(false);
    expect(only(Template.fromStack(other), 'Custom::IdentityPoolClassicFlow').properties.AllowClassicFlow).toBe(false);
    expect(warnings(other)).toEqual([]);
  });

  test('§2 §3: the same pool imported twice with the same settings shares one custom resource of each kind', () => {
    const stack = newStack();
    const a = IdentityPool.fromIdentityPoolId(stack, 'A', POOL);
    const b = IdentityPool.fromIdentityPoolArn(stack, 'B', `arn:aws:cognito-identity:us-east-1:123456789012:identitypool/${POOL}`);
    for (const pool of [a, b]) {
      pool.configureClassicFlow(false);
      pool.addPrincipalTags(IdentityProvider.google('g'), { tags: { team: 'sub' } });
    }
    b.addPrincipalTags(IdentityProvider.amazon('amzn'), { useDefaults: true });
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::IdentityPoolClassicFlow', 1);
    template.resourceCountIs('Custom::IdentityPoolPrincipalTags', 1);
    expect(only(template, 'Custom::IdentityPoolClassicFlow').logicalId).toMatch(/^AClassicFlow/);
    expect(only(template, 'Custom::IdentityPoolPrincipalTags').properties.Providers).toEqual([
      { ProviderName: 'accounts.google.com', UseDefaults: false, PrincipalTags: { team: 'sub' } },
      { ProviderName: 'www.amazon.com', UseDefaults: true, PrincipalTags: {} },
    ]);
    // The handler may write the pool once per kind of setting: one ARN in each statement.
    for (const statement of policyStatements(template).filter((s) => JSON.stringify(s.Action).includes('cognito-identity:'))) {
      expect(statement.Resource).toHaveLength(1);
    }
  });

  test('§2 §3: the same pool imported twice with conflicting settings fails, naming both imports', () => {
    const stack = newStack();
    const a = IdentityPool.fromIdentityPoolId(stack, 'A', POOL);
    const b = IdentityPool.fromIdentityPoolId(stack, 'B', POOL);
    a.addPrincipalTags(IdentityProvider.google('g'), { tags: { team: 'sub' } });
    expect(() => b.addPrincipalTags(IdentityProvider.google('g'), { useDefaults: true })).toThrow(
      'Stack/B: invalid principal tags of accounts.google.com: Stack/A imports the same pool and gives accounts.google.com another ' +
      'principal-tag map; the pool has one map per provider and the two would undo each other',
    );
    a.configureClassicFlow(true);
    b.configureClassicFlow(false);
    expect(() => Template.fromStack(stack)).toThrow(
      '[Stack/B] invalid classic flow false: Stack/A imports the same pool and sets it to true; the pool has one AllowClassicFlow ' +
      'and the two settings would undo each other',
    );

    // Each import's last call decides: once they agree, one resource.
    b.configureClassicFlow(true);
    const other = newStack();
    IdentityPool.fromIdentityPoolId(other, 'A', POOL).configureClassicFlow(true);
    const again = IdentityPool.fromIdentityPoolId(other, 'B', POOL);
    again.configureClassicFlow(false);
    again.configureClassicFlow(true);
    expect(only(Template.fromStack(other), 'Custom::IdentityPoolClassicFlow').properties.AllowClassicFlow).toBe(true);
  });

  test('an imported pool does not judge its providers', () => {
    const stack = newStack();
    const pool = IdentityPool.fromIdentityPoolId(stack, 'Existing', 'us-east-1:0000-abcd');
    pool.addPrincipalTags(IdentityProvider.google('g'), { useDefaults: true });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
});
