import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  DeleteIdentityPoolCommand,
  DescribeIdentityPoolCommand,
  IdentityPool,
} from '@aws-sdk/client-cognito-identity';
import { assertBundleBuilt, HandlerHarness } from './support/handler-harness';
import { testNodeUnderTest } from './support/handler-runtime';
import { MotoServer, startMotoServer } from './support/moto';
import { cognitoClientFor } from './support/sdk';
import { CLASSIC_FLOW_RESOURCE_TYPE } from '../src/private/settings/settings-contract';

/**
 * The shipped settings-handler bundle against moto_server, an implementation of Cognito
 * Identity written independently of ours, behind the proxy that checks every request
 * against the official service model.
 *
 * moto implements the identity pool calls only (no SetPrincipalTagAttributeMap), so only
 * the classic-flow resource runs here. moto also ignores AllowClassicFlow: it neither
 * stores it nor returns it, so a pool always reads as AllowClassicFlow false. Nothing
 * here asserts that field on moto's side; the emulator tests cover it.
 */

// The Lambda runtime these tests stand for, and the Node.js they run on (.ci/run: 20, 22, 24).
testNodeUnderTest();

const CLASSIC_TYPE = CLASSIC_FLOW_RESOURCE_TYPE;
const TIMEOUT_MS = 60_000;

let moto: MotoServer;
let client: CognitoIdentityClient;
let harness: HandlerHarness;

beforeAll(async () => {
  assertBundleBuilt();
  moto = await startMotoServer();
  client = cognitoClientFor(moto.endpoint);
  harness = await HandlerHarness.start({ endpoint: moto.endpoint });
}, TIMEOUT_MS);

afterAll(async () => {
  await harness?.stop();
  client?.destroy();
  await moto?.stop();
}, TIMEOUT_MS);

beforeEach(() => {
  moto.calls.length = 0;
});

afterEach(() => {
  expect(moto.modelErrors).toEqual([]);
});

test('classic flow Create and Delete: Describe + Update, and every other field of the pool survives', async () => {
  const poolId = await createPool();
  const before = await describePool(poolId);
  // moto reports every field, empty or not; all are set here so that they can be compared.
  expect(Object.keys(before).sort()).toEqual([
    'AllowUnauthenticatedIdentities', 'CognitoIdentityProviders', 'DeveloperProviderName', 'IdentityPoolId', 'IdentityPoolName',
    'IdentityPoolTags', 'OpenIdConnectProviderARNs', 'SamlProviderARNs', 'SupportedLoginProviders',
  ]);
  moto.calls.length = 0;

  const create = await harness.create(classicResource(poolId, 'true'));

  expect(create.response).toMatchObject({
    Status: 'SUCCESS',
    PhysicalResourceId: `${poolId}|classic-flow|was-false`,
    StackId: create.event.StackId,
    RequestId: create.event.RequestId,
    LogicalResourceId: create.event.LogicalResourceId,
    Data: { AllowClassicFlow: true },
  });
  expect(moto.calls.map((call) => call.operation)).toEqual(['DescribeIdentityPool', 'UpdateIdentityPool']);
  // What was sent: the whole description, plus the new value.
  expect(moto.calls[1].input).toStrictEqual({ ...before, AllowClassicFlow: true });
  expect(await describePool(poolId)).toStrictEqual(before);
  moto.calls.length = 0;

  const del = await harness.delete({ ...classicResource(poolId, 'true'), physicalId: create.response.PhysicalResourceId });

  expect(del.response).toMatchObject({
    Status: 'SUCCESS',
    PhysicalResourceId: create.response.PhysicalResourceId,
    StackId: del.event.StackId,
    RequestId: del.event.RequestId,
    LogicalResourceId: del.event.LogicalResourceId,
  });
  // The value to restore is false, and moto (which drops AllowClassicFlow) reads false:
  // the Delete finds nothing to change, so it describes the pool and writes nothing.
  expect(moto.calls.map((call) => call.operation)).toEqual(['DescribeIdentityPool']);
  expect(await describePool(poolId)).toStrictEqual(before);
}, TIMEOUT_MS);

