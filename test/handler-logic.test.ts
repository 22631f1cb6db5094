import {
  backoffMs,
  classicFlowUpdate,
  foreignMaps,
  foundMap,
  isNotFound,
  isRetryable,
  parseBool,
  parseTagMaps,
  planTagResets,
  planTagWrites,
  PoolDescription,
  poolIdOf,
  regionOf,
  samePool,
  SERVICE_DEFAULT_TAGS,
  TagMap,
  TagWrite,
} from '../lambda/logic';
import { assertBundleBuilt } from './support/handler-harness';
import { testNodeUnderTest } from './support/handler-runtime';
import { classicFlowId, failedCreateId, parsePhysicalId, principalTagsId } from '../src/private/settings/settings-contract';

/** Unit tests of the pure decision logic of the settings handler. */

// The Lambda runtime these tests stand for, and the Node.js they run on (.ci/run: 20, 22, 24).
testNodeUnderTest();

const POOL = 'us-east-1:0c0ffee0-1234-4abc-8def-0123456789ab';
const USER_POOL = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_abcdefghi';
const GOOGLE = 'accounts.google.com';
const OIDC = 'oidc.example.com';
const FACEBOOK = 'graph.facebook.com';

beforeAll(() => assertBundleBuilt());

function maps(entries: Record<string, TagMap>): Map<string, TagMap> {
  return new Map(Object.entries(entries));
}

describe('parseBool', () => {
  test.each([
    ['true', true],
    ['false', false],
    [true, true],
    [false, false],
  ])('%j is %j', (value, expected) => {
    expect(parseBool(value, 'Field')).toBe(expected);
  });

  test.each(['True', 'FALSE', 'yes', '1', '', 1, 0, null, undefined, {}])('rejects %j, naming the field', (value) => {
    expect(() => parseBool(value, 'AllowClassicFlow')).toThrow(/^AllowClassicFlow must be true or false/);
  });
});

describe('poolIdOf', () => {
  test('returns the IdentityPoolId property', () => {
    expect(poolIdOf({ IdentityPoolId: POOL })).toBe(POOL);
  });

  test.each([undefined, {}, { IdentityPoolId: '' }, { IdentityPoolId: 42 }])('rejects %j', (props) => {
    expect(() => poolIdOf(props as Record<string, unknown> | undefined)).toThrow(/IdentityPoolId is missing/);
  });
});

describe('parseTagMaps', () => {
  test('reads CloudFormation\'s string booleans and copies the tags', () => {
    const tags = { username: 'sub' };
    const parsed = parseTagMaps({
      Providers: [
        { ProviderName: USER_POOL, UseDefaults: 'false', PrincipalTags: tags },
        { ProviderName: GOOGLE, UseDefaults: 'true' },
      ],
    });

    expect([...parsed]).toEqual([
      [USER_POOL, { useDefaults: false, tags: { username: 'sub' } }],
      [GOOGLE, { useDefaults: true, tags: {} }],
    ]);
    expect(parsed.get(USER_POOL)!.tags).not.toBe(tags);
  });

  test('no Providers is no maps', () => {
    expect(parseTagMaps({}).size).toBe(0);
    expect(parseTagMaps(undefined).size).toBe(0);
  });

  test('UseDefaults defaults to false', () => {
    expect(parseTagMaps({ Providers: [{ ProviderName: OIDC, PrincipalTags: { a: 'b' } }] }).get(OIDC)).toEqual({ useDefaults: false, tags: { a: 'b' } });
  });

  test.each([
    [{ Providers: 'x' }, /Providers must be a list/],
    [{ Providers: [{ UseDefaults: 'true' }] }, /needs a ProviderName/],
    [{ Providers: [{ ProviderName: '' }] }, /needs a ProviderName/],
    [{ Providers: [{ ProviderName: GOOGLE, UseDefaults: 'maybe' }] }, /UseDefaults of accounts.google.com must be true or false/],
  ])('rejects %j', (props, error) => {
    expect(() => parseTagMaps(props)).toThrow(error);
  });
});

