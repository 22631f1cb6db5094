/**
 * The example app: what the README shows, synthesized by `npm run example` into cdk.out.
 */
import { App, CfnResource, Stack, StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  AmbiguousRoleResolution,
  DeveloperProvider,
  IdentityPool,
  IdentityProvider,
  ObjectAccess,
  RoleMapping,
} from '../src';

export class ExampleStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // A user pool whose users sign in to the app, with a web client.
    const userPool = new cognito.UserPool(this, 'Users', {
      passwordPolicy: { minLength: 12, requireSymbols: true, requireDigits: true, requireLowercase: true, requireUppercase: true },
      // Threat protection (formerly "advanced security"), enforced: it needs the Plus plan.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
    });
    const client = userPool.addClient('Web');
    const users = IdentityProvider.userPool(userPool, client);

    // The identity pool: users of the user pool get AWS credentials.
    const pool = new IdentityPool(this, 'Pool', {
      identityPoolName: 'example app users',
      authenticationProviders: [users],
    });

    // Group-based roles: members of the "admins" group get the admin role from their token
    // (cognito:preferred_role); everyone else gets the pool's authenticated role.
    const admins = pool.createRole('AdminRole', { description: 'Administrators of the example app' });
    new cognito.CfnUserPoolGroup(this, 'AdminsGroup', { userPoolId: userPool.userPoolId, groupName: 'admins', roleArn: admins.roleArn });
    new RoleMapping(this, 'GroupMapping', {
      identityPool: pool,
      provider: users,
      useToken: true,
      ambiguousRoleResolution: AmbiguousRoleResolution.AUTHENTICATED_ROLE,
    });

    // Attribute-based access control: the user's department becomes a principal tag (an
    // AWS::Cognito::IdentityPoolPrincipalTag; no Lambda), and scopes a shared folder.
    pool.addPrincipalTags(users, { tags: { department: 'custom:department' } });
    const files = new s3.Bucket(this, 'Files', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    });
    for (const role of [pool.authenticatedRole, admins]) {
      // Each user's own folder, and a read-only folder per department.
      pool.grantIdentityFolder(role, files);
      pool.grantPrincipalTagFolder(role, files, 'department', { prefix: 'departments', access: ObjectAccess.READ });
    }

    // A developer-authenticated backend: it logs users in itself and asks the pool for their
    // identity and OpenID token.
    const developer = new DeveloperProvider(this, 'Backend', { identityPool: pool, providerName: 'login.example.com' });
    const backend = new lambda.Function(this, 'LoginBackend', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline([
        "const { CognitoIdentityClient, GetOpenIdTokenForDeveloperIdentityCommand } = require('@aws-sdk/client-cognito-identity');",
        'const client = new CognitoIdentityClient({});',
        'exports.handler = async (event) => client.send(new GetOpenIdTokenForDeveloperIdentityCommand({',
        '  IdentityPoolId: process.env.IDENTITY_POOL_ID,',
        '  Logins: { [process.env.DEVELOPER_PROVIDER]: event.userId },',
        '}));',
      ].join('\n')),
      environment: { IDENTITY_POOL_ID: pool.identityPoolId, DEVELOPER_PROVIDER: developer.providerName },
    });
    developer.grantGetOpenIdToken(backend);
    // aws-cdk-lib's Function both references its role and depends on it; cfn-lint (W3005)
    // flags the redundant dependency, which is aws-cdk-lib's and harmless.
    (backend.node.defaultChild as CfnResource).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });

    // Support staff may look users' identities up.
    const support = new iam.Role(this, 'SupportRole', { assumedBy: new iam.AccountRootPrincipal() });
    pool.grantReadIdentities(support);
    developer.grantLookup(support);
  }
}

if (require.main === module) {
  const app = new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' });
  new ExampleStack(app, 'IdentityPoolExample');
  app.synth();
}
