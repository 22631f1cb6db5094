/**
 * Integration test: an identity pool with a Cognito user-pool provider, an IAM OpenID Connect
 * provider, guest access, a token-based role mapping and a rule-based role mapping.
 *
 * Proves on a real account that:
 * - CloudFormation accepts the pool, its providers and its single role attachment;
 * - the service stores both role mappings under the real provider names, the OIDC one under
 *   the IAM OIDC provider's ARN (the template keys them by construct id because the names are
 *   tokens) with their rules in order (GetIdentityPoolRoles);
 * - the pool hands out AWS credentials: GetId, then GetCredentialsForIdentity with the id it
 *   returned (the guest flow, the only one provable without a signed-in user).
 *
 * The OIDC provider is registered in IAM only: https://oidc.example.com/... is a reserved
 * documentation domain that never serves keys, so nobody can sign in through it. A thumbprint
 * is given so that neither IAM nor the CDK provider function ever contacts the URL; the
 * region in the path keeps the URL unique when the test runs in several regions of one
 * account (IAM OIDC providers are global, one per URL).
 *
 * Snapshot: test/integ.user-pool-oidc.ts.snapshot/ (see docs/integ-tests.md).
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Aws, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AmbiguousRoleResolution, IdentityPool, IdentityProvider, MatchType, RoleMapping, RoleMappingRule } from '../src';

const app = new App();
const stack = new Stack(app, 'CdkIdentityPoolIntegUserPoolOidc', {
  description: 'cdk-identity-pool integration test: user pool + OIDC providers, role mappings, guest credentials',
});

const userPool = new cognito.UserPool(stack, 'Users', {
  removalPolicy: RemovalPolicy.DESTROY,
  signInAliases: { email: true },
});
const client = userPool.addClient('Web', { generateSecret: false });

// The native AWS::IAM::OIDCProvider (no custom resource), seen through the interface the
// identity pool takes.
const nativeOidc = new iam.OidcProviderNative(stack, 'Oidc', {
  url: `https://oidc.example.com/cdk-identity-pool-integ/${Aws.REGION}`,
  clientIds: ['cdk-identity-pool-integ'],
  // A placeholder (any 40 hex digits): with a thumbprint given, the URL is never fetched.
  thumbprints: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'],
});
const oidc = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'OidcRef', nativeOidc.oidcProviderArn);

const users = IdentityProvider.userPool(userPool, client);
const corporate = IdentityProvider.openIdConnect(oidc);

const pool = new IdentityPool(stack, 'Pool', {
  identityPoolName: 'cdk_identity_pool_integ_user_pool_oidc',
  allowUnauthenticatedIdentities: true,
  authenticationProviders: [users, corporate],
  removalPolicy: RemovalPolicy.DESTROY,
});

// User-pool users: the role comes from their token (cognito:preferred_role of their groups),
// falling back to the pool's authenticated role.
new RoleMapping(stack, 'UserPoolGroups', {
  identityPool: pool,
  provider: users,
  useToken: true,
  ambiguousRoleResolution: AmbiguousRoleResolution.AUTHENTICATED_ROLE,
});

// OIDC users: rules on their token's claims, first match wins, nobody else gets credentials.
const admins = pool.createRole('OidcAdmins', { description: 'integ: OIDC users in the admins group' });
const engineers = pool.createRole('OidcEngineers', { description: 'integ: OIDC users of the engineering department' });
const rules = [
  RoleMappingRule.contains('groups', 'admins', admins),
  RoleMappingRule.equals('department', 'engineering', engineers),
];
new RoleMapping(stack, 'CorporateRules', {
  identityPool: pool,
  provider: corporate,
  rules,
  ambiguousRoleResolution: AmbiguousRoleResolution.DENY,
});

const integ = new IntegTest(app, 'UserPoolOidc', {
  testCases: [stack],
  diffAssets: false,
  regions: ['us-east-1'],
});

// The role configuration as the service holds it: keyed by the real provider names.
integ.assertions
  .awsApiCall('CognitoIdentity', 'getIdentityPoolRoles', { IdentityPoolId: pool.identityPoolId })
  .expect(ExpectedResult.objectLike({
    IdentityPoolId: pool.identityPoolId,
    Roles: {
      authenticated: pool.authenticatedRole.roleArn,
      unauthenticated: pool.unauthenticatedRole!.roleArn,
    },
    RoleMappings: {
      [users.roleMappingKey]: {
        Type: 'Token',
        AmbiguousRoleResolution: 'AuthenticatedRole',
      },
      [corporate.roleMappingKey]: {
        Type: 'Rules',
        AmbiguousRoleResolution: 'Deny',
        RulesConfiguration: {
          Rules: [
            { Claim: 'groups', MatchType: MatchType.CONTAINS, Value: 'admins', RoleARN: admins.roleArn },
            { Claim: 'department', MatchType: MatchType.EQUALS, Value: 'engineering', RoleARN: engineers.roleArn },
          ],
        },
      },
    },
  }));

// Guest round trip: an identity id, then credentials of the unauthenticated role for it.
// GetCredentialsForIdentity takes its IdentityId from GetId's response; that reference already
// makes it wait for GetId, so no `.next()` (it would add a DependsOn that cfn-lint flags as
// redundant, W3005).
const getId = integ.assertions
  .awsApiCall('CognitoIdentity', 'getId', { IdentityPoolId: pool.identityPoolId })
  .assertAtPath('IdentityId', ExpectedResult.stringLikeRegexp('^[a-z]{2}(-[a-z]+)+-\\d:[0-9a-f-]{36}$'));
const identityId = getId.getAttString('IdentityId');

integ.assertions
  .awsApiCall('CognitoIdentity', 'getCredentialsForIdentity', { IdentityId: identityId })
  .expect(ExpectedResult.objectLike({
    IdentityId: identityId,
    Credentials: Match.objectLike({
      AccessKeyId: Match.stringLikeRegexp('^ASIA[A-Z0-9]{16}$'),
      SecretKey: Match.stringLikeRegexp('.'),
      SessionToken: Match.stringLikeRegexp('.'),
    }),
  }));

app.synth();