describe('planTagWrites', () => {
  const before = maps({
    [USER_POOL]: { useDefaults: false, tags: { username: 'sub', client: 'aud' } },
    [GOOGLE]: { useDefaults: true, tags: {} },
    [OIDC]: { useDefaults: false, tags: { department: 'custom:department' } },
  });

  test('from nothing, writes every provider in declaration order', () => {
    expect(planTagWrites(new Map(), before)).toEqual([
      { providerName: USER_POOL, useDefaults: false, tags: { username: 'sub', client: 'aud' } },
      { providerName: GOOGLE, useDefaults: true, tags: {} },
      { providerName: OIDC, useDefaults: false, tags: { department: 'custom:department' } },
    ]);
  });

  test('nothing changed (in any order) writes nothing', () => {
    const same = maps({
      [OIDC]: { useDefaults: false, tags: { department: 'custom:department' } },
      [USER_POOL]: { useDefaults: false, tags: { client: 'aud', username: 'sub' } },
      [GOOGLE]: { useDefaults: true, tags: {} },
    });
    expect(planTagWrites(before, same)).toEqual([]);
  });

  test.each([
    ['a changed claim', { username: 'sub', client: 'azp' }, false],
    ['an added tag', { username: 'sub', client: 'aud', extra: 'x' }, false],
    ['a removed tag', { username: 'sub' }, false],
    ['a renamed tag', { username: 'sub', clientId: 'aud' }, false],
    ['UseDefaults switched on', { username: 'sub', client: 'aud' }, true],
  ])('%s is a write of that provider only', (_case, tags, useDefaults) => {
    const after = new Map(before).set(USER_POOL, { useDefaults, tags });
    expect(planTagWrites(before, after)).toEqual([{ providerName: USER_POOL, useDefaults, tags }]);
  });

  test('a provider no longer declared goes back to the service default, after the changes', () => {
    const after = maps({
      [GOOGLE]: { useDefaults: false, tags: { email: 'email' } },
      [USER_POOL]: { useDefaults: false, tags: { username: 'sub', client: 'aud' } },
    });
    expect(planTagWrites(before, after)).toEqual([
      { providerName: GOOGLE, useDefaults: false, tags: { email: 'email' } },
      { providerName: OIDC, useDefaults: false, tags: {} },
    ]);
  });

  test('the writes of the swapped update undo the update exactly', () => {
    const after = maps({
      [USER_POOL]: { useDefaults: true, tags: {} },
      [GOOGLE]: { useDefaults: true, tags: {} },
      [FACEBOOK]: { useDefaults: false, tags: { id: 'id' } },
    });
    const state = new Map<string, TagMap>(before);
    const apply = (writes: TagWrite[]) => writes.forEach((w) => state.set(w.providerName, { useDefaults: w.useDefaults, tags: w.tags }));

    apply(planTagWrites(before, after));
    apply(planTagWrites(after, before));

    expect(Object.fromEntries(state)).toEqual({ ...Object.fromEntries(before), [FACEBOOK]: SERVICE_DEFAULT_TAGS });
  });
});

describe('planTagResets', () => {
  test('puts each provider back to UseDefaults false and no tags', () => {
    expect(planTagResets([USER_POOL, GOOGLE])).toEqual([
      { providerName: USER_POOL, useDefaults: false, tags: {} },
      { providerName: GOOGLE, useDefaults: false, tags: {} },
    ]);
    expect(planTagResets(new Map([[OIDC, SERVICE_DEFAULT_TAGS]]).keys())).toEqual([{ providerName: OIDC, useDefaults: false, tags: {} }]);
    expect(planTagResets([])).toEqual([]);
  });

  test('the service default is no principal tags', () => {
    expect(SERVICE_DEFAULT_TAGS).toEqual({ useDefaults: false, tags: {} });
  });
});

describe('physical ids', () => {
  test.each([
    [principalTagsId(POOL), `${POOL}|principal-tags`, { poolId: POOL, created: true, previous: undefined }],
    [principalTagsId(POOL, false), `${POOL}|principal-tags|not-created`, { poolId: POOL, created: false, previous: undefined }],
    [classicFlowId(POOL, true), `${POOL}|classic-flow|was-true`, { poolId: POOL, created: true, previous: true }],
    [classicFlowId(POOL, false), `${POOL}|classic-flow|was-false`, { poolId: POOL, created: true, previous: false }],
    [classicFlowId(POOL, undefined), `${POOL}|classic-flow|not-created`, { poolId: POOL, created: false, previous: undefined }],
  ])('%s round-trips', (id, expected, parsed) => {
    expect(id).toBe(expected);
    expect(parsePhysicalId(id)).toEqual(parsed);
  });

  test.each([
    'PoolPrincipalTags|not-created',
    `${POOL}`,
    `${POOL}|other`,
    `${POOL}|classic-flow|was-maybe`,
    '|principal-tags',
    '2024/01/01/[$LATEST]0123456789abcdef',
  ])('%s is not one of ours', (id) => {
    expect(parsePhysicalId(id)).toBeUndefined();
  });

  test('a Create that failed before it knew its pool reports <LogicalId>|not-created, which names no pool', () => {
    expect(failedCreateId('PoolPrincipalTags')).toBe('PoolPrincipalTags|not-created');
    expect(parsePhysicalId(failedCreateId('PoolPrincipalTags'))).toBeUndefined();
  });
});

