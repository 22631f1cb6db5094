/**
 * End to end, the way a user's app is used: synthesize the stack, create its resources in the
 * Cognito Identity emulator (which follows docs/service-contract.md, not the library), then sign a
 * user in through the real SDK (GetId + GetCredentialsForIdentity with a test token in
 * `Logins`) and check the effect: which role the user gets and which session tags.
 *
 * A provider name the real service would not read (a principal-tag map under the wrong name, a
 * role mapping under an unconfigured key) makes these tests fail, not pass.
 */
import { CreateIdentityPoolInput, SetIdentityPoolRolesCommand, SetPrincipalTagAttributeMapCommand } from '@aws-sdk/client-cognito-identity';
import { Stack, StackProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AmbiguousRoleResolution, DeveloperProvider, IdentityPool, IdentityProvider, RoleMapping, RoleMappingRule } from '../src';
import { deployTemplate, Deployment } from './support/deploy';
import { liveEmulator } from './support/emulator-fixture';
import { assertBundleBuilt } from './support/handler-harness';
import { departmentRuleApp, googleApp, oidcApp, roleWithoutTagSessionApp, twoClientsApp, userPoolApp } from './support/scenarios';
import { credentialsFor, developerCredentialsFor, oidcIdToken, testToken, userPoolIdToken } from './support/tokens';
import { logicalId, newStack, warnings } from './util';

const live = liveEmulator();
beforeAll(() => assertBundleBuilt());

async function deploy(stack: Stack): Promise<Deployment> {
  return deployTemplate(Template.fromStack(stack).toJSON(), { emulator: live.emulator });
}

function roleArn(deployment: Deployment, role: iam.IRole): string {
  return String(deployment.attribute(logicalId(role), 'Arn'));
}

/** The login key and app client id a deployment gave the user pool and its web client. */
function names(app: { userPool: cognito.IUserPool; web: cognito.IUserPoolClient }, deployment: Deployment) {
  return {
    loginKey: String(deployment.attribute(logicalId(app.userPool), 'ProviderName')),
    clientId: deployment.physicalId(logicalId(app.web)),
  };
}

