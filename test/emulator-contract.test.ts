import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  CreateIdentityPoolInput,
  DescribeIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetOpenIdTokenForDeveloperIdentityCommand,
  GetPrincipalTagAttributeMapCommand,
  ListIdentityPoolsCommand,
  RoleMapping,
  SetIdentityPoolRolesCommand,
  SetPrincipalTagAttributeMapCommand,
  TagResourceCommand,
  UpdateIdentityPoolCommand,
} from '@aws-sdk/client-cognito-identity';
import { CognitoEmulator, PolicyDocument } from './support/cognito-emulator';
import { deployTemplate } from './support/deploy';
import { useEmulator } from './support/emulator-fixture';
import { assertBundleBuilt } from './support/handler-harness';
import { credentialsFor, decodeTestToken, oidcIdToken, testToken, userPoolIdToken } from './support/tokens';

/**
 * Tests of the emulator itself against docs/service-contract.md: each names the
 * contract section it checks. Pools are built through the real SDK.
 */

const ACCOUNT = '123456789012';
const USER_POOL = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool01';
const CLIENT_ID = 'abcdefghijklmnopqrstuvwxyz';
const OIDC_ISSUER = 'oidc.example.com/tenant';
const OIDC_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${OIDC_ISSUER}`;
const SAML_ARN = `arn:aws:iam::${ACCOUNT}:saml-provider/corp`;
const GOOGLE = 'accounts.google.com';
const GOOGLE_APP = '1234-app.apps.googleusercontent.com';
const AMAZON = 'www.amazon.com';
const AMAZON_APP = 'amzn1.application-oa2-client.0123';
const TWITTER = 'api.twitter.com';
const DEVELOPER = 'login.example';
const SAML_NAME = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name';
const SAML_NAME_ID = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier';

const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const AUTH_ROLE = roleArn('auth');
const UNAUTH_ROLE = roleArn('unauth');

let emulator: CognitoEmulator;
let client: CognitoIdentityClient;

useEmulator((e, c) => {
  emulator = e;
  client = c;
});

interface TrustOptions {
  readonly amr?: string;
  readonly tagSession?: boolean;
  readonly aud?: boolean;
}

/** The trust policy the contract requires (§2, §5), with parts left out on request. */
function trustPolicy(poolId: string, options: TrustOptions = {}): PolicyDocument {
  const condition = {
    ...(options.aud === false ? {} : { StringEquals: { 'cognito-identity.amazonaws.com:aud': poolId } }),
    'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': options.amr ?? 'authenticated' },
  };
  const statement = (Action: string) => ({ Effect: 'Allow' as const, Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action, Condition: condition });
  return {
    Version: '2012-10-17',
    Statement: [statement('sts:AssumeRoleWithWebIdentity'), ...(options.tagSession === false ? [] : [statement('sts:TagSession')])],
  };
}

/** A pool with every kind of provider, created through the SDK, with roles that trust it. */
async function createPool(overrides: Partial<CreateIdentityPoolInput> = {}, sdk: CognitoIdentityClient = client): Promise<string> {
  const pool = await sdk.send(new CreateIdentityPoolCommand({
    IdentityPoolName: 'pool',
    AllowUnauthenticatedIdentities: false,
    CognitoIdentityProviders: [{ ProviderName: USER_POOL, ClientId: CLIENT_ID }],
    SupportedLoginProviders: { [GOOGLE]: GOOGLE_APP, [AMAZON]: AMAZON_APP },
    OpenIdConnectProviderARNs: [OIDC_ARN],
    SamlProviderARNs: [SAML_ARN],
    DeveloperProviderName: DEVELOPER,
    ...overrides,
  }));
  return pool.IdentityPoolId!;
}

async function setRoles(
  poolId: string,
  roleMappings?: Record<string, RoleMapping>,
  roles: Record<string, string> = { authenticated: AUTH_ROLE },
): Promise<void> {
  await client.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: roles, RoleMappings: roleMappings }));
}

async function setTags(poolId: string, providerName: string, tags: Record<string, string> = {}, useDefaults = false): Promise<void> {
  await client.send(new SetPrincipalTagAttributeMapCommand({
    IdentityPoolId: poolId, IdentityProviderName: providerName, UseDefaults: useDefaults, PrincipalTags: tags,
  }));
}

/** A pool whose default authenticated role fully trusts it. */
async function authenticatedPool(overrides: Partial<CreateIdentityPoolInput> = {}): Promise<string> {
  const poolId = await createPool(overrides);
  emulator.putRole(AUTH_ROLE, trustPolicy(poolId));
  await setRoles(poolId);
  return poolId;
}

const userPoolLogin = (claims: Record<string, unknown> = {}) => ({ [USER_POOL]: userPoolIdToken(USER_POOL, CLIENT_ID, claims) });

describe('test tokens', () => {
  test('are unsigned JWTs that decode back to their claims', () => {
    const token = testToken({ sub: 'u1', aud: 'a' });
    expect(token.endsWith('.')).toBe(true);
    expect(decodeTestToken(token)).toEqual({ header: { alg: 'none', typ: 'JWT' }, claims: { sub: 'u1', aud: 'a' } });
    expect(() => decodeTestToken('not-a-jwt')).toThrow(/three/);
    expect(() => decodeTestToken('e30.bm90IGpzb24.')).toThrow(/not JSON/);
  });
});

describe('§3: regions', () => {
  test('§3: a pool lives in the region of the request that created it and is not found from another region', async () => {
    const eu = new CognitoIdentityClient({ region: 'eu-west-1', endpoint: emulator.endpoint, credentials: { accessKeyId: 'a', secretAccessKey: 's' }, maxAttempts: 1 });
    try {
      const poolId = (await eu.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'eu', AllowUnauthenticatedIdentities: false }))).IdentityPoolId!;
      expect(poolId).toMatch(/^eu-west-1:[0-9a-f-]{36}$/);
      expect(emulator.poolArn(poolId)).toBe(`arn:aws:cognito-identity:eu-west-1:${ACCOUNT}:identitypool/${poolId}`);

      await expect(eu.send(new DescribeIdentityPoolCommand({ IdentityPoolId: poolId }))).resolves.toMatchObject({ IdentityPoolName: 'eu' });
      await expect(client.send(new DescribeIdentityPoolCommand({ IdentityPoolId: poolId }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      await expect(client.send(new SetPrincipalTagAttributeMapCommand({ IdentityPoolId: poolId, IdentityProviderName: GOOGLE, UseDefaults: true })))
        .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      await expect(client.send(new TagResourceCommand({ ResourceArn: emulator.poolArn(poolId), Tags: { a: '1' } })))
        .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      expect((await client.send(new ListIdentityPoolsCommand({ MaxResults: 10 }))).IdentityPools).toEqual([]);
      expect((await eu.send(new ListIdentityPoolsCommand({ MaxResults: 10 }))).IdentityPools).toEqual([{ IdentityPoolId: poolId, IdentityPoolName: 'eu' }]);
    } finally {
      eu.destroy();
    }
  });

  test('§3: unsigned GetId is scoped by the regional endpoint; identity ids name the region', async () => {
    const poolId = emulator.seedPool({ IdentityPoolName: 'guests', AllowUnauthenticatedIdentities: true }, 'eu-west-1').IdentityPoolId!;
    await expect(client.send(new GetIdCommand({ IdentityPoolId: poolId }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });

    const eu = new CognitoIdentityClient({
      region: 'eu-west-1', endpoint: emulator.endpointFor('eu-west-1'), credentials: { accessKeyId: 'a', secretAccessKey: 's' }, maxAttempts: 1,
    });
    try {
      const { IdentityId } = await eu.send(new GetIdCommand({ IdentityPoolId: poolId }));
      expect(IdentityId).toMatch(/^eu-west-1:[0-9a-f-]{36}$/);
      await expect(client.send(new GetCredentialsForIdentityCommand({ IdentityId }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    } finally {
      eu.destroy();
    }
  });
});

describe('§3: UpdateIdentityPool', () => {
  test('§3: an omitted DeveloperProviderName is kept, a different one refused, a first one added', async () => {
    const poolId = await createPool({ CognitoIdentityProviders: undefined, SupportedLoginProviders: undefined });
    const update = (DeveloperProviderName?: string) => client.send(new UpdateIdentityPoolCommand({
      IdentityPoolId: poolId, IdentityPoolName: 'renamed', AllowUnauthenticatedIdentities: false, DeveloperProviderName,
    }));

    const kept = await update(undefined);
    expect(kept.DeveloperProviderName).toBe(DEVELOPER);
    // Everything else left out is reset (full replace).
    expect(emulator.pools.get(poolId)).toStrictEqual({
      IdentityPoolId: poolId, IdentityPoolName: 'renamed', AllowUnauthenticatedIdentities: false, AllowClassicFlow: false, DeveloperProviderName: DEVELOPER,
    });
    await expect(update('other.example')).rejects.toMatchObject({ name: 'InvalidParameterException' });
    expect(emulator.pools.get(poolId)?.DeveloperProviderName).toBe(DEVELOPER);

    const bare = await createPool({ DeveloperProviderName: undefined });
    await client.send(new UpdateIdentityPoolCommand({ IdentityPoolId: bare, IdentityPoolName: 'p', AllowUnauthenticatedIdentities: false, DeveloperProviderName: 'first.example' }));
    expect(emulator.pools.get(bare)?.DeveloperProviderName).toBe('first.example');
  });
});

describe('§2: principal-tag maps', () => {
  test('§2: GetPrincipalTagAttributeMap on a provider without a map is ResourceNotFoundException; any name can be set', async () => {
    const poolId = await createPool();
    const ids = { IdentityPoolId: poolId, IdentityProviderName: USER_POOL };
    await expect(client.send(new GetPrincipalTagAttributeMapCommand(ids))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });

    await setTags(poolId, USER_POOL, { team: 'custom:team' });
    await expect(client.send(new GetPrincipalTagAttributeMapCommand(ids))).resolves.toMatchObject({ UseDefaults: false, PrincipalTags: { team: 'custom:team' } });
    // The service does not check the name: a map under a name no provider has is stored, and inert.
    await setTags(poolId, 'not-a-provider.example', { x: 'sub' });
    expect(emulator.principalTags(poolId, 'not-a-provider.example')).toEqual({ UseDefaults: false, PrincipalTags: { x: 'sub' } });
  });
});

describe('§1, §4: role-mapping keys', () => {
  const tokenMapping: RoleMapping = { Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' };

  test.each([
    ['a user pool with its client id', `${USER_POOL}:${CLIENT_ID}`],
    ['a social domain', GOOGLE],
    ['an OIDC provider by its ARN, as the pool lists it', OIDC_ARN],
    ['a SAML provider ARN', SAML_ARN],
    ['the developer provider name (unsettled, accepted)', DEVELOPER],
  ])('§1, §4: accepts %s', async (_case, key) => {
    const poolId = await createPool();
    await setRoles(poolId, { [key]: tokenMapping });
    expect(Object.keys(emulator.roles(poolId)?.RoleMappings ?? {})).toEqual([key]);
  });

  test.each([
    ['a user pool without its client id', USER_POOL],
    ['a user pool with another client id', `${USER_POOL}:otherclient`],
    ['a social domain the pool does not support', 'graph.facebook.com'],
    ['an OIDC provider by its issuer (its Logins key, not its mapping key)', OIDC_ISSUER],
    ['an issuer the pool has no OIDC provider for', 'oidc.other.example'],
    ['the ARN of an OIDC provider the pool does not list', `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.other.example`],
    ['the ARN of a SAML provider the pool does not list', `arn:aws:iam::${ACCOUNT}:saml-provider/other`],
    ['a Rules mapping keyed by a logical name', 'CorporateRules'],
  ])('§1, §4: refuses %s', async (_case, key) => {
    const poolId = await createPool();
    await expect(setRoles(poolId, { [key]: tokenMapping })).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('is not a valid RoleMapping ProviderName or is not a configured provider'),
    });
    expect(emulator.roles(poolId)).toBeUndefined();
  });
});

describe('§1: Logins keys and tokens', () => {
  test('§1: GetId is stable per user; the user pool key carries no client id', async () => {
    const poolId = await authenticatedPool();
    const first = await client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: userPoolLogin({ sub: 'alice' }) }));
    const again = await client.send(new GetIdCommand({ IdentityPoolId: poolId, AccountId: ACCOUNT, Logins: userPoolLogin({ sub: 'alice' }) }));
    const other = await client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: userPoolLogin({ sub: 'bob' }) }));
    expect(first.IdentityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    expect(again.IdentityId).toBe(first.IdentityId);
    expect(other.IdentityId).not.toBe(first.IdentityId);

    const withClient = { [`${USER_POOL}:${CLIENT_ID}`]: userPoolIdToken(USER_POOL, CLIENT_ID) };
    await expect(client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: withClient }))).rejects.toMatchObject({
      name: 'NotAuthorizedException', message: expect.stringContaining(`${USER_POOL}:${CLIENT_ID}`),
    });
  });

  test.each([
    ['a token whose iss is not the login key', { [USER_POOL]: testToken({ iss: 'https://elsewhere.example', aud: CLIENT_ID, sub: 'u' }) }],
    ['a token for another app client', { [USER_POOL]: userPoolIdToken(USER_POOL, 'otherclient') }],
    ['a malformed token', { [USER_POOL]: 'garbage' }],
    ['an unconfigured social provider', { 'graph.facebook.com': testToken({ aud: 'fb', sub: 'u' }) }],
    ['a Google token for another app', { [GOOGLE]: testToken({ aud: 'other-app', sub: 'u' }) }],
    ['an OIDC issuer without a provider ARN on the pool', { 'oidc.other.example': oidcIdToken('oidc.other.example', 'x') }],
    ['the OIDC provider ARN as login key', { [OIDC_ARN]: oidcIdToken(OIDC_ISSUER, 'x') }],
    ['an unconfigured SAML provider', { [`arn:aws:iam::${ACCOUNT}:saml-provider/other`]: testToken({ [SAML_NAME_ID]: 'u' }) }],
    ['an expired token', { [USER_POOL]: userPoolIdToken(USER_POOL, CLIENT_ID, { exp: 1_000_000 }) }],
  ])('§1: refuses %s with NotAuthorizedException', async (_case, logins) => {
    const poolId = await authenticatedPool();
    await expect(client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  test('§1: an OIDC token must carry a client id the IAM OIDC provider was registered with', async () => {
    const poolId = await authenticatedPool();
    emulator.putOidcProvider(OIDC_ARN, ['app-1']);
    await expect(credentialsFor(client, emulator, poolId, { [OIDC_ISSUER]: oidcIdToken(OIDC_ISSUER, 'app-2') })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(credentialsFor(client, emulator, poolId, { [OIDC_ISSUER]: oidcIdToken(OIDC_ISSUER, 'app-1') })).resolves.toMatchObject({ roleArn: AUTH_ROLE });
  });

  test('§1 Regions: a user pool of another region is configured and logged in under its own region\'s name', async () => {
    const euPool = 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other001';
    const poolId = await authenticatedPool({ CognitoIdentityProviders: [{ ProviderName: euPool, ClientId: CLIENT_ID }] });
    expect(poolId).toMatch(/^us-east-1:/);
    await expect(credentialsFor(client, emulator, poolId, { [euPool]: userPoolIdToken(euPool, CLIENT_ID) }))
      .resolves.toMatchObject({ roleArn: AUTH_ROLE });
    const stackRegion = 'cognito-idp.us-east-1.amazonaws.com/eu-west-1_Other001';
    await expect(credentialsFor(client, emulator, poolId, { [stackRegion]: userPoolIdToken(stackRegion, CLIENT_ID) }))
      .rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await setRoles(poolId, { [`${euPool}:${CLIENT_ID}`]: { Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' } });
    await expect(setRoles(poolId, { [`${stackRegion}:${CLIENT_ID}`]: { Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' } }))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  test('§1: Twitter accepts the consumer key alone as aud', async () => {
    const poolId = await authenticatedPool({ SupportedLoginProviders: { [TWITTER]: 'ckey;csecret' } });
    await expect(credentialsFor(client, emulator, poolId, { [TWITTER]: testToken({ aud: 'ckey', sub: 't1' }) })).resolves.toMatchObject({ roleArn: AUTH_ROLE });
  });
});

describe('§1, §2: session tags from principal-tag maps', () => {
  test('§1, §2: a map under the user pool name gives tags; a map under the name with the client id gives none', async () => {
    const poolId = await authenticatedPool();
    const logins = userPoolLogin({ 'sub': 'alice', 'custom:team': 'blue' });

    await setTags(poolId, `${USER_POOL}:${CLIENT_ID}`, { team: 'custom:team' });
    expect((await credentialsFor(client, emulator, poolId, logins)).sessionTags).toEqual({});

    await setTags(poolId, USER_POOL, { team: 'custom:team' });
    await expect(credentialsFor(client, emulator, poolId, logins)).resolves.toEqual(expect.objectContaining({ roleArn: AUTH_ROLE, sessionTags: { team: 'blue' } }));
  });

  test('§1, §2: an OIDC map under the provider ARN gives tags; under the issuer none', async () => {
    const poolId = await authenticatedPool();
    const logins = { [OIDC_ISSUER]: oidcIdToken(OIDC_ISSUER, 'app', { dept: 'eng' }) };

    await setTags(poolId, OIDC_ISSUER, { department: 'dept' });
    expect((await credentialsFor(client, emulator, poolId, logins)).sessionTags).toEqual({});

    await setTags(poolId, OIDC_ARN, { department: 'dept' });
    expect((await credentialsFor(client, emulator, poolId, logins)).sessionTags).toEqual({ department: 'eng' });
  });

  test('§2: UseDefaults maps aud to client and sub to username (Amazon: user_id; SAML: its name claims)', async () => {
    const poolId = await authenticatedPool();
    await setTags(poolId, USER_POOL, {}, true);
    await setTags(poolId, AMAZON, {}, true);
    await setTags(poolId, SAML_ARN, {}, true);

    expect((await credentialsFor(client, emulator, poolId, userPoolLogin({ sub: 'alice' }))).sessionTags).toEqual({ client: CLIENT_ID, username: 'alice' });
    const amazon = { [AMAZON]: testToken({ aud: AMAZON_APP, user_id: 'amzn1.account.X', sub: 'ignored' }) };
    expect((await credentialsFor(client, emulator, poolId, amazon)).sessionTags).toEqual({ client: AMAZON_APP, username: 'amzn1.account.X' });
    const saml = { [SAML_ARN]: testToken({ [SAML_NAME_ID]: 'nid-1', [SAML_NAME]: 'Alice' }) };
    expect((await credentialsFor(client, emulator, poolId, saml)).sessionTags).toEqual({ client: 'nid-1', username: 'Alice' });
  });

  test('§2: a claim missing from the token gives no tag; multi-valued claims are joined with commas', async () => {
    const poolId = await authenticatedPool();
    await setTags(poolId, USER_POOL, { groups: 'cognito:groups', team: 'custom:team', email: 'email' });
    const issued = await credentialsFor(client, emulator, poolId, userPoolLogin({ 'cognito:groups': ['a', 'b'], 'email': 'a@example.com' }));
    expect(issued.sessionTags).toEqual({ groups: 'a,b', email: 'a@example.com' });
  });

  test('§1: developer identities get session tags per call; a map under the developer name does nothing', async () => {
    const poolId = await authenticatedPool();
    await setTags(poolId, DEVELOPER, { ignored: 'sub' });
    const { IdentityId, Token } = await client.send(new GetOpenIdTokenForDeveloperIdentityCommand({
      IdentityPoolId: poolId, Logins: { [DEVELOPER]: 'user-1' }, PrincipalTags: { tenant: 'acme' },
    }));
    const again = await client.send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { [DEVELOPER]: 'user-1' } }));
    expect(again.IdentityId).toBe(IdentityId);

    const { Credentials } = await client.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: { 'cognito-identity.amazonaws.com': Token! } }));
    expect(emulator.session(Credentials!.AccessKeyId!)).toEqual({ roleArn: AUTH_ROLE, sessionTags: { tenant: 'acme' }, identityId: IdentityId, loginKey: DEVELOPER });
    await expect(client.send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins: { 'other.example': 'user-1' } })))
      .rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});

describe('§4: role choice', () => {
  const ADMIN = roleArn('admin');
  const ENGINEER = roleArn('engineer');

  async function mappedPool(mapping: RoleMapping, key = `${USER_POOL}:${CLIENT_ID}`): Promise<string> {
    const poolId = await createPool();
    [AUTH_ROLE, ADMIN, ENGINEER].forEach((arn) => emulator.putRole(arn, trustPolicy(poolId)));
    await setRoles(poolId, { [key]: mapping });
    return poolId;
  }

  const rules = (ambiguous: 'AuthenticatedRole' | 'Deny'): RoleMapping => ({
    Type: 'Rules',
    AmbiguousRoleResolution: ambiguous,
    RulesConfiguration: {
      Rules: [
        { Claim: 'cognito:groups', MatchType: 'Contains', Value: 'admin', RoleARN: ADMIN },
        { Claim: 'custom:dept', MatchType: 'StartsWith', Value: 'eng', RoleARN: ENGINEER },
        { Claim: 'custom:dept', MatchType: 'Equals', Value: 'engineering', RoleARN: AUTH_ROLE },
      ],
    },
  });

  test('§4: rules are evaluated in order and the first match wins; a multi-valued claim matches on any element', async () => {
    const poolId = await mappedPool(rules('Deny'));
    const role = async (claims: Record<string, unknown>) => (await credentialsFor(client, emulator, poolId, userPoolLogin(claims))).roleArn;

    expect(await role({ 'cognito:groups': ['staff', 'admins'], 'custom:dept': 'engineering' })).toBe(ADMIN);
    expect(await role({ 'cognito:groups': ['staff'], 'custom:dept': 'engineering' })).toBe(ENGINEER);
  });

  test('§4: no matching rule: AuthenticatedRole gives the default role, Deny refuses', async () => {
    const lenient = await mappedPool(rules('AuthenticatedRole'));
    expect((await credentialsFor(client, emulator, lenient, userPoolLogin({ 'custom:dept': 'sales' }))).roleArn).toBe(AUTH_ROLE);

    const strict = await mappedPool(rules('Deny'));
    await expect(credentialsFor(client, emulator, strict, userPoolLogin({ 'custom:dept': 'sales' }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  test('§4: NotEqual matches when no element of a multi-valued claim equals the value', async () => {
    const poolId = await mappedPool({
      Type: 'Rules',
      AmbiguousRoleResolution: 'Deny',
      RulesConfiguration: { Rules: [{ Claim: 'cognito:groups', MatchType: 'NotEqual', Value: 'guests', RoleARN: ENGINEER }] },
    });
    expect((await credentialsFor(client, emulator, poolId, userPoolLogin({ 'cognito:groups': ['staff'] }))).roleArn).toBe(ENGINEER);
    await expect(credentialsFor(client, emulator, poolId, userPoolLogin({ 'cognito:groups': ['staff', 'guests'] })))
      .rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  test('§4: Token mappings take cognito:preferred_role; without it, cognito:roles (one role or several) is ambiguous', async () => {
    const poolId = await mappedPool({ Type: 'Token', AmbiguousRoleResolution: 'Deny' });
    const role = async (claims: Record<string, unknown>) => (await credentialsFor(client, emulator, poolId, userPoolLogin(claims))).roleArn;

    expect(await role({ 'cognito:roles': [ADMIN, ENGINEER], 'cognito:preferred_role': ENGINEER })).toBe(ENGINEER);
    await expect(role({ 'cognito:roles': [ADMIN] })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(role({ 'cognito:roles': [ADMIN, ENGINEER] })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(role({})).rejects.toMatchObject({ name: 'NotAuthorizedException' });

    const lenient = await mappedPool({ Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' });
    expect((await credentialsFor(client, emulator, lenient, userPoolLogin({ 'sub': 'one-role', 'cognito:roles': [ADMIN] }))).roleArn).toBe(AUTH_ROLE);
  });

  test('§4: a CustomRoleArn among cognito:roles is taken; one that is not is refused, even under AuthenticatedRole', async () => {
    const poolId = await mappedPool({ Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' });
    const logins = userPoolLogin({ 'cognito:roles': [ADMIN, ENGINEER], 'cognito:preferred_role': ENGINEER });
    const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }));
    const custom = (CustomRoleArn: string) => client.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins, CustomRoleArn }));

    const { Credentials } = await custom(ADMIN);
    expect(emulator.session(Credentials!.AccessKeyId!)?.roleArn).toBe(ADMIN);
    await expect(custom(AUTH_ROLE)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  test('§4: a mapping for another provider leaves the default authenticated role', async () => {
    const poolId = await mappedPool({ Type: 'Token', AmbiguousRoleResolution: 'Deny' }, GOOGLE);
    expect((await credentialsFor(client, emulator, poolId, userPoolLogin())).roleArn).toBe(AUTH_ROLE);
  });

  test('§1, §4: a user logging in with the OIDC issuer gets the mapping keyed by the provider ARN', async () => {
    const poolId = await mappedPool({
      Type: 'Rules', AmbiguousRoleResolution: 'Deny', RulesConfiguration: { Rules: [{ Claim: 'dept', MatchType: 'Equals', Value: 'eng', RoleARN: ENGINEER }] },
    }, OIDC_ARN);
    const login = (dept: string, sub: string) => ({ [OIDC_ISSUER]: oidcIdToken(OIDC_ISSUER, 'app', { dept, sub }) });
    expect((await credentialsFor(client, emulator, poolId, login('eng', 'o1'))).roleArn).toBe(ENGINEER);
    // The mapping applies to OIDC users only: its Deny refuses the unmatched one, users of other providers keep the default.
    await expect(credentialsFor(client, emulator, poolId, login('sales', 'o2'))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect((await credentialsFor(client, emulator, poolId, userPoolLogin())).roleArn).toBe(AUTH_ROLE);
  });
});

describe('§2, §5: the role trust policy', () => {
  test('§2: a role without sts:TagSession fails when tags would be issued and works without tags', async () => {
    const poolId = await createPool();
    emulator.putRole(AUTH_ROLE, trustPolicy(poolId, { tagSession: false }));
    await setRoles(poolId);

    await expect(credentialsFor(client, emulator, poolId, userPoolLogin())).resolves.toMatchObject({ roleArn: AUTH_ROLE, sessionTags: {} });
    await setTags(poolId, USER_POOL, {}, true);
    await expect(credentialsFor(client, emulator, poolId, userPoolLogin())).rejects.toMatchObject({
      name: 'InvalidIdentityPoolConfigurationException', message: expect.stringContaining('does not allow sts:TagSession'),
    });
  });

  test('§5: a role without the aud condition is refused; so is a role pinned to another pool or never created', async () => {
    const poolId = await createPool();
    await setRoles(poolId);
    const refused = { name: 'InvalidIdentityPoolConfigurationException' };

    await expect(credentialsFor(client, emulator, poolId, userPoolLogin())).rejects.toMatchObject(refused);
    emulator.putRole(AUTH_ROLE, trustPolicy(poolId, { aud: false }));
    await expect(credentialsFor(client, emulator, poolId, userPoolLogin())).rejects.toMatchObject(refused);
    emulator.putRole(AUTH_ROLE, trustPolicy('us-east-1:00000000-0000-4000-8000-000000000000'));
    await expect(credentialsFor(client, emulator, poolId, userPoolLogin())).rejects.toMatchObject(refused);
    emulator.putRole(AUTH_ROLE, trustPolicy(poolId, { amr: 'unauthenticated' }));
    await expect(credentialsFor(client, emulator, poolId, userPoolLogin())).rejects.toMatchObject(refused);
    emulator.putRole(AUTH_ROLE, JSON.stringify(trustPolicy(poolId)));
    await expect(credentialsFor(client, emulator, poolId, userPoolLogin())).resolves.toMatchObject({ roleArn: AUTH_ROLE });
  });
});

describe('guest flow', () => {
  test('§5: guests get the unauthenticated role, which must trust amr unauthenticated', async () => {
    const poolId = await createPool({ AllowUnauthenticatedIdentities: true });
    emulator.putRole(UNAUTH_ROLE, trustPolicy(poolId, { amr: 'authenticated' }));
    await setRoles(poolId, undefined, { authenticated: AUTH_ROLE, unauthenticated: UNAUTH_ROLE });
    await expect(credentialsFor(client, emulator, poolId)).rejects.toMatchObject({ name: 'InvalidIdentityPoolConfigurationException' });

    emulator.putRole(UNAUTH_ROLE, trustPolicy(poolId, { amr: 'unauthenticated', tagSession: false }));
    const guest = await credentialsFor(client, emulator, poolId);
    expect(guest).toMatchObject({ roleArn: UNAUTH_ROLE, sessionTags: {} });
    expect(guest.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(emulator.session(guest.accessKeyId)).toEqual({ roleArn: UNAUTH_ROLE, sessionTags: {}, identityId: guest.identityId, loginKey: undefined });
  });

  test('§3: a pool that does not allow guests refuses GetId without logins', async () => {
    const poolId = await authenticatedPool();
    await expect(client.send(new GetIdCommand({ IdentityPoolId: poolId }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  test('an authenticated identity needs its login for credentials', async () => {
    const poolId = await authenticatedPool({ AllowUnauthenticatedIdentities: true });
    const { identityId } = await credentialsFor(client, emulator, poolId, userPoolLogin({ sub: 'alice' }));
    await expect(client.send(new GetCredentialsForIdentityCommand({ IdentityId: identityId }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(client.send(new GetCredentialsForIdentityCommand({ IdentityId: identityId, Logins: userPoolLogin({ sub: 'bob' }) })))
      .rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});

describe('deployTemplate', () => {
  const trust = (poolRef: string) => ({
    Version: '2012-10-17',
    Statement: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'].map((Action) => ({
      Effect: 'Allow',
      Principal: { Federated: 'cognito-identity.amazonaws.com' },
      Action,
      Condition: {
        'StringEquals': { 'cognito-identity.amazonaws.com:aud': { Ref: poolRef } },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
      },
    })),
  });

  /** Listed out of dependency order on purpose. */
  const template = {
    Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' } },
    Resources: {
      Tags: {
        Type: 'AWS::Cognito::IdentityPoolPrincipalTag',
        Properties: {
          IdentityPoolId: { Ref: 'Pool' },
          IdentityProviderName: { 'Fn::GetAtt': ['Users', 'ProviderName'] },
          UseDefaults: false,
          PrincipalTags: { department: 'custom:department' },
        },
      },
      Attachment: {
        Type: 'AWS::Cognito::IdentityPoolRoleAttachment',
        Properties: {
          IdentityPoolId: { Ref: 'Pool' },
          Roles: { authenticated: { 'Fn::GetAtt': ['AuthRole', 'Arn'] } },
          RoleMappings: {
            UsersMapping: {
              IdentityProvider: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Users', 'ProviderName'] }, ':', { Ref: 'Web' }]] },
              Type: 'Token',
              AmbiguousRoleResolution: 'AuthenticatedRole',
            },
          },
        },
      },
      AuthRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: trust('Pool') } },
      Pool: {
        Type: 'AWS::Cognito::IdentityPool',
        Properties: {
          IdentityPoolName: { 'Fn::Sub': '${AWS::StackName}_pool' },
          AllowUnauthenticatedIdentities: false,
          CognitoIdentityProviders: [{ ClientId: { Ref: 'Web' }, ProviderName: { 'Fn::GetAtt': ['Users', 'ProviderName'] }, ServerSideTokenCheck: true }],
          IdentityPoolTags: [{ Key: 'team', Value: 'identity' }],
        },
      },
      Web: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Users' } } },
      Users: { Type: 'AWS::Cognito::UserPool', Properties: {} },
      Policy: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: { Statement: [] }, Roles: [{ Ref: 'AuthRole' }] } },
    },
    Outputs: { PoolId: { Value: { Ref: 'Pool' } } },
  };

  test('§1, §2: deploys a user pool, identity pool, roles and principal tags, and the credentials carry the tags', async () => {
    const deployment = await deployTemplate(template, { emulator });
    const poolId = deployment.poolId;
    const loginKey = deployment.attribute('Users', 'ProviderName') as string;
    const clientId = deployment.physicalId('Web');

    expect(poolId).toMatch(/^us-east-1:/);
    expect(loginKey).toMatch(/^cognito-idp\.us-east-1\.amazonaws\.com\/us-east-1_[A-Za-z0-9]{10}$/);
    expect(clientId).toMatch(/^[a-z0-9]{26}$/);
    expect(deployment.outputs).toEqual({ PoolId: poolId });
    expect(deployment.resourcesOfType('AWS::IAM::Role')).toEqual(['AuthRole']);
    expect(emulator.pools.get(poolId)).toMatchObject({ IdentityPoolName: 'TestStack_pool', IdentityPoolTags: { team: 'identity' } });
    expect(emulator.callsOf('SetIdentityPoolRoles')[0].input).toMatchObject({ RoleMappings: { [`${loginKey}:${clientId}`]: { Type: 'Token' } } });
    expect(deployment.physicalId('Tags')).toBe(`${poolId}|${loginKey}`);

    const issued = await credentialsFor(client, emulator, poolId, { [loginKey]: userPoolIdToken(loginKey, clientId, { 'custom:department': 'eng' }) });
    expect(issued).toMatchObject({ roleArn: deployment.attribute('AuthRole', 'Arn'), sessionTags: { department: 'eng' } });
  });

  test('rejects naming the logical id, the type and the service error', async () => {
    const broken = {
      Resources: {
        ...template.Resources,
        Attachment: {
          ...template.Resources.Attachment,
          Properties: { ...template.Resources.Attachment.Properties, RoleMappings: { Wrong: { Type: 'Token', AmbiguousRoleResolution: 'Deny' } } },
        },
      },
    };
    await expect(deployTemplate(broken, { emulator })).rejects.toThrow(
      /Attachment \(AWS::Cognito::IdentityPoolRoleAttachment\) failed: InvalidParameterException: Wrong is not a valid RoleMapping ProviderName/);
  });

  test('§3: deploys into the requested region and runs the shipped settings handler for Custom::IdentityPool* resources', async () => {
    assertBundleBuilt();
    const withHandler = {
      Resources: {
        Pool: { Type: 'AWS::Cognito::IdentityPool', Properties: { AllowUnauthenticatedIdentities: false, SupportedLoginProviders: { [GOOGLE]: GOOGLE_APP } } },
        Handler: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'nodejs22.x' } },
        Settings: {
          Type: 'Custom::IdentityPoolPrincipalTags',
          Properties: {
            ServiceToken: { 'Fn::GetAtt': ['Handler', 'Arn'] },
            IdentityPoolId: { Ref: 'Pool' },
            Providers: [{ ProviderName: GOOGLE, UseDefaults: true, PrincipalTags: {} }],
          },
        },
      },
    };
    const deployment = await deployTemplate(withHandler, { emulator, region: 'eu-west-1' });

    expect(deployment.poolId).toMatch(/^eu-west-1:/);
    expect(emulator.principalTags(deployment.poolId, GOOGLE)).toEqual({ UseDefaults: true, PrincipalTags: {} });
  });
});
