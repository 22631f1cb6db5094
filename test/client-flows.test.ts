/**
 * The pool a template declares, created through the real SDK in moto_server (behind a proxy
 * that validates every request against the official service model), then used the way the
 * pool's clients use it: GetId, GetCredentialsForIdentity, GetOpenIdToken, and a developer
 * backend's GetOpenIdTokenForDeveloperIdentity.
 */
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  CreateIdentityPoolCommandInput,
  DescribeIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetOpenIdTokenCommand,
  GetOpenIdTokenForDeveloperIdentityCommand,
} from '@aws-sdk/client-cognito-identity';
import { Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DeveloperProvider, IdentityPool, IdentityProvider } from '../src';
import { MotoServer, startMotoServer } from './support/moto';
import { cognitoClientFor } from './support/sdk';
import { newStack, only } from './util';

let moto: MotoServer;
let client: CognitoIdentityClient;

beforeAll(async () => {
  moto = await startMotoServer();
  client = cognitoClientFor(moto.endpoint);
}, 60_000);

afterAll(async () => {
  client?.destroy();
  await moto?.stop();
});

afterEach(() => {
  expect(moto.modelErrors).toEqual([]);
});

/** The CreateIdentityPool request equivalent to an AWS::Cognito::IdentityPool's properties. */
function createInput(properties: any): CreateIdentityPoolCommandInput {
  const { IdentityPoolTags, ...rest } = properties;
  return {
    ...rest,
    IdentityPoolTags: IdentityPoolTags && Object.fromEntries(IdentityPoolTags.map((t: any) => [t.Key, t.Value])),
  };
}

test('the declared pool is accepted by the service model, and clients get identities, credentials and tokens', async () => {
  const stack = newStack();
  const pool = new IdentityPool(stack, 'Pool', {
    identityPoolName: 'client flows',
    allowUnauthenticatedIdentities: true,
    authenticationProviders: [IdentityProvider.google('1234.apps.googleusercontent.com'), IdentityProvider.facebook('fb-app')],
  });
  new DeveloperProvider(stack, 'Dev', { identityPool: pool, providerName: 'login.example.com' });
  Tags.of(pool).add('team', 'identity');
  const properties = only(Template.fromStack(stack), 'AWS::Cognito::IdentityPool').properties;

  const created = await client.send(new CreateIdentityPoolCommand(createInput(properties)));
  const poolId = created.IdentityPoolId!;
  const described = await client.send(new DescribeIdentityPoolCommand({ IdentityPoolId: poolId }));
  expect(described).toMatchObject({
    IdentityPoolName: 'client flows',
    AllowUnauthenticatedIdentities: true,
    DeveloperProviderName: 'login.example.com',
    SupportedLoginProviders: { 'accounts.google.com': '1234.apps.googleusercontent.com', 'graph.facebook.com': 'fb-app' },
  });

  // A guest (no Logins): an identity, credentials for it, and an OpenID token.
  const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: poolId, AccountId: '123456789012' }));
  expect(IdentityId).toMatch(/^us-east-1:/);
  const credentials = await client.send(new GetCredentialsForIdentityCommand({ IdentityId }));
  expect(credentials.Credentials).toEqual(expect.objectContaining({
    AccessKeyId: expect.any(String),
    SecretKey: expect.any(String),
    SessionToken: expect.any(String),
  }));
  const token = await client.send(new GetOpenIdTokenCommand({ IdentityId }));
  expect(token.Token).toEqual(expect.any(String));

  // A developer backend logs a user in with the pool's developer provider name.
  const developer = await client.send(new GetOpenIdTokenForDeveloperIdentityCommand({
    IdentityPoolId: poolId,
    Logins: { 'login.example.com': 'user-1' },
  }));
  expect(developer).toEqual(expect.objectContaining({ IdentityId: expect.any(String), Token: expect.any(String) }));

  expect(moto.calls.map((c) => c.operation)).toEqual([
    'CreateIdentityPool',
    'DescribeIdentityPool',
    'GetId',
    'GetCredentialsForIdentity',
    'GetOpenIdToken',
    'GetOpenIdTokenForDeveloperIdentity',
  ]);
}, 60_000);