describe('a user pool of this stack', () => {
  test('§1 §2 §4: a user with custom:department=eng gets the mapped role and the session tag department=eng', async () => {
    // The app of the first scenario of test/support/scenarios.ts.
    const app = departmentRuleApp();
    const { pool, engineers } = app;

    const deployment = await deploy(app.stack);
    const { loginKey, clientId } = names(app, deployment);
    expect(loginKey).toMatch(/^cognito-idp\.us-east-1\.amazonaws\.com\/us-east-1_/);

    const eng = await credentialsFor(live.client, live.emulator, deployment.poolId, { [loginKey]: userPoolIdToken(loginKey, clientId, { 'custom:department': 'eng' }) });
    expect(eng.roleArn).toBe(roleArn(deployment, engineers));
    expect(eng.sessionTags).toEqual({ department: 'eng' });

    // No rule matches: the default authenticated role, still tagged.
    const sales = await credentialsFor(live.client, live.emulator, deployment.poolId, { [loginKey]: userPoolIdToken(loginKey, clientId, { 'custom:department': 'sales', 'sub': 'u2' }) });
    expect(sales.roleArn).toBe(roleArn(deployment, pool.authenticatedRole));
    expect(sales.sessionTags).toEqual({ department: 'sales' });
  });

  test('§1: two app clients share the user pool\'s one map; the default mapping denies an unmatched user', async () => {
    const app = twoClientsApp();
    const { mobile, admins } = app;

    const deployment = await deploy(app.stack);
    const { loginKey } = names(app, deployment);
    const mobileId = deployment.physicalId(logicalId(mobile));

    const admin = await credentialsFor(live.client, live.emulator, deployment.poolId, { [loginKey]: userPoolIdToken(loginKey, mobileId, { 'custom:department': 'admin' }) });
    expect(admin.roleArn).toBe(roleArn(deployment, admins));
    expect(admin.sessionTags).toEqual({ client: mobileId, username: 'user-sub' });

    // The mobile mapping is keyed by its own client: DENY for anyone else on it.
    await expect(credentialsFor(live.client, live.emulator, deployment.poolId, {
      [loginKey]: userPoolIdToken(loginKey, mobileId, { 'custom:department': 'sales', 'sub': 'u3' }),
    })).rejects.toThrow(expect.objectContaining({ name: 'NotAuthorizedException' }));
  });

  test('negative control: the same map written under the name with the client id gives no tag (the old bug)', async () => {
    const app = userPoolApp();
    const deployment = await deploy(app.stack);
    const { loginKey, clientId } = names(app, deployment);
    // What the library used to write: the role-mapping key, not the principal-tag name.
    await live.client.send(new SetPrincipalTagAttributeMapCommand({
      IdentityPoolId: deployment.poolId,
      IdentityProviderName: `${loginKey}:${clientId}`,
      UseDefaults: false,
      PrincipalTags: { department: 'custom:department' },
    }));
    const user = await credentialsFor(live.client, live.emulator, deployment.poolId, { [loginKey]: userPoolIdToken(loginKey, clientId, { 'custom:department': 'eng' }) });
    expect(user.roleArn).toBe(roleArn(deployment, app.pool.authenticatedRole));
    expect(user.sessionTags).toEqual({});
  });

  test('§2: a role made elsewhere without sts:TagSession is warned about at synth, and its users get no credentials', async () => {
    // A role trusting the pool correctly for AssumeRoleWithWebIdentity, but not for TagSession.
    const { stack, userPool, web, given } = roleWithoutTagSessionApp();
    expect(warnings(stack)).toEqual([expect.stringContaining('the role Stack/Given was not made by this pool: its trust policy must also allow sts:TagSession')]);

    const deployment = await deploy(stack);
    const loginKey = String(deployment.attribute(logicalId(userPool), 'ProviderName'));
    const clientId = deployment.physicalId(logicalId(web));
    await expect(credentialsFor(live.client, live.emulator, deployment.poolId, {
      [loginKey]: userPoolIdToken(loginKey, clientId, { 'custom:department': 'eng' }),
    })).rejects.toThrow(/sts:TagSession/);
    // A user whose token has no such claim gets no tag, so the same role works for them.
    const untagged = await credentialsFor(live.client, live.emulator, deployment.poolId, { [loginKey]: userPoolIdToken(loginKey, clientId, { sub: 'u4' }) });
    expect(untagged.roleArn).toBe(roleArn(deployment, given));
    expect(untagged.sessionTags).toEqual({});
  });
});

