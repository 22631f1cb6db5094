import { DeleteIdentityPoolCommand, SetPrincipalTagAttributeMapCommand } from '@aws-sdk/client-cognito-identity';
import type { CreateIdentityPoolInput } from '@aws-sdk/client-cognito-identity';
import { CognitoEmulator, PrincipalTagMapping, RecordedCall, startCognitoEmulator } from './support/cognito-emulator';
import { assertBundleBuilt, HandlerHarness, Invocation } from './support/handler-harness';
import { testNodeUnderTest } from './support/handler-runtime';
import { cognitoClientFor } from './support/sdk';
import { CLASSIC_FLOW_RESOURCE_TYPE, PRINCIPAL_TAGS_RESOURCE_TYPE } from '../src/private/settings/settings-contract';

/**
 * The shipped settings-handler bundle through whole CloudFormation lifecycles, against the
 * in-process Cognito Identity emulator (every request checked against the official model).
 */

// The Lambda runtime these tests stand for, and the Node.js they run on (.ci/run: 20, 22, 24).
testNodeUnderTest();

const TAGS_TYPE = PRINCIPAL_TAGS_RESOURCE_TYPE;
const CLASSIC_TYPE = CLASSIC_FLOW_RESOURCE_TYPE;
const SET_TAGS = 'SetPrincipalTagAttributeMap';

const USER_POOL = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_abcdefghi';
const GOOGLE = 'accounts.google.com';
const OIDC = 'oidc.example.com';
const PROVIDERS = [USER_POOL, GOOGLE, OIDC];
const UNKNOWN_POOL = 'us-east-1:00000000-0000-4000-8000-000000000000';

/** What a provider's map is when nobody set one. */
const SERVICE_DEFAULT: PrincipalTagMapping = { UseDefaults: false, PrincipalTags: {} };

interface ProviderProps {
  readonly ProviderName: string;
  readonly UseDefaults: 'true' | 'false';
  readonly PrincipalTags: Record<string, string>;
}

/** Providers as CloudFormation hands them over: booleans as strings. */
const INITIAL: ProviderProps[] = [
  { ProviderName: USER_POOL, UseDefaults: 'false', PrincipalTags: { username: 'sub', client: 'aud' } },
  { ProviderName: GOOGLE, UseDefaults: 'true', PrincipalTags: {} },
  { ProviderName: OIDC, UseDefaults: 'false', PrincipalTags: { department: 'custom:department' } },
];

let emulator: CognitoEmulator;
let harness: HandlerHarness;

beforeAll(() => assertBundleBuilt());

beforeEach(async () => {
  emulator = await startCognitoEmulator();
  harness = await HandlerHarness.start({ endpoint: emulator.endpoint });
});

afterEach(async () => {
  await harness.stop();
  await emulator.stop();
  expect(emulator.modelErrors).toEqual([]);
});

describe('harness', () => {
  test('the bundled SDK client honours AWS_ENDPOINT_URL_COGNITO_IDENTITY', async () => {
    const other = await startCognitoEmulator();
    const otherHarness = await HandlerHarness.start({ endpoint: other.endpoint });
    try {
      const poolId = other.seedPool({ IdentityPoolName: 'other', AllowUnauthenticatedIdentities: false }).IdentityPoolId!;
      const invocation = await otherHarness.create(tagsResource(poolId, INITIAL.slice(0, 1)));

      expect(invocation.response.Status).toBe('SUCCESS');
      expect(other.callsOf(SET_TAGS)).toHaveLength(1);
      expect(emulator.calls).toEqual([]);
      // The response document went to the pre-signed URL with the empty content type it is signed for.
      expect(otherHarness.received.map((r) => [r.method, r.contentType, r.status])).toEqual([['PUT', '', 200]]);
      expect(other.modelErrors).toEqual([]);
    } finally {
      await otherHarness.stop();
      await other.stop();
    }
  });
});

