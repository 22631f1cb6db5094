/**
 * Integration test: principal tags (attributes for access control) on a pool of this stack.
 *
 * Proves on a real account that the stack's AWS::Cognito::IdentityPoolPrincipalTag resources
 * (no Lambda, no asset) apply, under the names the service reads them by:
 * - a custom map for the user-pool provider, named without the app client id:
 *   GetPrincipalTagAttributeMap returns exactly the declared tags and claims, UseDefaults false;
 * - the service's default map for a second provider of the same pool (Google): UseDefaults true.
 * The roles the pool made trust sts:TagSession (shown by the snapshot, not called here: that
 * needs a signed-in user).
 *
 * Snapshot: test/integ.principal-tags.ts.snapshot/ (see docs/integ-tests.md).
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { IdentityPool, IdentityProvider } from '../src';

const app = new App();
const stack = new Stack(app, 'CdkIdentityPoolIntegPrincipalTags', {
  description: 'cdk-identity-pool integration test: principal tags as AWS::Cognito::IdentityPoolPrincipalTag',
});

const userPool = new cognito.UserPool(stack, 'Users', {
  removalPolicy: RemovalPolicy.DESTROY,
  signInAliases: { email: true },
  customAttributes: {
    department: new cognito.StringAttribute({ mutable: true }),
    team: new cognito.StringAttribute({ mutable: true }),
  },
});
const client = userPool.addClient('Web', { generateSecret: false });

const users = IdentityProvider.userPool(userPool, client);
// Never signed in with: a Google OAuth client id is only a string to the identity pool.
const google = IdentityProvider.google('123456789012-cdkidentitypoolinteg.apps.googleusercontent.com');

const pool = new IdentityPool(stack, 'Pool', {
  identityPoolName: 'cdk_identity_pool_integ_principal_tags',
  authenticationProviders: [users, google],
  removalPolicy: RemovalPolicy.DESTROY,
});

const tags = { department: 'custom:department', team: 'custom:team' };
pool.addPrincipalTags(users, { tags });
pool.addPrincipalTags(google, { useDefaults: true });

const integ = new IntegTest(app, 'PrincipalTags', {
  testCases: [stack],
  diffAssets: false,
  regions: ['us-east-1'],
});

// The whole response, exactly: the declared map and nothing else.
integ.assertions
  .awsApiCall('CognitoIdentity', 'getPrincipalTagAttributeMap', {
    IdentityPoolId: pool.identityPoolId,
    IdentityProviderName: users.principalTagName!,
  })
  .expect(ExpectedResult.exact({
    IdentityPoolId: pool.identityPoolId,
    IdentityProviderName: users.principalTagName!,
    UseDefaults: false,
    PrincipalTags: tags,
  }));

integ.assertions
  .awsApiCall('CognitoIdentity', 'getPrincipalTagAttributeMap', {
    IdentityPoolId: pool.identityPoolId,
    IdentityProviderName: google.principalTagName!,
  })
  .expect(ExpectedResult.objectLike({
    IdentityPoolId: pool.identityPoolId,
    IdentityProviderName: 'accounts.google.com',
    UseDefaults: true,
  }));

app.synth();