describe('a user pool of another region', () => {
  /** A pool using the eu-west-1 user pool (client webclient1) to sign in, in a role mapping and in a principal-tag map. */
  function euUserPoolApp(props?: StackProps) {
    const stack = newStack(props);
    const userPool = cognito.UserPool.fromUserPoolId(stack, 'Users', 'eu-west-1_abcdefghi');
    const web = cognito.UserPoolClient.fromUserPoolClientId(stack, 'Web', 'webclient1');
    const users = IdentityProvider.userPool(userPool, web);
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users] });
    const engineers = pool.createRole('Engineers');
    new RoleMapping(stack, 'Departments', {
      identityPool: pool,
      provider: users,
      rules: [RoleMappingRule.equalTo('custom:department', 'eng', engineers)],
    });
    pool.addPrincipalTags(users, { tags: { department: 'custom:department' } });
    return { stack, engineers };
  }

  test('§1 §2 §4 Regions: a user pool of eu-west-1 in a us-east-1 stack: the login keyed by its eu-west-1 name gets the mapped role and tags', async () => {
    const { stack, engineers } = euUserPoolApp({ env: { region: 'us-east-1', account: '123456789012' } });

    const deployment = await deploy(stack);
    expect(deployment.poolId).toMatch(/^us-east-1:/);
    // What the user pool's ID tokens carry as iss (without https://), and so what clients send.
    const loginKey = 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abcdefghi';
    const eng = await credentialsFor(live.client, live.emulator, deployment.poolId, { [loginKey]: userPoolIdToken(loginKey, 'webclient1', { 'custom:department': 'eng' }) });
    expect(eng.roleArn).toBe(roleArn(deployment, engineers));
    expect(eng.sessionTags).toEqual({ department: 'eng' });
    // The name in the stack's region is no provider of the pool.
    const wrong = 'cognito-idp.us-east-1.amazonaws.com/eu-west-1_abcdefghi';
    await expect(credentialsFor(live.client, live.emulator, deployment.poolId, { [wrong]: userPoolIdToken(wrong, 'webclient1', { sub: 'u5' }) }))
      .rejects.toThrow(expect.objectContaining({ name: 'NotAuthorizedException' }));
  });

  test('§1 Regions: in an env-agnostic stack deployed to us-east-1, the eu-west-1 user pool\'s users get the mapped role and tags under its eu-west-1 name', async () => {
    // test/regions.test.ts reads the three names from the template; this is what a user gets.
    const { stack, engineers } = euUserPoolApp();

    const deployment = await deploy(stack);
    expect(deployment.poolId).toMatch(/^us-east-1:/);
    const loginKey = 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abcdefghi';
    const eng = await credentialsFor(live.client, live.emulator, deployment.poolId, { [loginKey]: userPoolIdToken(loginKey, 'webclient1', { 'custom:department': 'eng' }) });
    expect(eng.roleArn).toBe(roleArn(deployment, engineers));
    expect(eng.sessionTags).toEqual({ department: 'eng' });
    // The name AWS::Region would have given (the deployment's region) is no provider of the pool.
    const wrong = 'cognito-idp.us-east-1.amazonaws.com/eu-west-1_abcdefghi';
    await expect(credentialsFor(live.client, live.emulator, deployment.poolId, { [wrong]: userPoolIdToken(wrong, 'webclient1', { sub: 'u6' }) }))
      .rejects.toThrow(expect.objectContaining({ name: 'NotAuthorizedException' }));
  });
});

describe('an OpenID Connect provider of this stack', () => {
  test('§1 §2 §4: the mapping and the map are read under the provider\'s ARN: a user with org=acme gets the tag, by rule the role', async () => {
    // The provider is passed inline again to the mapping and the map, as users write it.
    const { stack, oidc, acme } = oidcApp();

    const deployment = await deploy(stack);
    // The mapping is stored under the provider's ARN (SetIdentityPoolRoles refuses the issuer).
    const arn = deployment.physicalId(logicalId(oidc));
    expect(arn).toBe('arn:aws:iam::123456789012:oidc-provider/login.example.com/tenant');
    expect(Object.keys(live.emulator.roles(deployment.poolId)?.RoleMappings ?? {})).toEqual([arn]);
    const user = await credentialsFor(live.client, live.emulator, deployment.poolId, {
      'login.example.com/tenant': oidcIdToken('login.example.com/tenant', 'corp-app', { org: 'acme', team: 'platform' }),
    });
    expect(user.roleArn).toBe(roleArn(deployment, acme));
    expect(user.sessionTags).toEqual({ org: 'acme', team: 'platform' });
    // Under DENY (the default), a user of another org gets nothing.
    await expect(credentialsFor(live.client, live.emulator, deployment.poolId, {
      'login.example.com/tenant': oidcIdToken('login.example.com/tenant', 'corp-app', { org: 'other', sub: 'o2' }),
    })).rejects.toThrow(expect.objectContaining({ name: 'NotAuthorizedException' }));
  });

  test('§1 §4: an imported OIDC provider (literal ARN): the login keyed by issuer gets the role its ARN-keyed mapping picks', async () => {
    const stack = newStack();
    const arn = 'arn:aws:iam::123456789012:oidc-provider/idp.example.org/realms/staff';
    const oidc = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Staff', arn);
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [IdentityProvider.openIdConnect(oidc)] });
    const admins = pool.createRole('Admins');
    new RoleMapping(stack, 'StaffAdmins', {
      identityPool: pool,
      provider: IdentityProvider.openIdConnect(oidc),
      rules: [RoleMappingRule.contains('groups', 'admins', admins)],
      ambiguousRoleResolution: AmbiguousRoleResolution.AUTHENTICATED_ROLE,
    });
    const mappings = Template.fromStack(stack).findResources('AWS::Cognito::IdentityPoolRoleAttachment');
    expect(Object.values<any>(mappings)[0].Properties.RoleMappings[arn].IdentityProvider).toBe(arn);

    const deployment = await deploy(stack);
    const issuer = 'idp.example.org/realms/staff';
    const admin = await credentialsFor(live.client, live.emulator, deployment.poolId, { [issuer]: oidcIdToken(issuer, 'staff-app', { groups: ['staff', 'admins'] }) });
    expect(admin.roleArn).toBe(roleArn(deployment, admins));
    const other = await credentialsFor(live.client, live.emulator, deployment.poolId, { [issuer]: oidcIdToken(issuer, 'staff-app', { groups: ['staff'], sub: 'o3' }) });
    expect(other.roleArn).toBe(roleArn(deployment, pool.authenticatedRole));
  });
});

