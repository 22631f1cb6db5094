import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  DeleteIdentityPoolCommand,
  DescribeIdentityPoolCommand,
  DescribeIdentityCommand,
  GetIdentityPoolRolesCommand,
  GetPrincipalTagAttributeMapCommand,
  ListIdentityPoolsCommand,
  ListTagsForResourceCommand,
  SetIdentityPoolRolesCommand,
  SetPrincipalTagAttributeMapCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateIdentityPoolCommand,
} from '@aws-sdk/client-cognito-identity';
import { CognitoEmulator, startCognitoEmulator } from './support/cognito-emulator';
import { useEmulator } from './support/emulator-fixture';
import { startMotoServer } from './support/moto';
import { cognitoClientFor } from './support/sdk';
import { operationNames, validateRequest } from './support/service-model';

const POOL_ID = 'us-east-1:0c0ffee0-1234-4abc-8def-0123456789ab';
const USER_POOL_PROVIDER = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_abcdefghi';

describe('validateRequest', () => {
  const validTagMap = {
    IdentityPoolId: POOL_ID,
    IdentityProviderName: USER_POOL_PROVIDER,
    UseDefaults: false,
    PrincipalTags: { username: 'sub', client: 'aud' },
  };

  test('knows every Cognito Identity operation', () => {
    expect(operationNames()).toEqual(expect.arrayContaining(['CreateIdentityPool', 'UpdateIdentityPool', 'SetPrincipalTagAttributeMap']));
  });

  test('accepts a valid SetPrincipalTagAttributeMap body', () => {
    expect(validateRequest('SetPrincipalTagAttributeMap', validTagMap)).toEqual([]);
  });

  test.each([
    ['missing required member', { ...validTagMap, IdentityPoolId: undefined }, 'IdentityPoolId: missing required member'],
    ['too many principal tags', { ...validTagMap, PrincipalTags: manyTags(51) }, 'PrincipalTags: entries 51 > max 50'],
    ['tag value too long', { ...validTagMap, PrincipalTags: { email: 'x'.repeat(257) } }, 'PrincipalTags.email: length 257 > max 256'],
    ['tag key too short', { ...validTagMap, PrincipalTags: { '': 'sub' } }, 'PrincipalTags. (key): length 0 < min 1'],
    ['bad pool id pattern', { ...validTagMap, IdentityPoolId: 'us-east-1_abcdefghi' }, 'IdentityPoolId: "us-east-1_abcdefghi" does not match pattern [\\w-]+:[0-9a-f-]+'],
    ['unknown member', { ...validTagMap, Tags: {} }, 'Tags: unknown member'],
    ['wrong type', { ...validTagMap, UseDefaults: 'yes' }, 'UseDefaults: expected boolean, got string'],
  ])('SetPrincipalTagAttributeMap: reports %s', (_case, body, error) => {
    expect(validateRequest('SetPrincipalTagAttributeMap', body)).toEqual([error]);
  });

  test('reports a value outside an enum, with its path through maps', () => {
    const body = { IdentityPoolId: POOL_ID, Roles: {}, RoleMappings: { [USER_POOL_PROVIDER]: { Type: 'Foo', AmbiguousRoleResolution: 'Deny' } } };
    expect(validateRequest('SetIdentityPoolRoles', body)).toEqual([`RoleMappings.${USER_POOL_PROVIDER}.Type: "Foo" is not one of Token, Rules`]);
  });

  test('reports errors inside lists with their index', () => {
    const body = { IdentityPoolName: 'pool', AllowUnauthenticatedIdentities: false, OpenIdConnectProviderARNs: ['arn:aws:iam::123456789012:oidc-provider/x', 'short'] };
    expect(validateRequest('CreateIdentityPool', body)).toEqual(['OpenIdConnectProviderARNs[1]: length 5 < min 20']);
  });

  test('checks integer ranges and structure types', () => {
    expect(validateRequest('ListIdentityPools', { MaxResults: 0 })).toEqual(['MaxResults: value 0 < min 1']);
    expect(validateRequest('ListIdentityPools', [])).toEqual(['(input): expected structure, got array']);
  });

  test('counts string lengths in code points', () => {
    const emoji = '\u{1F600}'.repeat(256);
    expect(validateRequest('SetPrincipalTagAttributeMap', { ...validTagMap, PrincipalTags: { mood: emoji } })).toEqual([]);
  });

  test('supports Unicode property classes in patterns', () => {
    const rule = (claim: string) => ({
      IdentityPoolId: POOL_ID,
      Roles: {},
      RoleMappings: {
        [USER_POOL_PROVIDER]: {
          Type: 'Rules',
          AmbiguousRoleResolution: 'Deny',
          RulesConfiguration: { Rules: [{ Claim: claim, MatchType: 'Equals', Value: 'v', RoleARN: 'arn:aws:iam::123456789012:role/r' }] },
        },
      },
    });
    expect(validateRequest('SetIdentityPoolRoles', rule('équipe:rôle'))).toEqual([]);
    expect(validateRequest('SetIdentityPoolRoles', rule('has space'))).toHaveLength(1);
  });

  test('rejects an unknown operation', () => {
    expect(validateRequest('DescribeUserPool', {})).toEqual(['unknown operation DescribeUserPool']);
  });
});