describe('classicFlowUpdate', () => {
  const described: PoolDescription = {
    IdentityPoolId: POOL,
    IdentityPoolName: 'imported pool',
    AllowUnauthenticatedIdentities: true,
    AllowClassicFlow: false,
    SupportedLoginProviders: { [GOOGLE]: 'client.apps.googleusercontent.com' },
    DeveloperProviderName: 'login.example.com',
    OpenIdConnectProviderARNs: ['arn:aws:iam::123456789012:oidc-provider/oidc.example.com'],
    CognitoIdentityProviders: [{ ProviderName: USER_POOL, ClientId: 'client', ServerSideTokenCheck: true }],
    SamlProviderARNs: ['arn:aws:iam::123456789012:saml-provider/corp'],
    IdentityPoolTags: { team: 'identity' },
  };

  test('§3: keeps every field of the description (UpdateIdentityPool resets what it is not sent) and changes only AllowClassicFlow', () => {
    expect(classicFlowUpdate(described, true)).toStrictEqual({ ...described, AllowClassicFlow: true });
  });

  test('sends only the fields UpdateIdentityPool takes (not the SDK\'s $metadata)', () => {
    const update = classicFlowUpdate({ ...described, $metadata: { httpStatusCode: 200 } } as PoolDescription, true);
    expect(update).toStrictEqual({ ...described, AllowClassicFlow: true });
  });

  test('does not invent fields the pool does not have', () => {
    const minimal = { IdentityPoolId: POOL, IdentityPoolName: 'p', AllowUnauthenticatedIdentities: false };
    expect(classicFlowUpdate(minimal, true)).toStrictEqual({ ...minimal, AllowClassicFlow: true });
  });

  test('is undefined when the pool already has the value; an absent value is false', () => {
    expect(classicFlowUpdate(described, false)).toBeUndefined();
    expect(classicFlowUpdate({ ...described, AllowClassicFlow: true }, true)).toBeUndefined();
    const { AllowClassicFlow: _, ...absent } = described;
    expect(classicFlowUpdate(absent, false)).toBeUndefined();
    expect(classicFlowUpdate(absent, true)).toStrictEqual({ ...absent, AllowClassicFlow: true });
  });

  test('does not modify the description', () => {
    const copy = jsonCopy(described);
    classicFlowUpdate(copy, true);
    expect(copy).toStrictEqual(described);
  });
});

describe('error classification', () => {
  const error = (name: string) => Object.assign(new Error('x'), { name });

  test.each(['TooManyRequestsException', 'ConcurrentModificationException', 'ThrottlingException'])('%s is retryable', (name) => {
    expect(isRetryable(error(name))).toBe(true);
  });

  test.each(['InternalErrorException', 'ResourceNotFoundException', 'InvalidParameterException', 'NotAuthorizedException', 'Error'])('%s is not retryable', (name) => {
    expect(isRetryable(error(name))).toBe(false);
  });

  test('odd values are not retryable', () => {
    expect(isRetryable(undefined)).toBe(false);
    expect(isRetryable(null)).toBe(false);
    expect(isRetryable('TooManyRequestsException')).toBe(false);
  });

  test('isNotFound recognizes ResourceNotFoundException only', () => {
    expect(isNotFound(error('ResourceNotFoundException'))).toBe(true);
    expect(isNotFound(error('InternalErrorException'))).toBe(false);
    expect(isNotFound(undefined)).toBe(false);
  });
});