describe('a developer provider', () => {
  /** A pool whose users sign in through a developer backend, and the backend's provider name. */
  function developerApp(sessionTags: boolean) {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool');
    new DeveloperProvider(stack, 'Backend', { identityPool: pool, providerName: 'login.example.com', sessionTags });
    return { stack, pool };
  }
  const tenant = { providerName: 'login.example.com', user: 'user-1', principalTags: { tenant: 'acme' } };

  test('§1 §2 §6: with sessionTags, a developer identity the backend tags tenant=acme gets the authenticated role and the session tag tenant=acme', async () => {
    const { stack, pool } = developerApp(true);

    const deployment = await deploy(stack);
    const tagged = await developerCredentialsFor(live.client, live.emulator, deployment.poolId, tenant);
    expect(tagged.roleArn).toBe(roleArn(deployment, pool.authenticatedRole));
    expect(tagged.sessionTags).toEqual({ tenant: 'acme' });
    const untagged = await developerCredentialsFor(live.client, live.emulator, deployment.poolId, { providerName: 'login.example.com', user: 'user-2' });
    expect(untagged.roleArn).toBe(roleArn(deployment, pool.authenticatedRole));
    expect(untagged.sessionTags).toEqual({});
  });

  test('§2 §6: without sessionTags (the default) the same tagged developer identity gets no credentials; an untagged one does', async () => {
    const { stack, pool } = developerApp(false);

    const deployment = await deploy(stack);
    await expect(developerCredentialsFor(live.client, live.emulator, deployment.poolId, tenant))
      .rejects.toThrow(expect.objectContaining({ name: 'InvalidIdentityPoolConfigurationException' }));
    const untagged = await developerCredentialsFor(live.client, live.emulator, deployment.poolId, { providerName: 'login.example.com', user: 'user-2' });
    expect(untagged.roleArn).toBe(roleArn(deployment, pool.authenticatedRole));
  });
});

describe('a public login provider', () => {
  test('§1 §2: Google with useDefaults: a user gets client and username tags, and the role a rule picks', async () => {
    const { stack, pool, staff } = googleApp();

    const deployment = await deploy(stack);
    const token = (claims: object) => testToken({ iss: 'https://accounts.google.com', aud: '1234.apps.googleusercontent.com', ...claims });
    const member = await credentialsFor(live.client, live.emulator, deployment.poolId, { 'accounts.google.com': token({ sub: 'g-1', hd: 'example.com' }) });
    expect(member.roleArn).toBe(roleArn(deployment, staff));
    expect(member.sessionTags).toEqual({ client: '1234.apps.googleusercontent.com', username: 'g-1' });
    const outsider = await credentialsFor(live.client, live.emulator, deployment.poolId, { 'accounts.google.com': token({ sub: 'g-2' }) });
    expect(outsider.roleArn).toBe(roleArn(deployment, pool.authenticatedRole));
  });
});