describe('Custom::IdentityPoolPrincipalTags', () => {
  test('Create sets the map of each of 3 providers: 3 calls', async () => {
    const poolId = seedPool();

    const create = await harness.create(tagsResource(poolId, INITIAL));

    expectSuccess(create, `${poolId}|principal-tags`);
    expect(operations()).toEqual([SET_TAGS, SET_TAGS, SET_TAGS]);
    expect(emulator.callsOf(SET_TAGS).map((call) => call.input)).toEqual([
      { IdentityPoolId: poolId, IdentityProviderName: USER_POOL, UseDefaults: false, PrincipalTags: { username: 'sub', client: 'aud' } },
      { IdentityPoolId: poolId, IdentityProviderName: GOOGLE, UseDefaults: true, PrincipalTags: {} },
      { IdentityPoolId: poolId, IdentityProviderName: OIDC, UseDefaults: false, PrincipalTags: { department: 'custom:department' } },
    ]);
    expect(tagState(poolId)).toEqual({
      [USER_POOL]: { UseDefaults: false, PrincipalTags: { username: 'sub', client: 'aud' } },
      [GOOGLE]: { UseDefaults: true, PrincipalTags: {} },
      [OIDC]: { UseDefaults: false, PrincipalTags: { department: 'custom:department' } },
    });
  });

  test('Update changing one provider\'s map writes only that provider: 1 call', async () => {
    const { poolId, physicalId } = await deployedTags();
    const before = tagState(poolId);
    const changed = withProvider(INITIAL, { ProviderName: OIDC, UseDefaults: 'false', PrincipalTags: { department: 'custom:dept', team: 'custom:team' } });

    const update = await harness.update({ ...tagsResource(poolId, changed), oldProperties: tagsProps(poolId, INITIAL), physicalId });

    expectSuccess(update, physicalId);
    expect(emulator.calls.map((call) => [call.operation, providerOf(call)])).toEqual([[SET_TAGS, OIDC]]);
    expect(tagState(poolId)).toEqual({ ...before, [OIDC]: { UseDefaults: false, PrincipalTags: { department: 'custom:dept', team: 'custom:team' } } });
  });

  test('Update switching a provider to UseDefaults is a change: 1 call', async () => {
    const { poolId, physicalId } = await deployedTags();
    const changed = withProvider(INITIAL, { ProviderName: USER_POOL, UseDefaults: 'true', PrincipalTags: {} });

    const update = await harness.update({ ...tagsResource(poolId, changed), oldProperties: tagsProps(poolId, INITIAL), physicalId });

    expectSuccess(update, physicalId);
    expect(emulator.calls.map((call) => [call.operation, providerOf(call)])).toEqual([[SET_TAGS, USER_POOL]]);
    expect(emulator.principalTags(poolId, USER_POOL)).toEqual({ UseDefaults: true, PrincipalTags: {} });
  });

  test('Update with nothing changed makes no call', async () => {
    const { poolId, physicalId } = await deployedTags();
    const before = tagState(poolId);
    // Same maps, providers and tag keys in another order.
    const reordered = [INITIAL[2], INITIAL[1], { ...INITIAL[0], PrincipalTags: { client: 'aud', username: 'sub' } }];

    const update = await harness.update({ ...tagsResource(poolId, reordered), oldProperties: tagsProps(poolId, INITIAL), physicalId });

    expectSuccess(update, physicalId);
    expect(emulator.calls).toEqual([]);
    expect(tagState(poolId)).toEqual(before);
  });

  test('Update removing a provider resets it to the service default: 1 call', async () => {
    const { poolId, physicalId } = await deployedTags();
    const before = tagState(poolId);

    const update = await harness.update({ ...tagsResource(poolId, INITIAL.slice(0, 2)), oldProperties: tagsProps(poolId, INITIAL), physicalId });

    expectSuccess(update, physicalId);
    expect(emulator.calls.map((call) => call.input)).toEqual([
      { IdentityPoolId: poolId, IdentityProviderName: OIDC, UseDefaults: false, PrincipalTags: {} },
    ]);
    expect(tagState(poolId)).toEqual({ ...before, [OIDC]: SERVICE_DEFAULT });
  });

  test('rollback of a successful Update (another resource failed) restores the state exactly', async () => {
    const { poolId, physicalId } = await deployedTags();
    const before = tagState(poolId);
    const FACEBOOK = 'graph.facebook.com';
    const next = [
      { ...INITIAL[0], PrincipalTags: { username: 'sub' } },
      INITIAL[1],
      { ProviderName: FACEBOOK, UseDefaults: 'true' as const, PrincipalTags: {} },
    ];
    const update = harness.updateEvent({ ...tagsResource(poolId, next), oldProperties: tagsProps(poolId, INITIAL), physicalId });
    expectSuccess(await harness.invoke(update), physicalId);
    expect(operations()).toEqual([SET_TAGS, SET_TAGS, SET_TAGS]);
    emulator.resetCalls();

    const rollback = await harness.invoke(harness.rollbackEvent(update, physicalId));

    expectSuccess(rollback, physicalId);
    expect(emulator.calls.map(providerOf)).toEqual([USER_POOL, OIDC, FACEBOOK]);
    expect(tagState(poolId)).toStrictEqual(before);
    // Added by the update, taken back to what an unset provider is.
    expect(emulator.principalTags(poolId, FACEBOOK)).toEqual(SERVICE_DEFAULT);
  });

  test('rollback of an Update that failed half-way restores the state exactly', async () => {
    const { poolId, physicalId } = await deployedTags();
    const before = tagState(poolId);
    const next = INITIAL.map((p) => ({ ...p, UseDefaults: 'false' as const, PrincipalTags: { ...p.PrincipalTags, stage: 'custom:stage' } }));
    const update = harness.updateEvent({ ...tagsResource(poolId, next), oldProperties: tagsProps(poolId, INITIAL), physicalId });
    failNthCall(SET_TAGS, 2, 'InternalErrorException');

    const failed = await harness.invoke(update);

    expect(failed.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: physicalId });
    expect(failed.response.Reason).toContain(`SetPrincipalTagAttributeMap (provider ${GOOGLE}) on identity pool ${poolId} failed: InternalErrorException`);
    expect(emulator.calls.map((call) => [providerOf(call), call.fault])).toEqual([[USER_POOL, undefined], [GOOGLE, 'InternalErrorException']]);
    expect(emulator.principalTags(poolId, USER_POOL)?.PrincipalTags).toHaveProperty('stage');
    emulator.resetCalls();

    const rollback = await harness.invoke(harness.rollbackEvent(update, physicalId));

    expectSuccess(rollback, physicalId);
    expect(operations()).toEqual([SET_TAGS, SET_TAGS, SET_TAGS]);
    expect(tagState(poolId)).toStrictEqual(before);
  });

  test('Delete resets every provider to the service default: 3 calls', async () => {
    const { poolId, physicalId } = await deployedTags();

    const del = await harness.delete({ ...tagsResource(poolId, INITIAL), physicalId });

    expectSuccess(del, physicalId);
    expect(emulator.calls.map((call) => call.input)).toEqual(PROVIDERS.map((name) => ({
      IdentityPoolId: poolId, IdentityProviderName: name, UseDefaults: false, PrincipalTags: {},
    })));
    expect(tagState(poolId)).toEqual(allDefault());
  });

  test('a redelivered Delete succeeds and leaves every provider at the default', async () => {
    const { poolId, physicalId } = await deployedTags();
    const del = harness.deleteEvent({ ...tagsResource(poolId, INITIAL), physicalId });
    expectSuccess(await harness.invoke(del), physicalId);
    emulator.resetCalls();

    const again = await harness.invoke(del);

    expectSuccess(again, physicalId);
    expect(operations()).toEqual([SET_TAGS, SET_TAGS, SET_TAGS]);
    expect(emulator.calls.every((call) => call.error === undefined)).toBe(true);
    expect(tagState(poolId)).toEqual(allDefault());
  });

  test('Delete after the pool was deleted succeeds', async () => {
    const { poolId, physicalId } = await deployedTags();
    await deletePool(poolId);

    const del = await harness.delete({ ...tagsResource(poolId, INITIAL), physicalId });

    expectSuccess(del, physicalId);
    expect(emulator.calls.map((call) => [call.operation, call.error])).toEqual([[SET_TAGS, 'ResourceNotFoundException']]);
  });

  test('Update to another pool creates on the new pool; the old one is reset only by the Delete of the old id', async () => {
    const { poolId: oldPool, physicalId: oldId } = await deployedTags();
    const oldState = tagState(oldPool);
    const newPool = seedPool('replacement');

    const update = await harness.update({ ...tagsResource(newPool, INITIAL), oldProperties: tagsProps(oldPool, INITIAL), physicalId: oldId });

    const newId = `${newPool}|principal-tags`;
    expectSuccess(update, newId);
    expect(emulator.calls.map((call) => (call.input as { IdentityPoolId: string }).IdentityPoolId)).toEqual([newPool, newPool, newPool]);
    expect(tagState(newPool)).toEqual(oldState);
    expect(tagState(oldPool)).toStrictEqual(oldState);
    emulator.resetCalls();

    // CloudFormation's clean-up: the old physical id, with the old properties.
    const del = await harness.delete({ ...tagsResource(oldPool, INITIAL), physicalId: oldId });

    expectSuccess(del, oldId);
    expect(operations()).toEqual([SET_TAGS, SET_TAGS, SET_TAGS]);
    expect(tagState(oldPool)).toEqual(allDefault());
    expect(tagState(newPool)).toEqual(oldState);
  });

  test('an Update to another pool that fails undoes its writes there and leaves the old pool alone', async () => {
    const { poolId: oldPool, physicalId: oldId } = await deployedTags();
    const oldState = tagState(oldPool);
    const newPool = seedPool('replacement');
    failNthCall(SET_TAGS, 3, 'InternalErrorException');

    const update = await harness.update({ ...tagsResource(newPool, INITIAL), oldProperties: tagsProps(oldPool, INITIAL), physicalId: oldId });

    // A failed Update keeps the id it had: the rollback Update that follows finds the old pool.
    expect(update.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: oldId });
    expect(update.response.Reason).toContain(`SetPrincipalTagAttributeMap (provider ${OIDC}) on identity pool ${newPool} failed: InternalErrorException`);
    expect(emulator.calls.map((call) => [providerOf(call), call.fault])).toEqual([
      [USER_POOL, undefined],
      [GOOGLE, undefined],
      [OIDC, 'InternalErrorException'],
      [USER_POOL, undefined],
      [GOOGLE, undefined],
    ]);
    expect(tagState(newPool)).toEqual({ [USER_POOL]: SERVICE_DEFAULT, [GOOGLE]: SERVICE_DEFAULT, [OIDC]: undefined });
    expect(tagState(oldPool)).toStrictEqual(oldState);
    emulator.resetCalls();

    // The rollback: old properties back, on the id the failed Update left; nothing changed there.
    const rollback = await harness.update({ ...tagsResource(oldPool, INITIAL), oldProperties: tagsProps(newPool, INITIAL), physicalId: oldId });
    expectSuccess(rollback, oldId);
    expect(tagState(oldPool)).toStrictEqual(oldState);
    expect(tagState(newPool)).toEqual({ [USER_POOL]: SERVICE_DEFAULT, [GOOGLE]: SERVICE_DEFAULT, [OIDC]: undefined });
  });

  test.each(['TooManyRequestsException', 'ConcurrentModificationException'])('%s twice, then success: SUCCESS after 3 attempts', async (errorName) => {
    const poolId = seedPool();
    emulator.injectFault(SET_TAGS, errorName, 2);

    const create = await harness.create(tagsResource(poolId, INITIAL));

    expectSuccess(create, `${poolId}|principal-tags`);
    expect(emulator.calls.map((call) => [providerOf(call), call.fault])).toEqual([
      [USER_POOL, errorName],
      [USER_POOL, errorName],
      [USER_POOL, undefined],
      [GOOGLE, undefined],
      [OIDC, undefined],
    ]);
    expect(tagState(poolId)[USER_POOL]).toEqual({ UseDefaults: false, PrincipalTags: { username: 'sub', client: 'aud' } });
  });

  test('a non-retryable error fails the Create at once, naming operation, pool and provider', async () => {
    const poolId = seedPool();
    emulator.injectFault(SET_TAGS, 'InternalErrorException', 1);

    const create = await harness.create(tagsResource(poolId, INITIAL));

    expect(create.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: `${poolId}|principal-tags|not-created` });
    expect(create.response.Reason).toBe(`SetPrincipalTagAttributeMap (provider ${USER_POOL}) on identity pool ${poolId} failed: InternalErrorException: injected InternalErrorException`);
    expect(emulator.calls.map((call) => call.fault)).toEqual(['InternalErrorException']);
    expect(tagState(poolId)).toEqual({ [USER_POOL]: undefined, [GOOGLE]: undefined, [OIDC]: undefined });
    expect(create.logs.join('\n')).toContain('InternalErrorException');
  });

  test('Create on an unknown pool fails, naming operation, pool and provider', async () => {
    const create = await harness.create(tagsResource(UNKNOWN_POOL, INITIAL));

    expect(create.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: `${UNKNOWN_POOL}|principal-tags|not-created` });
    expect(create.response.Reason).toMatch(new RegExp(`^SetPrincipalTagAttributeMap \\(provider ${escape(USER_POOL)}\\) on identity pool ${escape(UNKNOWN_POOL)} failed: ResourceNotFoundException`));
    expect(operations()).toEqual([SET_TAGS]);
  });

  test('a Create failing on the 2nd provider undoes the 1st; the Delete of its not-created id makes no call', async () => {
    const poolId = seedPool();
    failNthCall(SET_TAGS, 2, 'InternalErrorException');

    const create = await harness.create(tagsResource(poolId, INITIAL));

    const notCreated = `${poolId}|principal-tags|not-created`;
    expect(create.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: notCreated });
    expect(create.response.Reason).toContain(`SetPrincipalTagAttributeMap (provider ${GOOGLE}) on identity pool ${poolId} failed: InternalErrorException`);
    expect(emulator.calls.map((call) => [providerOf(call), call.fault])).toEqual([
      [USER_POOL, undefined],
      [GOOGLE, 'InternalErrorException'],
      [USER_POOL, undefined],
    ]);
    expect(emulator.calls[2].input).toEqual({ IdentityPoolId: poolId, IdentityProviderName: USER_POOL, UseDefaults: false, PrincipalTags: {} });
    expect(tagState(poolId)).toEqual({ [USER_POOL]: SERVICE_DEFAULT, [GOOGLE]: undefined, [OIDC]: undefined });
    emulator.resetCalls();

    // CloudFormation rolls the failed Create back with a Delete of the id it was given.
    const del = await harness.delete({ ...tagsResource(poolId, INITIAL), physicalId: notCreated });

    expectSuccess(del, notCreated);
    expect(emulator.calls).toEqual([]);
  });

  test('a Create with invalid properties fails without a call; its Delete makes none either', async () => {
    const poolId = seedPool();
    const providers = [{ ...INITIAL[0], UseDefaults: 'yes' as unknown as 'true' }];

    const create = await harness.create(tagsResource(poolId, providers));

    const notCreated = 'PoolPrincipalTags1A2B3C4D|not-created';
    expect(create.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: notCreated });
    expect(create.response.Reason).toBe(`UseDefaults of ${USER_POOL} must be true or false, got "yes"`);
    expectSuccess(await harness.delete({ ...tagsResource(poolId, providers), physicalId: notCreated }), notCreated);
    expect(emulator.calls).toEqual([]);
  });

  test('throttling that never ends fails before the deadline when little time remains', async () => {
    const poolId = seedPool();
    emulator.injectFault(SET_TAGS, 'TooManyRequestsException', 1_000);

    // 12 s left, 10 s of them kept back to answer: about 2 s of retries.
    const create = await harness.invoke(harness.createEvent(tagsResource(poolId, INITIAL)), 12_000);

    expect(create.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: `${poolId}|principal-tags|not-created` });
    expect(create.response.Reason).toContain(`SetPrincipalTagAttributeMap (provider ${USER_POOL}) on identity pool ${poolId} failed: TooManyRequestsException`);
    expect(create.durationMs).toBeLessThan(2_500);
    const attempts = emulator.callsOf(SET_TAGS);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts.every((call) => call.fault === 'TooManyRequestsException' && providerOf(call) === USER_POOL)).toBe(true);
  });
});

