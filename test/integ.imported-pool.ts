/**
 * Integration test: settings on a pool this library does not own.
 *
 * A first stack makes a pool with the plain CloudFormation resource, standing in for a pool
 * made by Amplify or by hand in the console: a Facebook login, classic flow off, pool tags.
 * A second stack imports it by id (IdentityPool.fromIdentityPoolId), turns classic flow on and
 * gives the Facebook provider the service's default principal tags.
 *
 * Proves on a real account that the settings custom resource:
 * - turns AllowClassicFlow on with DescribeIdentityPool + UpdateIdentityPool and writes every
 *   other field back unchanged (UpdateIdentityPool resets what it is not sent): name, guest
 *   access, SupportedLoginProviders and IdentityPoolTags are intact (DescribeIdentityPool);
 * - applies the principal-tag map (GetPrincipalTagAttributeMap).
 * On destroy the second stack goes first: its custom resources put classic flow back to false
 * and the map back to the service default, then the first stack deletes the pool.
 *
 * Snapshot: test/integ.imported-pool.ts.snapshot/ (see docs/integ-tests.md).
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicies, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { IdentityPool, IdentityProvider } from '../src';

const POOL_NAME = 'cdk_identity_pool_integ_imported';
const FACEBOOK_APP_ID = '123456789012345';
const POOL_TAGS = { owner: 'console-stand-in', purpose: 'cdk-identity-pool-integ' };

const app = new App();

// --- Stack 1: the pool, as another tool would have made it ---
const owner = new Stack(app, 'CdkIdentityPoolIntegImportedPoolOwner', {
  description: 'cdk-identity-pool integration test: a pool made without the library (stand-in for Amplify/console)',
});
const external = new cognito.CfnIdentityPool(owner, 'ExternalPool', {
  identityPoolName: POOL_NAME,
  allowUnauthenticatedIdentities: false,
  allowClassicFlow: false,
  supportedLoginProviders: { 'graph.facebook.com': FACEBOOK_APP_ID },
  identityPoolTags: Object.entries(POOL_TAGS).map(([key, value]) => ({ key, value })),
});
external.applyRemovalPolicy(RemovalPolicy.DESTROY);

// --- Stack 2: the library, on the imported pool (its id comes from stack 1 by export) ---
const settings = new Stack(app, 'CdkIdentityPoolIntegImportedPoolSettings', {
  description: 'cdk-identity-pool integration test: classic flow and principal tags on an imported pool',
});
const imported = IdentityPool.fromIdentityPoolId(settings, 'Imported', external.ref);
const facebook = IdentityProvider.custom('graph.facebook.com');
imported.addPrincipalTags(facebook, { useDefaults: true });
imported.setAllowClassicFlow(true);
// The settings function's log group is kept by default (RETAIN): a test leaves nothing behind.
RemovalPolicies.of(settings).destroy({ applyToResourceTypes: ['AWS::Logs::LogGroup'] });

// The assertions read the pool through stack 1's export: make them wait for stack 2 too.
const assertions = new Stack(app, 'CdkIdentityPoolIntegImportedPoolAssertions', {
  description: 'cdk-identity-pool integration test: assertions of the imported-pool test',
});
assertions.addDependency(settings);

const integ = new IntegTest(app, 'ImportedPool', {
  testCases: [owner, settings],
  assertionStack: assertions,
  diffAssets: false,
  regions: ['us-east-1'],
});

integ.assertions
  .awsApiCall('CognitoIdentity', 'describeIdentityPool', { IdentityPoolId: external.ref })
  .expect(ExpectedResult.objectLike({
    IdentityPoolId: external.ref,
    IdentityPoolName: POOL_NAME,
    AllowClassicFlow: true,
    AllowUnauthenticatedIdentities: false,
    SupportedLoginProviders: { 'graph.facebook.com': FACEBOOK_APP_ID },
    IdentityPoolTags: POOL_TAGS,
  }));

integ.assertions
  .awsApiCall('CognitoIdentity', 'getPrincipalTagAttributeMap', {
    IdentityPoolId: external.ref,
    IdentityProviderName: facebook.principalTagName!,
  })
  .expect(ExpectedResult.objectLike({
    IdentityPoolId: external.ref,
    IdentityProviderName: 'graph.facebook.com',
    UseDefaults: true,
  }));

app.synth();