describe('a pool this stack does not own', () => {
  /**
   * A pool as another tool made it, with the given providers, and its default role for
   * signed-in users, which trusts the pool and allows session tags.
   */
  async function poolMadeElsewhere(providers: Pick<CreateIdentityPoolInput, 'CognitoIdentityProviders' | 'SupportedLoginProviders'>) {
    const poolId = live.emulator.seedPool({ IdentityPoolName: 'made elsewhere', AllowUnauthenticatedIdentities: false, ...providers }).IdentityPoolId!;
    const roleArnElsewhere = 'arn:aws:iam::123456789012:role/made-elsewhere';
    const conditions = {
      'StringEquals': { 'cognito-identity.amazonaws.com:aud': poolId },
      'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
    };
    live.emulator.putRole(roleArnElsewhere, {
      Version: '2012-10-17',
      Statement: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'].map((Action) => ({
        Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action, Condition: conditions,
      })),
    });
    await live.client.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: { authenticated: roleArnElsewhere } }));
    return { poolId, roleArnElsewhere };
  }

  test('§1 §2 §3: the settings custom resource writes the user pool\'s map under its name without client id; users get the tags', async () => {
    const loginKey = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Imported1';
    const clientId = 'importedclient1';
    // The pool as another tool made it: a user pool provider and a default role that
    // allows session tags.
    const { poolId, roleArnElsewhere } = await poolMadeElsewhere({ CognitoIdentityProviders: [{ ProviderName: loginKey, ClientId: clientId }] });

    const stack = newStack();
    const existing = IdentityPool.fromIdentityPoolId(stack, 'Existing', poolId);
    const userPool = cognito.UserPool.fromUserPoolId(stack, 'Users', 'us-east-1_Imported1');
    const web = cognito.UserPoolClient.fromUserPoolClientId(stack, 'Web', clientId);
    existing.addPrincipalTags(IdentityProvider.userPool(userPool, web), { tags: { department: 'custom:department' } });
    await deploy(stack);

    expect(live.emulator.principalTags(poolId, loginKey)).toEqual({ UseDefaults: false, PrincipalTags: { department: 'custom:department' } });
    const user = await credentialsFor(live.client, live.emulator, poolId, { [loginKey]: userPoolIdToken(loginKey, clientId, { 'custom:department': 'eng' }) });
    expect(user.roleArn).toBe(roleArnElsewhere);
    expect(user.sessionTags).toEqual({ department: 'eng' });
  });

  test('§1 §2 §3: the same pool imported twice (by id and by ARN): each provider\'s users get the tags its one map names', async () => {
    // settings.test.ts reads the one custom resource from the template; this is what users get.
    const { poolId, roleArnElsewhere } = await poolMadeElsewhere({ SupportedLoginProviders: { 'accounts.google.com': 'g', 'www.amazon.com': 'amzn' } });

    const stack = newStack();
    const byId = IdentityPool.fromIdentityPoolId(stack, 'A', poolId);
    const byArn = IdentityPool.fromIdentityPoolArn(stack, 'B', `arn:aws:cognito-identity:us-east-1:123456789012:identitypool/${poolId}`);
    for (const pool of [byId, byArn]) {
      pool.addPrincipalTags(IdentityProvider.google('g'), { tags: { team: 'sub' } });
    }
    byArn.addPrincipalTags(IdentityProvider.amazon('amzn'), { useDefaults: true });
    await deploy(stack);

    const googleUser = await credentialsFor(live.client, live.emulator, poolId, {
      'accounts.google.com': testToken({ iss: 'https://accounts.google.com', aud: 'g', sub: 'g-1' }),
    });
    expect(googleUser.roleArn).toBe(roleArnElsewhere);
    expect(googleUser.sessionTags).toEqual({ team: 'g-1' });
    const amazonUser = await credentialsFor(live.client, live.emulator, poolId, {
      'www.amazon.com': testToken({ iss: 'https://www.amazon.com', aud: 'amzn', user_id: 'amzn1.account.A' }),
    });
    expect(amazonUser.sessionTags).toEqual({ client: 'amzn', username: 'amzn1.account.A' });
  });
});