describe('Custom::IdentityPoolPrincipalTags on an imported pool (GuardExistingMaps)', () => {
  const GET_TAGS = 'GetPrincipalTagAttributeMap';
  const guarded = (poolId: string, providers: ProviderProps[]) => ({
    ...tagsResource(poolId, providers),
    properties: { ...tagsProps(poolId, providers), GuardExistingMaps: 'true' },
  });

  test('§2: Create reads each provider first; ResourceNotFoundException (no map) is read as none, once confirmed by DescribeIdentityPool', async () => {
    const poolId = seedPool();

    expectSuccess(await harness.create(guarded(poolId, INITIAL)), `${poolId}|principal-tags`);
    // The first provider without a map answers ResourceNotFoundException, as the service
    // does; one DescribeIdentityPool tells that from a pool that does not exist.
    expect(emulator.callsOf(GET_TAGS).map((c) => c.error)).toEqual(['ResourceNotFoundException', 'ResourceNotFoundException', 'ResourceNotFoundException']);
    expect(operations()).toEqual([GET_TAGS, 'DescribeIdentityPool', GET_TAGS, GET_TAGS, SET_TAGS, SET_TAGS, SET_TAGS]);
    expect(tagState(poolId)[USER_POOL]).toEqual({ UseDefaults: false, PrincipalTags: { username: 'sub', client: 'aud' } });
  });

  test('§2: a map the service answers as empty (not ResourceNotFoundException) is also none', async () => {
    const poolId = seedPool();
    await cognitoClientFor(emulator.endpoint).send(new SetPrincipalTagAttributeMapCommand({
      IdentityPoolId: poolId, IdentityProviderName: GOOGLE, UseDefaults: false, PrincipalTags: {},
    }));
    emulator.resetCalls();

    expectSuccess(await harness.create(guarded(poolId, INITIAL)), `${poolId}|principal-tags`);
    expect(emulator.callsOf(SET_TAGS)).toHaveLength(3);
  });

  test('§2: a pool that does not exist still fails the Create, before any write', async () => {
    const create = await harness.create(guarded(UNKNOWN_POOL, INITIAL));

    expect(create.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: `${UNKNOWN_POOL}|principal-tags|not-created` });
    expect(create.response.Reason).toContain(`DescribeIdentityPool on identity pool ${UNKNOWN_POOL} failed: ResourceNotFoundException`);
    expect(emulator.callsOf(SET_TAGS)).toEqual([]);
  });

  test('§3: a pool in another region than the function\'s is reached in the region its id names', async () => {
    const poolId = emulator.seedPool({ IdentityPoolName: 'frankfurt', AllowUnauthenticatedIdentities: false }, 'eu-central-1').IdentityPoolId!;
    expect(poolId).toMatch(/^eu-central-1:/);

    expectSuccess(await harness.create(guarded(poolId, INITIAL)), `${poolId}|principal-tags`);
    expect(emulator.principalTags(poolId, GOOGLE)).toEqual({ UseDefaults: true, PrincipalTags: {} });
    const flow = await harness.create(classicResource(poolId, 'true'));
    expectSuccess(flow, `${poolId}|classic-flow|was-false`);
    expect(emulator.pools.get(poolId)!.AllowClassicFlow).toBe(true);
  });

  test('a map set outside the stack is refused before any write, naming pool and provider', async () => {
    const poolId = seedPool();
    const foreign = { UseDefaults: false, PrincipalTags: { team: 'custom:team' } };
    await cognitoClientFor(emulator.endpoint).send(new SetPrincipalTagAttributeMapCommand({
      IdentityPoolId: poolId, IdentityProviderName: GOOGLE, ...foreign,
    }));
    emulator.resetCalls();

    const create = await harness.create(guarded(poolId, INITIAL));

    const notCreated = `${poolId}|principal-tags|not-created`;
    expect(create.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: notCreated });
    expect(create.response.Reason).toContain(`identity pool ${poolId} already has principal-tag maps set outside this stack for ${GOOGLE}`);
    expect(emulator.callsOf(SET_TAGS)).toEqual([]);
    expect(tagState(poolId)[GOOGLE]).toEqual(foreign);
    emulator.resetCalls();
    expectSuccess(await harness.delete({ ...guarded(poolId, INITIAL), physicalId: notCreated }), notCreated);
    expect(emulator.calls).toEqual([]);
    expect(tagState(poolId)[GOOGLE]).toEqual(foreign);
  });

  test('a map that already equals the declared one is taken as it is (a redelivered Create)', async () => {
    const poolId = seedPool();
    const first = await harness.create(guarded(poolId, INITIAL));
    emulator.resetCalls();

    const again = await harness.invoke(first.event);

    expectSuccess(again, first.response.PhysicalResourceId);
    expect(operations()).toEqual([GET_TAGS, GET_TAGS, GET_TAGS, SET_TAGS, SET_TAGS, SET_TAGS]);
    expect(emulator.callsOf(GET_TAGS).map((c) => c.error)).toEqual([undefined, undefined, undefined]);
  });

  test('an Update reads only the providers it adds', async () => {
    const poolId = seedPool();
    const first = INITIAL.slice(0, 2);
    const create = await harness.create(guarded(poolId, first));
    emulator.resetCalls();

    const update = await harness.update({
      ...guarded(poolId, INITIAL),
      oldProperties: guarded(poolId, first).properties,
      physicalId: create.response.PhysicalResourceId,
    });

    expectSuccess(update, create.response.PhysicalResourceId);
    expect(emulator.calls.map((call) => [call.operation, providerOf(call)])).toEqual([[GET_TAGS, OIDC], ['DescribeIdentityPool', undefined], [SET_TAGS, OIDC]]);
  });
});