describe('backoffMs', () => {
  test('full jitter between 0 and base * 2^attempt', () => {
    expect(backoffMs(0, 0)).toBe(0);
    expect(backoffMs(0, 0.999999)).toBe(249);
    expect(backoffMs(1, 0.5)).toBe(250);
    expect(backoffMs(2, 0.999999)).toBe(999);
    expect(backoffMs(3, 0.5, 100)).toBe(400);
  });

  test('capped at 8 s however many attempts', () => {
    for (const attempt of [5, 10, 100, 2000]) {
      expect(backoffMs(attempt, 0.999999)).toBeLessThanOrEqual(8000);
      expect(backoffMs(attempt, 0.999999)).toBeGreaterThanOrEqual(7999);
    }
    expect(backoffMs(10, 0.5, 250, 1000)).toBe(500);
  });

  test('stays within bounds for any random value in [0, 1)', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const bound = Math.min(8000, 250 * 2 ** attempt);
      for (const random of [0, 0.1, 0.5, 0.9, 0.999999]) {
        const wait = backoffMs(attempt, random);
        expect(Number.isInteger(wait)).toBe(true);
        expect(wait).toBeGreaterThanOrEqual(0);
        expect(wait).toBeLessThan(bound);
      }
    }
  });
});

describe('samePool', () => {
  const old = { IdentityPoolId: 'us-east-1:aaaa' };

  test('reads the pool the resource manages from its physical id', () => {
    expect(samePool({ PhysicalResourceId: 'us-east-1:aaaa|principal-tags', OldResourceProperties: old }, 'us-east-1:aaaa')).toBe(true);
    expect(samePool({ PhysicalResourceId: 'us-east-1:aaaa|classic-flow|was-true', OldResourceProperties: old }, 'us-east-1:bbbb')).toBe(false);
  });

  test('the physical id wins over the old properties (after a failed move, they disagree)', () => {
    expect(samePool({ PhysicalResourceId: 'us-east-1:aaaa|classic-flow|was-false', OldResourceProperties: { IdentityPoolId: 'us-east-1:bbbb' } }, 'us-east-1:aaaa')).toBe(true);
  });

  test('an id of another shape falls back to the old properties', () => {
    expect(samePool({ PhysicalResourceId: 'Logical|not-created', OldResourceProperties: old }, 'us-east-1:aaaa')).toBe(true);
  });
});

/**
 * A deep copy of plain JSON data made in the test's own realm: jest 29's toStrictEqual tells
 * apart objects whose prototype comes from another realm, as structuredClone's do.
 */
function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

describe('foreignMaps', () => {
  const write = (providerName: string, map: TagMap): TagWrite => ({ providerName, ...map });
  const declared = { useDefaults: false, tags: { team: 'custom:team' } };

  test('a provider at the service default, or already at the declared map, is not foreign', () => {
    const found = new Map<string, TagMap>([['a', SERVICE_DEFAULT_TAGS], ['b', declared]]);
    expect(foreignMaps([write('a', declared), write('b', declared), write('c', declared)], found)).toEqual([]);
  });

  test('any other map is foreign: other tags, or UseDefaults set by someone else', () => {
    const found = new Map<string, TagMap>([
      ['a', { useDefaults: false, tags: { dept: 'custom:dept' } }],
      ['b', { useDefaults: true, tags: {} }],
    ]);
    expect(foreignMaps([write('a', declared), write('b', declared)], found)).toEqual(['a', 'b']);
  });
});

describe('regionOf', () => {
  test('§3: the region a pool id names, which the SDK client must use', () => {
    expect(regionOf(POOL)).toBe('us-east-1');
    expect(regionOf('eu-central-1:0c0ffee0-1234-4abc-8def-0123456789ab')).toBe('eu-central-1');
    expect(regionOf('us-gov-west-1:0000')).toBe('us-gov-west-1');
  });

  test('an id without a region is refused', () => {
    expect(() => regionOf('0c0ffee0-1234')).toThrow('IdentityPoolId "0c0ffee0-1234" does not name a region (REGION:GUID)');
  });
});

describe('foundMap', () => {
  test('§2: no map (ResourceNotFoundException, read as undefined) and an empty answer are both the service default', () => {
    expect(foundMap(undefined)).toStrictEqual(SERVICE_DEFAULT_TAGS);
    expect(foundMap({ UseDefaults: false })).toStrictEqual(SERVICE_DEFAULT_TAGS);
    expect(foundMap({ UseDefaults: true, PrincipalTags: { a: 'b' } })).toStrictEqual({ useDefaults: true, tags: { a: 'b' } });
  });
});