describe('Cognito emulator through the SDK', () => {
  let emulator: CognitoEmulator;
  let client: CognitoIdentityClient;

  useEmulator((e, c) => {
    emulator = e;
    client = c;
  });

  test('creates and describes a pool, classic flow off by default', async () => {
    const created = await client.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'pool', AllowUnauthenticatedIdentities: false }));
    expect(created.IdentityPoolId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);

    const described = await client.send(new DescribeIdentityPoolCommand({ IdentityPoolId: created.IdentityPoolId }));
    expect(described).toMatchObject({ IdentityPoolId: created.IdentityPoolId, IdentityPoolName: 'pool', AllowUnauthenticatedIdentities: false, AllowClassicFlow: false });
    expect(emulator.calls.map((call) => call.operation)).toEqual(['CreateIdentityPool', 'DescribeIdentityPool']);
  });

  test('uses the configured region in pool ids', async () => {
    const euEmulator = await startCognitoEmulator({ region: 'eu-west-1' });
    try {
      expect(euEmulator.seedPool({ IdentityPoolName: 'pool', AllowUnauthenticatedIdentities: false }).IdentityPoolId).toMatch(/^eu-west-1:/);
    } finally {
      await euEmulator.stop();
    }
  });

  test('stores AllowClassicFlow', async () => {
    const created = await client.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'pool', AllowUnauthenticatedIdentities: false, AllowClassicFlow: true }));
    expect(created.AllowClassicFlow).toBe(true);
    expect(emulator.pools.get(created.IdentityPoolId!)?.AllowClassicFlow).toBe(true);
  });

  test('UpdateIdentityPool replaces the whole configuration', async () => {
    const pool = emulator.seedPool({
      IdentityPoolName: 'pool',
      AllowUnauthenticatedIdentities: true,
      AllowClassicFlow: true,
      SupportedLoginProviders: { 'accounts.google.com': 'client.apps.googleusercontent.com' },
      OpenIdConnectProviderARNs: ['arn:aws:iam::123456789012:oidc-provider/example.com'],
      SamlProviderARNs: ['arn:aws:iam::123456789012:saml-provider/corp'],
      CognitoIdentityProviders: [{ ProviderName: USER_POOL_PROVIDER, ClientId: 'client', ServerSideTokenCheck: true }],
      IdentityPoolTags: { team: 'identity' },
    });

    const updated = await client.send(new UpdateIdentityPoolCommand({ IdentityPoolId: pool.IdentityPoolId, IdentityPoolName: 'renamed', AllowUnauthenticatedIdentities: false }));

    const expected = { IdentityPoolId: pool.IdentityPoolId, IdentityPoolName: 'renamed', AllowUnauthenticatedIdentities: false, AllowClassicFlow: false };
    expect(emulator.pools.get(pool.IdentityPoolId!)).toStrictEqual(expected);
    expect(updated).toMatchObject(expected);
    expect(updated.SupportedLoginProviders).toBeUndefined();
    expect(updated.IdentityPoolTags).toBeUndefined();
  });

  test('DeveloperProviderName cannot change once set; left out, it is kept', async () => {
    const pool = emulator.seedPool({ IdentityPoolName: 'pool', AllowUnauthenticatedIdentities: false, DeveloperProviderName: 'login.example' });
    const update = (DeveloperProviderName?: string) => client.send(new UpdateIdentityPoolCommand({
      IdentityPoolId: pool.IdentityPoolId, IdentityPoolName: 'pool', AllowUnauthenticatedIdentities: false, DeveloperProviderName,
    }));

    await expect(update('other.example')).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(update(undefined)).resolves.toMatchObject({ DeveloperProviderName: 'login.example' });
    await expect(update('login.example')).resolves.toMatchObject({ DeveloperProviderName: 'login.example' });
  });

  test('sets and gets principal tag mappings per provider', async () => {
    const pool = emulator.seedPool({ IdentityPoolName: 'pool', AllowUnauthenticatedIdentities: false });
    const ids = { IdentityPoolId: pool.IdentityPoolId, IdentityProviderName: USER_POOL_PROVIDER };

    await expect(client.send(new GetPrincipalTagAttributeMapCommand(ids))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });

    await client.send(new SetPrincipalTagAttributeMapCommand({ ...ids, PrincipalTags: { username: 'sub' } }));
    const set = await client.send(new GetPrincipalTagAttributeMapCommand(ids));
    expect(set).toMatchObject({ ...ids, UseDefaults: false, PrincipalTags: { username: 'sub' } });
    expect(emulator.principalTags(pool.IdentityPoolId!, USER_POOL_PROVIDER)).toEqual({ UseDefaults: false, PrincipalTags: { username: 'sub' } });
    expect(emulator.principalTags(pool.IdentityPoolId!, 'accounts.google.com')).toBeUndefined();
  });

  test('sets and gets roles, enforcing documented role mapping rules', async () => {
    const pool = emulator.seedPool({
      IdentityPoolName: 'pool', AllowUnauthenticatedIdentities: false, CognitoIdentityProviders: [{ ProviderName: USER_POOL_PROVIDER, ClientId: 'client' }],
    });
    // The role-mapping key of a user pool carries the app client id.
    const USER_POOL_ROLE_KEY = `${USER_POOL_PROVIDER}:client`;
    const Roles = { authenticated: 'arn:aws:iam::123456789012:role/auth' };

    await client.send(new SetIdentityPoolRolesCommand({
      IdentityPoolId: pool.IdentityPoolId, Roles, RoleMappings: { [USER_POOL_ROLE_KEY]: { Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' } },
    }));
    await expect(client.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: pool.IdentityPoolId }))).resolves.toMatchObject({
      IdentityPoolId: pool.IdentityPoolId, Roles, RoleMappings: { [USER_POOL_ROLE_KEY]: { Type: 'Token' } },
    });

    await expect(client.send(new SetIdentityPoolRolesCommand({
      IdentityPoolId: pool.IdentityPoolId, Roles, RoleMappings: { [USER_POOL_ROLE_KEY]: { Type: 'Rules', AmbiguousRoleResolution: 'Deny' } },
    }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    expect(emulator.roles(pool.IdentityPoolId!)?.RoleMappings?.[USER_POOL_ROLE_KEY]?.Type).toBe('Token');
  });

  test('tags a pool by ARN', async () => {
    const pool = emulator.seedPool({ IdentityPoolName: 'pool', AllowUnauthenticatedIdentities: false, IdentityPoolTags: { a: '1' } });
    const ResourceArn = emulator.poolArn(pool.IdentityPoolId!);
    expect(ResourceArn).toBe(`arn:aws:cognito-identity:us-east-1:123456789012:identitypool/${pool.IdentityPoolId}`);

    await client.send(new TagResourceCommand({ ResourceArn, Tags: { b: '2' } }));
    await client.send(new UntagResourceCommand({ ResourceArn, TagKeys: ['a'] }));
    await expect(client.send(new ListTagsForResourceCommand({ ResourceArn }))).resolves.toMatchObject({ Tags: { b: '2' } });
    await expect(client.send(new TagResourceCommand({ ResourceArn, Tags: manyTags(50) }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  test('lists pools page by page', async () => {
    ['one', 'two', 'three'].forEach((IdentityPoolName) => emulator.seedPool({ IdentityPoolName, AllowUnauthenticatedIdentities: false }));

    const first = await client.send(new ListIdentityPoolsCommand({ MaxResults: 2 }));
    const second = await client.send(new ListIdentityPoolsCommand({ MaxResults: 2, NextToken: first.NextToken }));

    expect(first.IdentityPools?.map((pool) => pool.IdentityPoolName)).toEqual(['one', 'two']);
    expect(second.IdentityPools?.map((pool) => pool.IdentityPoolName)).toEqual(['three']);
    expect(second.NextToken).toBeUndefined();
  });

  test('injected faults fail exactly `times` calls without applying them', async () => {
    const pool = emulator.seedPool({ IdentityPoolName: 'pool', AllowUnauthenticatedIdentities: false });
    const update = () => client.send(new UpdateIdentityPoolCommand({ IdentityPoolId: pool.IdentityPoolId, IdentityPoolName: 'renamed', AllowUnauthenticatedIdentities: false }));
    emulator.injectFault('UpdateIdentityPool', 'TooManyRequestsException', 2);

    await expect(update()).rejects.toMatchObject({ name: 'TooManyRequestsException' });
    await expect(update()).rejects.toMatchObject({ name: 'TooManyRequestsException' });
    expect(emulator.pools.get(pool.IdentityPoolId!)?.IdentityPoolName).toBe('pool');
    await expect(update()).resolves.toMatchObject({ IdentityPoolName: 'renamed' });

    expect(emulator.callsOf('UpdateIdentityPool').map((call) => call.fault)).toEqual(['TooManyRequestsException', 'TooManyRequestsException', undefined]);
  });

  test('server faults are returned as HTTP 500', async () => {
    emulator.injectFault('ListIdentityPools', 'InternalErrorException', 1);
    await expect(client.send(new ListIdentityPoolsCommand({ MaxResults: 1 }))).rejects.toMatchObject({
      name: 'InternalErrorException', $metadata: { httpStatusCode: 500 },
    });
    expect(() => emulator.injectFault('ListIdentityPools', 'NoSuchException', 1)).toThrow(/not an exception/);
  });

  test('records requests that break the model', async () => {
    await expect(client.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'bad!', AllowUnauthenticatedIdentities: false })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });

    expect(emulator.modelErrors).toEqual([{
      operation: 'CreateIdentityPool',
      input: { IdentityPoolName: 'bad!', AllowUnauthenticatedIdentities: false },
      errors: ['IdentityPoolName: "bad!" does not match pattern [\\w\\s+=,.@-]+'],
    }]);
    expect(emulator.pools.size).toBe(0);
    emulator.modelErrors.length = 0;
  });

  test('unknown pools raise ResourceNotFoundException', async () => {
    const IdentityPoolId = POOL_ID;
    const notFound = { name: 'ResourceNotFoundException' };
    await expect(client.send(new DescribeIdentityPoolCommand({ IdentityPoolId }))).rejects.toMatchObject(notFound);
    await expect(client.send(new DeleteIdentityPoolCommand({ IdentityPoolId }))).rejects.toMatchObject(notFound);
    const update = new UpdateIdentityPoolCommand({ IdentityPoolId, IdentityPoolName: 'p', AllowUnauthenticatedIdentities: false });
    await expect(client.send(update)).rejects.toMatchObject(notFound);
    await expect(client.send(new GetPrincipalTagAttributeMapCommand({ IdentityPoolId, IdentityProviderName: 'p' }))).rejects.toMatchObject(notFound);
    expect(emulator.calls.every((call) => call.error === 'ResourceNotFoundException')).toBe(true);
  });

  test('deleting a pool removes it and its settings', async () => {
    const pool = emulator.seedPool({ IdentityPoolName: 'pool', AllowUnauthenticatedIdentities: false });
    const ids = { IdentityPoolId: pool.IdentityPoolId, IdentityProviderName: USER_POOL_PROVIDER };
    await client.send(new SetPrincipalTagAttributeMapCommand({ ...ids, UseDefaults: true }));
    await client.send(new DeleteIdentityPoolCommand({ IdentityPoolId: pool.IdentityPoolId }));

    expect(emulator.pools.has(pool.IdentityPoolId!)).toBe(false);
    expect(emulator.principalTags(pool.IdentityPoolId!, USER_POOL_PROVIDER)).toBeUndefined();
  });

  test('seedPool is not logged; resetCalls clears the log', async () => {
    const pool = emulator.seedPool({ IdentityPoolName: 'pool', AllowUnauthenticatedIdentities: false });
    expect(emulator.calls).toEqual([]);
    await client.send(new DescribeIdentityPoolCommand({ IdentityPoolId: pool.IdentityPoolId }));
    expect(emulator.calls).toEqual([{ operation: 'DescribeIdentityPool', input: { IdentityPoolId: pool.IdentityPoolId } }]);
    emulator.resetCalls();
    expect(emulator.calls).toEqual([]);
  });

  test('operations it does not implement raise UnknownOperationException', async () => {
    await expect(client.send(new DescribeIdentityCommand({ IdentityId: POOL_ID }))).rejects.toMatchObject({
      name: 'UnknownOperationException', $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('moto behind the validating proxy', () => {
  test('serves identity pool calls through the SDK and records them', async () => {
    const moto = await startMotoServer();
    const client = cognitoClientFor(moto.endpoint);
    try {
      const created = await client.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'moto_pool', AllowUnauthenticatedIdentities: false }));
      const described = await client.send(new DescribeIdentityPoolCommand({ IdentityPoolId: created.IdentityPoolId }));

      expect(described).toMatchObject({ IdentityPoolId: created.IdentityPoolId, IdentityPoolName: 'moto_pool' });
      expect(moto.calls).toEqual([
        { operation: 'CreateIdentityPool', input: { IdentityPoolName: 'moto_pool', AllowUnauthenticatedIdentities: false } },
        { operation: 'DescribeIdentityPool', input: { IdentityPoolId: created.IdentityPoolId } },
      ]);
      expect(moto.modelErrors).toEqual([]);
    } finally {
      client.destroy();
      await moto.stop();
    }
  }, 60_000);
});

function manyTags(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`tag${i}`, 'v']));
}