describe('Custom::IdentityPoolClassicFlow on an imported pool', () => {
  test('Create true: Describe + Update, every other field written back unchanged', async () => {
    const poolId = seedFullPool();
    const before = jsonCopy(emulator.pools.get(poolId)!);

    const create = await harness.create(classicResource(poolId, 'true'));

    expectSuccess(create, `${poolId}|classic-flow|was-false`);
    expect(create.response.Data).toEqual({ AllowClassicFlow: true });
    expect(operations()).toEqual(['DescribeIdentityPool', 'UpdateIdentityPool']);
    expect(emulator.callsOf('UpdateIdentityPool')[0].input).toStrictEqual({ ...before, AllowClassicFlow: true });
    // The "no dropped field" proof: UpdateIdentityPool is full-replace in the emulator.
    expect(emulator.pools.get(poolId)).toStrictEqual({ ...before, AllowClassicFlow: true });
  });

  test('Create at the value the pool already has makes no update', async () => {
    const poolId = seedFullPool();
    const before = jsonCopy(emulator.pools.get(poolId)!);

    const create = await harness.create(classicResource(poolId, 'false'));

    expectSuccess(create, `${poolId}|classic-flow|was-false`);
    expect(operations()).toEqual(['DescribeIdentityPool']);
    expect(emulator.pools.get(poolId)).toStrictEqual(before);
  });

  test('Delete restores the previous value, every field as before', async () => {
    const poolId = seedFullPool({ AllowClassicFlow: true });
    const before = jsonCopy(emulator.pools.get(poolId)!);
    const create = await harness.create(classicResource(poolId, 'false'));
    expectSuccess(create, `${poolId}|classic-flow|was-true`);
    expect(emulator.pools.get(poolId)).toStrictEqual({ ...before, AllowClassicFlow: false });
    emulator.resetCalls();

    const del = await harness.delete({ ...classicResource(poolId, 'false'), physicalId: create.response.PhysicalResourceId });

    expectSuccess(del, `${poolId}|classic-flow|was-true`);
    expect(operations()).toEqual(['DescribeIdentityPool', 'UpdateIdentityPool']);
    expect(emulator.pools.get(poolId)).toStrictEqual(before);
  });

  test('rollback of an Update restores the pool exactly', async () => {
    const poolId = seedFullPool();
    const before = jsonCopy(emulator.pools.get(poolId)!);
    const create = await harness.create(classicResource(poolId, 'false'));
    const physicalId = create.response.PhysicalResourceId;
    const update = harness.updateEvent({ ...classicResource(poolId, 'true'), oldProperties: classicProps(poolId, 'false'), physicalId });
    expectSuccess(await harness.invoke(update), physicalId);
    expect(emulator.pools.get(poolId)).toStrictEqual({ ...before, AllowClassicFlow: true });
    emulator.resetCalls();

    const rollback = await harness.invoke(harness.rollbackEvent(update, physicalId));

    expectSuccess(rollback, physicalId);
    expect(rollback.response.Data).toEqual({ AllowClassicFlow: false });
    expect(operations()).toEqual(['DescribeIdentityPool', 'UpdateIdentityPool']);
    expect(emulator.pools.get(poolId)).toStrictEqual(before);
  });

  test('Update keeps the physical id, so Delete restores the value found at Create', async () => {
    const poolId = seedFullPool();
    const before = jsonCopy(emulator.pools.get(poolId)!);
    const create = await harness.create(classicResource(poolId, 'true'));
    const physicalId = create.response.PhysicalResourceId;
    expectSuccess(await harness.update({ ...classicResource(poolId, 'false'), oldProperties: classicProps(poolId, 'true'), physicalId }), physicalId);
    expectSuccess(await harness.update({ ...classicResource(poolId, 'true'), oldProperties: classicProps(poolId, 'false'), physicalId }), physicalId);
    emulator.resetCalls();

    expectSuccess(await harness.delete({ ...classicResource(poolId, 'true'), physicalId }), physicalId);

    expect(operations()).toEqual(['DescribeIdentityPool', 'UpdateIdentityPool']);
    expect(emulator.pools.get(poolId)).toStrictEqual(before);
  });

  test('Delete after the pool was deleted succeeds', async () => {
    const poolId = seedFullPool();
    const create = await harness.create(classicResource(poolId, 'true'));
    await deletePool(poolId);

    const del = await harness.delete({ ...classicResource(poolId, 'true'), physicalId: create.response.PhysicalResourceId });

    expectSuccess(del, create.response.PhysicalResourceId);
    expect(emulator.calls.map((call) => [call.operation, call.error])).toEqual([['DescribeIdentityPool', 'ResourceNotFoundException']]);
  });

  test('a redelivered Delete succeeds without another update', async () => {
    const poolId = seedFullPool();
    const before = jsonCopy(emulator.pools.get(poolId)!);
    const create = await harness.create(classicResource(poolId, 'true'));
    const del = harness.deleteEvent({ ...classicResource(poolId, 'true'), physicalId: create.response.PhysicalResourceId });
    expectSuccess(await harness.invoke(del), create.response.PhysicalResourceId);
    emulator.resetCalls();

    const again = await harness.invoke(del);

    expectSuccess(again, create.response.PhysicalResourceId);
    expect(operations()).toEqual(['DescribeIdentityPool']);
    expect(emulator.pools.get(poolId)).toStrictEqual(before);
  });

  test('Update to another pool sets the new pool; the Delete of the old id restores the old one', async () => {
    const oldPool = seedFullPool();
    const oldBefore = jsonCopy(emulator.pools.get(oldPool)!);
    const newPool = seedFullPool({ IdentityPoolName: 'other imported pool', AllowClassicFlow: true });
    const newBefore = jsonCopy(emulator.pools.get(newPool)!);
    const create = await harness.create(classicResource(oldPool, 'true'));
    const oldId = create.response.PhysicalResourceId;
    emulator.resetCalls();

    const update = await harness.update({ ...classicResource(newPool, 'false'), oldProperties: classicProps(oldPool, 'true'), physicalId: oldId });

    expectSuccess(update, `${newPool}|classic-flow|was-true`);
    expect(emulator.calls.map((call) => (call.input as { IdentityPoolId: string }).IdentityPoolId)).toEqual([newPool, newPool]);
    expect(emulator.pools.get(newPool)).toStrictEqual({ ...newBefore, AllowClassicFlow: false });
    expect(emulator.pools.get(oldPool)).toStrictEqual({ ...oldBefore, AllowClassicFlow: true });

    expectSuccess(await harness.delete({ ...classicResource(oldPool, 'true'), physicalId: oldId }), oldId);

    expect(emulator.pools.get(oldPool)).toStrictEqual(oldBefore);
    expect(emulator.pools.get(newPool)).toStrictEqual({ ...newBefore, AllowClassicFlow: false });
  });

  test('a failed move to another pool keeps the old id; the rollback and a later Delete restore the old pool exactly', async () => {
    const oldPool = seedFullPool();
    const oldBefore = jsonCopy(emulator.pools.get(oldPool)!);
    const newPool = seedFullPool({ IdentityPoolName: 'other imported pool' });
    const newBefore = jsonCopy(emulator.pools.get(newPool)!);
    const create = await harness.create(classicResource(oldPool, 'true'));
    const oldId = create.response.PhysicalResourceId;
    emulator.injectFault('UpdateIdentityPool', 'InternalErrorException', 1);

    const update = await harness.update({ ...classicResource(newPool, 'true'), oldProperties: classicProps(oldPool, 'true'), physicalId: oldId });
    expect(update.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: oldId });
    expect(emulator.pools.get(newPool)).toStrictEqual(newBefore);

    // The rollback Update stays on the old pool and keeps the value saved at Create.
    const rollback = await harness.update({ ...classicResource(oldPool, 'true'), oldProperties: classicProps(newPool, 'true'), physicalId: oldId });
    expectSuccess(rollback, oldId);
    expect(emulator.pools.get(oldPool)).toStrictEqual({ ...oldBefore, AllowClassicFlow: true });

    expectSuccess(await harness.delete({ ...classicResource(oldPool, 'true'), physicalId: oldId }), oldId);
    expect(emulator.pools.get(oldPool)).toStrictEqual(oldBefore);
  });

  test('ConcurrentModificationException on UpdateIdentityPool is retried', async () => {
    const poolId = seedFullPool();
    emulator.injectFault('UpdateIdentityPool', 'ConcurrentModificationException', 2);

    const create = await harness.create(classicResource(poolId, 'true'));

    expectSuccess(create, `${poolId}|classic-flow|was-false`);
    expect(emulator.calls.map((call) => [call.operation, call.fault])).toEqual([
      ['DescribeIdentityPool', undefined],
      ['UpdateIdentityPool', 'ConcurrentModificationException'],
      ['UpdateIdentityPool', 'ConcurrentModificationException'],
      ['UpdateIdentityPool', undefined],
    ]);
    expect(emulator.pools.get(poolId)?.AllowClassicFlow).toBe(true);
  });

  test('a failed Create reports a not-created id whose Delete makes no call', async () => {
    const poolId = seedFullPool();
    const before = jsonCopy(emulator.pools.get(poolId)!);
    emulator.injectFault('UpdateIdentityPool', 'InternalErrorException', 1);

    const create = await harness.create(classicResource(poolId, 'true'));

    const notCreated = `${poolId}|classic-flow|not-created`;
    expect(create.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: notCreated });
    expect(create.response.Reason).toContain(`UpdateIdentityPool (AllowClassicFlow) on identity pool ${poolId} failed: InternalErrorException`);
    expect(emulator.pools.get(poolId)).toStrictEqual(before);
    emulator.resetCalls();

    expectSuccess(await harness.delete({ ...classicResource(poolId, 'true'), physicalId: notCreated }), notCreated);
    expect(emulator.calls).toEqual([]);
  });
});

