/**
 * Integration test: developer-authenticated identities.
 *
 * Proves on a real account that:
 * - the pool carries the developer provider name (DescribeIdentityPool), with the logical id
 *   that hashes the name (see README: a changed name replaces the pool);
 * - a backend holding AWS credentials gets an identity id and an OpenID token for one of its
 *   users (GetOpenIdTokenForDeveloperIdentity with Logins { <providerName>: 'integ-user' });
 * - the identity is linked to that developer user id afterwards (LookupDeveloperIdentity).
 *
 * Snapshot: test/integ.developer-provider.ts.snapshot/ (see docs/integ-tests.md).
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { DeveloperProvider, IdentityPool } from '../src';

const PROVIDER_NAME = 'login.cdk-identity-pool.integ';
const DEVELOPER_USER = 'integ-user';
/** An identity id: REGION:GUID. */
const IDENTITY_ID = '^[a-z]{2}(-[a-z]+)+-\\d:[0-9a-f-]{36}$';

const app = new App();
const stack = new Stack(app, 'CdkIdentityPoolIntegDeveloperProvider', {
  description: 'cdk-identity-pool integration test: developer-authenticated identities',
});

const pool = new IdentityPool(stack, 'Pool', {
  identityPoolName: 'cdk_identity_pool_integ_developer_provider',
  removalPolicy: RemovalPolicy.DESTROY,
});
const developer = new DeveloperProvider(stack, 'Backend', { identityPool: pool, providerName: PROVIDER_NAME });

const integ = new IntegTest(app, 'DeveloperProvider', {
  testCases: [stack],
  diffAssets: false,
  regions: ['us-east-1'],
});

integ.assertions
  .awsApiCall('CognitoIdentity', 'describeIdentityPool', { IdentityPoolId: pool.identityPoolId })
  .expect(ExpectedResult.objectLike({
    IdentityPoolId: pool.identityPoolId,
    DeveloperProviderName: developer.providerName,
    AllowUnauthenticatedIdentities: false,
    AllowClassicFlow: false,
  }));

// What a login backend does (the assertion function's role is the backend here). The token
// lives 60 seconds: long enough to be returned, short enough not to matter once logged.
const getToken = integ.assertions
  .awsApiCall('CognitoIdentity', 'getOpenIdTokenForDeveloperIdentity', {
    IdentityPoolId: pool.identityPoolId,
    Logins: { [developer.providerName]: DEVELOPER_USER },
    TokenDuration: 60,
  })
  .expect(ExpectedResult.objectLike({
    IdentityId: Match.stringLikeRegexp(IDENTITY_ID),
    // A JWT: header.payload.signature, base64url.
    Token: Match.stringLikeRegexp('^[\\w-]+\\.[\\w-]+\\.[\\w-]+$'),
  }));

getToken.next(
  integ.assertions
    .awsApiCall('CognitoIdentity', 'lookupDeveloperIdentity', {
      IdentityPoolId: pool.identityPoolId,
      DeveloperUserIdentifier: DEVELOPER_USER,
      MaxResults: 1,
    })
    .expect(ExpectedResult.objectLike({
      IdentityId: Match.stringLikeRegexp(IDENTITY_ID),
      DeveloperUserIdentifierList: [DEVELOPER_USER],
    })),
);

app.synth();