test('classic flow Update on the same pool writes every field back', async () => {
  const poolId = await createPool('updated pool');
  const before = await describePool(poolId);
  const create = await harness.create(classicResource(poolId, 'false'));
  const physicalId = create.response.PhysicalResourceId;
  expect(create.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: `${poolId}|classic-flow|was-false` });
  moto.calls.length = 0;

  const update = await harness.update({ ...classicResource(poolId, 'true'), oldProperties: { IdentityPoolId: poolId, AllowClassicFlow: 'false' }, physicalId });

  expect(update.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId, RequestId: update.event.RequestId });
  expect(moto.calls.map((call) => call.operation)).toEqual(['DescribeIdentityPool', 'UpdateIdentityPool']);
  expect(moto.calls[1].input).toStrictEqual({ ...before, AllowClassicFlow: true });
  expect(await describePool(poolId)).toStrictEqual(before);
}, TIMEOUT_MS);

test('classic flow Delete after the pool was deleted succeeds', async () => {
  const poolId = await createPool('doomed pool');
  const create = await harness.create(classicResource(poolId, 'true'));
  expect(create.response.Status).toBe('SUCCESS');
  await client.send(new DeleteIdentityPoolCommand({ IdentityPoolId: poolId }));
  moto.calls.length = 0;

  const del = await harness.delete({ ...classicResource(poolId, 'true'), physicalId: create.response.PhysicalResourceId });

  expect(del.response).toMatchObject({
    Status: 'SUCCESS',
    PhysicalResourceId: create.response.PhysicalResourceId,
    RequestId: del.event.RequestId,
    LogicalResourceId: del.event.LogicalResourceId,
  });
  expect(moto.calls.map((call) => call.operation)).toEqual(['DescribeIdentityPool']);
}, TIMEOUT_MS);

test('classic flow Create on a pool that does not exist fails, naming operation and pool', async () => {
  const poolId = 'us-east-1:00000000-0000-4000-8000-000000000000';

  const create = await harness.create(classicResource(poolId, 'true'));

  expect(create.response).toMatchObject({ Status: 'FAILED', PhysicalResourceId: `${poolId}|classic-flow|not-created` });
  expect(create.response.Reason).toContain(`DescribeIdentityPool on identity pool ${poolId} failed: ResourceNotFoundException`);
}, TIMEOUT_MS);

/** A pool with every field moto stores set (DeveloperProviderName included: moto reports an unset one as ""). */
async function createPool(name = 'moto imported pool'): Promise<string> {
  const created = await client.send(new CreateIdentityPoolCommand({
    IdentityPoolName: name,
    AllowUnauthenticatedIdentities: true,
    SupportedLoginProviders: { 'accounts.google.com': '123456789012-abc.apps.googleusercontent.com', 'www.amazon.com': 'amzn1.application.abc' },
    DeveloperProviderName: 'login.example.com',
    OpenIdConnectProviderARNs: ['arn:aws:iam::123456789012:oidc-provider/oidc.example.com'],
    CognitoIdentityProviders: [
      { ProviderName: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_abcdefghi', ClientId: '1example23456789abcdefghij', ServerSideTokenCheck: true },
    ],
    SamlProviderARNs: ['arn:aws:iam::123456789012:saml-provider/corp'],
    IdentityPoolTags: { team: 'identity' },
  }));
  return created.IdentityPoolId!;
}

async function describePool(poolId: string): Promise<IdentityPool> {
  const { $metadata: _, ...pool } = await client.send(new DescribeIdentityPoolCommand({ IdentityPoolId: poolId }));
  return pool;
}

function classicResource(poolId: string, allow: 'true' | 'false') {
  return { resourceType: CLASSIC_TYPE, logicalId: 'ImportedPoolClassicFlow5E6F7A8B', properties: { IdentityPoolId: poolId, AllowClassicFlow: allow } };
}