// ---------------------------------------------------------------- helpers

function expectSuccess(invocation: Invocation, physicalId: string): void {
  const { event, response } = invocation;
  expect(response).toMatchObject({
    Status: 'SUCCESS',
    PhysicalResourceId: physicalId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  });
  expect(response.Reason).toBeUndefined();
}

function seedPool(name = 'pool'): string {
  return emulator.seedPool({ IdentityPoolName: name, AllowUnauthenticatedIdentities: false }).IdentityPoolId!;
}

/** A pool the stack imports, with every field UpdateIdentityPool takes set. */
function seedFullPool(overrides: Partial<CreateIdentityPoolInput> = {}): string {
  return emulator.seedPool({
    IdentityPoolName: 'imported pool',
    AllowUnauthenticatedIdentities: true,
    AllowClassicFlow: false,
    SupportedLoginProviders: { 'accounts.google.com': '123456789012-abc.apps.googleusercontent.com', 'graph.facebook.com': '1234567890123456' },
    DeveloperProviderName: 'login.example.com',
    OpenIdConnectProviderARNs: ['arn:aws:iam::123456789012:oidc-provider/oidc.example.com'],
    CognitoIdentityProviders: [
      { ProviderName: USER_POOL, ClientId: '1example23456789abcdefghij', ServerSideTokenCheck: true },
      { ProviderName: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_zyxwvutsr', ClientId: '9example87654321', ServerSideTokenCheck: false },
    ],
    SamlProviderARNs: ['arn:aws:iam::123456789012:saml-provider/corp'],
    IdentityPoolTags: { team: 'identity', env: 'test' },
    ...overrides,
  }).IdentityPoolId!;
}

function tagsProps(poolId: string, providers: ProviderProps[]): Record<string, unknown> {
  return { IdentityPoolId: poolId, Providers: providers };
}

function tagsResource(poolId: string, providers: ProviderProps[]) {
  return { resourceType: TAGS_TYPE, logicalId: 'PoolPrincipalTags1A2B3C4D', properties: tagsProps(poolId, providers) };
}

function classicProps(poolId: string, allow: 'true' | 'false'): Record<string, unknown> {
  return { IdentityPoolId: poolId, AllowClassicFlow: allow };
}

function classicResource(poolId: string, allow: 'true' | 'false') {
  return { resourceType: CLASSIC_TYPE, logicalId: 'ImportedPoolClassicFlow5E6F7A8B', properties: classicProps(poolId, allow) };
}

function withProvider(providers: ProviderProps[], replacement: ProviderProps): ProviderProps[] {
  return providers.map((p) => (p.ProviderName === replacement.ProviderName ? replacement : p));
}

/** The stack's principal-tag resource, created on a fresh pool; the call log is cleared. */
async function deployedTags(): Promise<{ poolId: string; physicalId: string }> {
  const poolId = seedPool();
  const create = await harness.create(tagsResource(poolId, INITIAL));
  expectSuccess(create, `${poolId}|principal-tags`);
  emulator.resetCalls();
  return { poolId, physicalId: create.response.PhysicalResourceId };
}

function tagState(poolId: string): Record<string, PrincipalTagMapping | undefined> {
  return Object.fromEntries(PROVIDERS.map((name) => [name, emulator.principalTags(poolId, name)]));
}

function allDefault(): Record<string, PrincipalTagMapping> {
  return Object.fromEntries(PROVIDERS.map((name) => [name, SERVICE_DEFAULT]));
}

function operations(): string[] {
  return emulator.calls.map((call) => call.operation);
}

function providerOf(call: RecordedCall): string | undefined {
  return (call.input as { IdentityProviderName?: string }).IdentityProviderName;
}

async function deletePool(poolId: string): Promise<void> {
  const client = cognitoClientFor(emulator.endpoint);
  try {
    await client.send(new DeleteIdentityPoolCommand({ IdentityPoolId: poolId }));
  } finally {
    client.destroy();
  }
  emulator.resetCalls();
}

/**
 * Fails only the nth call of `operation` from now on. The emulator logs a call before it
 * takes an injected fault, so a fault injected while the nth call is logged hits exactly
 * that call (each test checks the `fault` recorded on it).
 */
function failNthCall(operation: string, nth: number, errorName: string): void {
  const calls = emulator.calls;
  const push = calls.push.bind(calls);
  let seen = 0;
  // Not enumerable, so the call log still compares equal to a plain array.
  Object.defineProperty(calls, 'push', {
    value: (...items: RecordedCall[]) => {
      for (const item of items) {
        if (item.operation === operation && ++seen === nth) {
          emulator.injectFault(operation, errorName, 1);
        }
      }
      return push(...items);
    },
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * A deep copy of plain JSON data made in the test's own realm: jest 29's toStrictEqual tells
 * apart objects whose prototype comes from another realm, as structuredClone's do.
 */
function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}
