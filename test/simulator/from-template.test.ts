/**
 * `IdentityPoolSimulator.fromTemplate` on pools this library did not make: aws-cdk-lib's
 * built-in `aws-cognito-identitypool`, plain L1 resources, and a hand-written YAML template with
 * short-form intrinsics. Its answers are checked against the test emulator (the template
 * deployed, the real SDK's GetId and GetCredentialsForIdentity) and, for this library's pools,
 * against `of(pool)` on every end-to-end scenario.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Lazy, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as identitypool from 'aws-cdk-lib/aws-cognito-identitypool';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Decision, IdentityPoolSimulator, IdentityProviderType } from '../../src';
import { ResolvedTemplate } from '../../src/simulator/template';
import { readTemplate } from '../../src/simulator/template-text';
import { deployTemplate, Deployment } from '../support/deploy';
import { liveEmulator } from '../support/emulator-fixture';
import { assertBundleBuilt } from '../support/handler-harness';
import { SCENARIOS } from '../support/scenarios';
import { credentialsFor, testToken, userPoolIdToken } from '../support/tokens';
import { newStack } from '../util';

const YAML_TEMPLATE = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'handwritten-pool.yaml'), 'utf-8');

const live = liveEmulator();
beforeAll(() => assertBundleBuilt());

/** The role's logical id that the deployment gave this ARN. */
function roleOf(deployment: Deployment, arn: string): string {
  return deployment.resources.find((r) => r.type === 'AWS::IAM::Role' && r.attributes.Arn === arn)?.logicalId ?? arn;
}

/** The simulator's role logical id for a role ARN of its template. */
function simulatedRole(template: ResolvedTemplate, arn: string | undefined): string | undefined {
  return Object.keys(template.resources).find((id) => template.resources[id].Type === 'AWS::IAM::Role' && template.resolve({ 'Fn::GetAtt': [id, 'Arn'] }) === arn);
}

function builtinApp() {
  const stack = newStack();
  const userPool = new cognito.UserPool(stack, 'Users');
  const userPoolClient = userPool.addClient('Web');
  // The roles' trust names the pool, made after them (its role mappings name the roles).
  let poolId: string | undefined;
  const trust = (amr: string) => new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
    'StringEquals': { 'cognito-identity.amazonaws.com:aud': Lazy.string({ produce: () => poolId }) },
    'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
  }, 'sts:AssumeRoleWithWebIdentity');
  const admins = new iam.Role(stack, 'Admins', { assumedBy: trust('authenticated') });
  admins.addToPolicy(new iam.PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }));
  const pool = new identitypool.IdentityPool(stack, 'Pool', {
    allowUnauthenticatedIdentities: true,
    authenticationProviders: {
      userPools: [new identitypool.UserPoolAuthenticationProvider({ userPool, userPoolClient })],
      google: { clientId: 'google-client' },
    },
    roleMappings: [
      {
        providerUrl: identitypool.IdentityPoolProviderUrl.userPool(userPool, userPoolClient),
        mappingKey: 'users',
        rules: [{ claim: 'custom:level', claimValue: 'admin', mappedRole: admins }],
        resolveAmbiguousRoles: true,
      },
      { providerUrl: identitypool.IdentityPoolProviderUrl.GOOGLE, useToken: true },
    ],
  });
  poolId = pool.identityPoolId;
  // The built-in module makes the pool and its attachment DependsOn the user pool and client
  // that their Refs already depend on (cfn-lint W3005): its template, as users get it; that one
  // check is off for this template only.
  stack.templateOptions.metadata = { 'cfn-lint': { config: { ignore_checks: ['W3005'] } } };
  return { stack, template: Template.fromStack(stack).toJSON() };
}

describe('aws-cdk-lib\'s built-in identity pool module', () => {
  test('rules, the default role, guests and their scope-down, as the simulator and the emulator both answer', async () => {
    const { template } = builtinApp();
    const sim = IdentityPoolSimulator.fromTemplate(template);
    const resolved = new ResolvedTemplate(template);
    const userPoolName = sim.providerNames.find((n) => n.startsWith('cognito-idp.'))!;
    expect(sim.providerNames).toEqual([userPoolName, 'accounts.google.com']);

    const admin = sim.signIn(userPoolName, { claims: { 'sub': 'a', 'custom:level': 'admin' } });
    expect(simulatedRole(resolved, admin.roleArn)).toMatch(/^Admins/);
    expect(admin.evaluate('dynamodb:GetItem', '*').decision).toBe(Decision.ALLOWED);
    const other = sim.signIn(userPoolName, { claims: { 'sub': 'b', 'custom:level': 'user' } });
    expect(other.granted).toBe(true);
    expect(other.evaluate('dynamodb:GetItem', '*').decision).toBe(Decision.DENIED);
    const guest = sim.signInAsGuest();
    expect(guest.granted).toBe(true);
    expect(guest.evaluate('bedrock:InvokeModel', '*').decision).toBe(Decision.DENIED);
    // Google's token carries no role claims: the token mapping is ambiguous and denies.
    expect(sim.signIn('accounts.google.com', { claims: { sub: 'g' } }).granted).toBe(false);

    const deployment = await deployTemplate(template, { emulator: live.emulator });
    const loginKey = String(deployment.resolve(resolvedTemplateValue(template, 'Users', 'ProviderName')));
    const clientId = deployment.physicalId(Object.keys(template.Resources).find((id) => template.Resources[id].Type === 'AWS::Cognito::UserPoolClient')!);
    const issued = await credentialsFor(live.client, live.emulator, deployment.poolId, { [loginKey]: userPoolIdToken(loginKey, clientId, { 'sub': 'a', 'custom:level': 'admin' }) });
    expect(roleOf(deployment, issued.roleArn)).toBe(simulatedRole(resolved, admin.roleArn));
    const plain = await credentialsFor(live.client, live.emulator, deployment.poolId, { [loginKey]: userPoolIdToken(loginKey, clientId, { 'sub': 'b', 'custom:level': 'user' }) });
    expect(roleOf(deployment, plain.roleArn)).toBe(simulatedRole(resolved, other.roleArn));
    const googleToken = testToken({ iss: 'https://accounts.google.com', aud: 'google-client', sub: 'g' });
    await expect(credentialsFor(live.client, live.emulator, deployment.poolId, { 'accounts.google.com': googleToken })).rejects.toThrow();
    const guestIssued = await credentialsFor(live.client, live.emulator, deployment.poolId);
    expect(roleOf(deployment, guestIssued.roleArn)).toBe(simulatedRole(resolved, guest.roleArn));
  });
});

/** `Fn::GetAtt` of the first resource whose logical id starts with `prefix`. */
function resolvedTemplateValue(template: any, prefix: string, attribute: string): unknown {
  const id = Object.keys(template.Resources).find((r) => r.startsWith(prefix) && template.Resources[r].Type === 'AWS::Cognito::UserPool')!;
  return { 'Fn::GetAtt': [id, attribute] };
}

describe('plain L1 resources', () => {
  test('a pool, a role and an attachment written as CloudFormation resources', async () => {
    const stack = newStack();
    const pool = new cognito.CfnIdentityPool(stack, 'Pool', {
      allowUnauthenticatedIdentities: false,
      supportedLoginProviders: { 'graph.facebook.com': 'fb-app' },
    });
    const role = new iam.CfnRole(stack, 'Readers', {
      assumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { 'StringEquals': { 'cognito-identity.amazonaws.com:aud': pool.ref }, 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } },
        }],
      },
      policies: [{ policyName: 'Read', policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::public/*' }] } }],
    });
    new cognito.CfnIdentityPoolRoleAttachment(stack, 'Roles', { identityPoolId: pool.ref, roles: { authenticated: role.attrArn } });
    const template = Template.fromStack(stack).toJSON();
    const sim = IdentityPoolSimulator.fromTemplate(template);
    const user = sim.signIn('graph.facebook.com', { claims: { sub: 'f' } });
    expect(user.granted).toBe(true);
    expect(user.evaluate('s3:GetObject', 'arn:aws:s3:::public/a', { resourcePolicy: { Statement: [] } }).decision).toBe(Decision.ALLOWED);
    expect(user.evaluate('s3:PutObject', 'arn:aws:s3:::public/a', { resourcePolicy: { Statement: [] } }).decision).toBe(Decision.DENIED);
    expect(sim.signIn('accounts.google.com', { claims: { sub: 'g' } }).granted).toBe(false);
    expect(sim.signInAsGuest().granted).toBe(false);

    const deployment = await deployTemplate(template, { emulator: live.emulator });
    const issued = await credentialsFor(live.client, live.emulator, deployment.poolId, { 'graph.facebook.com': testToken({ iss: 'https://graph.facebook.com', aud: 'fb-app', sub: 'f' }) });
    expect(roleOf(deployment, issued.roleArn)).toBe('Readers');
    expect(simulatedRole(new ResolvedTemplate(template), user.roleArn)).toBe('Readers');
  });
});

describe('a hand-written YAML template with short-form intrinsics', () => {
  test('rules, principal tags, a bucket policy and a parameter, as the simulator and the emulator both answer', async () => {
    const sim = IdentityPoolSimulator.fromTemplate(YAML_TEMPLATE, { parameters: { Stage: 'prod' } });
    const names = sim.providerNames;
    expect(names).toEqual(['cognito-idp.us-east-1.amazonaws.com/us-east-1_HandWrit1', 'accounts.google.com']);
    const eng = sim.signIn(names[0], { claims: { 'sub': 'e', 'aud': 'handwrittenclient', 'custom:department': 'eng' } });
    expect(eng.granted).toBe(true);
    expect(eng.principalTags).toEqual({ department: 'eng' });
    expect(eng.evaluate('s3:GetObject', 'arn:aws:s3:::prod-photos/eng/a.jpg').decision).toBe(Decision.ALLOWED);
    expect(eng.evaluate('s3:GetObject', 'arn:aws:s3:::prod-photos/sales/a.jpg').decision).toBe(Decision.DENIED);
    const bucketDeny = eng.evaluate('s3:DeleteObject', 'arn:aws:s3:::prod-photos/eng/a.jpg');
    expect(bucketDeny.decision).toBe(Decision.DENIED);
    expect(bucketDeny.reason).toContain('explicitly denied by statement "NoDeletes" (index 0) of the resource policy PhotosPolicy');
    // An export of another stack stays unresolved.
    expect(eng.evaluate('sqs:SendMessage', '*').decision).toBe(Decision.UNDETERMINED);
    expect(eng.evaluate('sqs:SendMessage', '*').reason).toContain('Fn::ImportValue Shared-QueueArn');
    const other = sim.signIn(names[0], { claims: { 'sub': 'o', 'aud': 'handwrittenclient', 'custom:department': 'ops' } });
    expect(other.granted).toBe(false);
    expect(other.reason).toContain('AmbiguousRoleResolution is Deny');

    const template = readTemplate(YAML_TEMPLATE);
    const deployment = await deployTemplate(template, { emulator: live.emulator, parameters: { Stage: 'prod' }, imports: { 'Shared-QueueArn': 'arn:aws:sqs:us-east-1:123456789012:shared' } });
    const loginKey = `cognito-idp.${deployment.region}.amazonaws.com/us-east-1_HandWrit1`;
    const issued = await credentialsFor(live.client, live.emulator, deployment.poolId,
      { [loginKey]: userPoolIdToken(loginKey, 'handwrittenclient', { 'sub': 'e', 'custom:department': 'eng' }) });
    expect(roleOf(deployment, issued.roleArn)).toBe('EngineersRole');
    expect(issued.sessionTags).toEqual({ department: 'eng' });
    expect(simulatedRole(new ResolvedTemplate(template, { parameters: { Stage: 'prod' } }), eng.roleArn)).toBe('EngineersRole');
    await expect(credentialsFor(live.client, live.emulator, deployment.poolId,
      { [loginKey]: userPoolIdToken(loginKey, 'handwrittenclient', { 'sub': 'o', 'custom:department': 'ops' }) })).rejects.toThrow();
  });
});

describe('policies of every kind a template attaches, and values only a deploy knows', () => {
  const TEMPLATE = `
Parameters:
  QueueName:
    Type: AWS::SSM::Parameter::Value<String>
    Default: /shared/queue-name
Resources:
  Pool:
    Type: AWS::Cognito::IdentityPool
    Properties:
      AllowUnauthenticatedIdentities: false
      SupportedLoginProviders: { accounts.google.com: google-client-id }
  Readers:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: &trust
        Statement:
          - Effect: Allow
            Principal: { Federated: cognito-identity.amazonaws.com }
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals: { cognito-identity.amazonaws.com:aud: !Ref Pool }
              ForAnyValue:StringLike: { cognito-identity.amazonaws.com:amr: authenticated }
      ManagedPolicyArns: [!Ref ReadPhotos]
  Everyone:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: *trust
      ManagedPolicyArns: [!Sub 'arn:\${AWS::Partition}:iam::aws:policy/AmazonS3ReadOnlyAccess']
  ReadPhotos:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: 'arn:aws:s3:::photos/*' }]
  SendToQueue:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: send
      Roles: [!Ref Readers]
      PolicyDocument:
        Statement:
          - { Effect: Allow, Action: sqs:SendMessage, Resource: !Sub 'arn:aws:sqs:us-east-1:123456789012:\${QueueName}' }
          - { Effect: Allow, Action: sqs:GetQueueUrl, Resource: '*' }
  Attachment:
    Type: AWS::Cognito::IdentityPoolRoleAttachment
    Properties:
      IdentityPoolId: !Ref Pool
      Roles: { authenticated: !GetAtt Everyone.Arn }
      RoleMappings:
        google:
          IdentityProvider: accounts.google.com
          Type: Rules
          AmbiguousRoleResolution: AuthenticatedRole
          RulesConfiguration:
            Rules: [{ Claim: hd, MatchType: Equals, Value: example.com, RoleARN: !GetAtt Readers.Arn }]
`;

  test('a managed policy by Ref and an AWS::IAM::Policy count; an AWS managed policy and an SSM parameter are UNDETERMINED, named', () => {
    const sim = IdentityPoolSimulator.fromTemplate(TEMPLATE);
    const staff = sim.signIn('accounts.google.com', { claims: { sub: 's', hd: 'example.com' } });
    expect(staff.roleArn).toContain('Readers');
    expect(staff.evaluate('s3:GetObject', 'arn:aws:s3:::photos/a.jpg', { resourcePolicy: { Statement: [] } }).reason)
      .toMatch(/^allowed by statement 0 of ReadPhotos \(AWS::IAM::ManagedPolicy\)/);
    expect(staff.evaluate('sqs:GetQueueUrl', '*').reason).toMatch(/^allowed by statement 1 of SendToQueue \(AWS::IAM::Policy\)/);
    expect(staff.evaluate('s3:PutObject', 'arn:aws:s3:::photos/a.jpg', { resourcePolicy: { Statement: [] } }).decision).toBe(Decision.DENIED);
    // The queue's name is read from SSM when the stack deploys: no stand-in can know it.
    const send = staff.evaluate('sqs:SendMessage', 'arn:aws:sqs:us-east-1:123456789012:orders', { resourcePolicy: { Statement: [] } });
    expect(send.decision).toBe(Decision.UNDETERMINED);
    expect(send.reason).toContain('parameter QueueName (read from SSM at deploy time)');

    const other = sim.signIn('accounts.google.com', { claims: { sub: 'o', hd: 'elsewhere.com' } });
    expect(other.roleArn).toContain('Everyone');
    // The AWS managed policy is not in the template: named, never guessed as allowing or denying.
    const read = other.evaluate('s3:GetObject', 'arn:aws:s3:::photos/a.jpg', { resourcePolicy: { Statement: [] } });
    expect(read.decision).toBe(Decision.UNDETERMINED);
    expect(read.reason).toContain('arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess');
  });
});

describe('this library\'s pools: fromTemplate answers as of() does, on every end-to-end scenario', () => {
  test.each(SCENARIOS.map((s) => [s.title, s] as const))('%s', (_title, scenario) => {
    const app = scenario.build();
    const fromPool = IdentityPoolSimulator.of(app.pool);
    const template = Template.fromStack(app.stack).toJSON();
    const resolved = new ResolvedTemplate(template);
    const r = (value: string): string => (Token.isUnresolved(value) ? String(resolved.resolve(app.stack.resolve(value))) : value);
    const fromTemplate = IdentityPoolSimulator.fromTemplate(template);
    for (const signIn of app.signIns) {
      const claims = Object.fromEntries(Object.entries(signIn.claims ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.map(r) : r(v)]));
      const options = { claims, customRoleArn: signIn.customRoleArn && r(signIn.customRoleArn), principalTags: signIn.principalTags };
      const provider = signIn.provider;
      const a = provider ? fromPool.signIn(provider, { ...signIn, claims: signIn.claims }) : fromPool.signInAsGuest();
      let b;
      if (!provider) {
        b = fromTemplate.signInAsGuest();
      } else {
        const name = r(provider.loginsKey);
        const aud = provider.type === IdentityProviderType.USER_POOL && claims.aud === undefined ? r(provider._details.userPoolClientId!) : undefined;
        b = fromTemplate.signIn(name, { ...options, claims: aud ? { ...claims, aud } : claims });
      }
      const answer = (s: typeof a) => ({
        granted: s.granted,
        role: s.roleArn,
        tags: s.principalTags,
        id: s.identityId,
        any: s.evaluate('s3:GetObject', '*').decision,
      });
      expect({ user: signIn.user, ...answer(b) }).toEqual({ user: signIn.user, ...answer(a) });
    }
  });
});

describe('bad input: clear errors', () => {
  test('a template with several pools needs the pool option, and names them', () => {
    const stack = newStack();
    new cognito.CfnIdentityPool(stack, 'A', { allowUnauthenticatedIdentities: false });
    new cognito.CfnIdentityPool(stack, 'B', { allowUnauthenticatedIdentities: false });
    const template = Template.fromStack(stack).toJSON();
    expect(() => IdentityPoolSimulator.fromTemplate(template)).toThrow('missing pool: the template has 2 identity pools (A, B); give the logical id of one as the pool option');
    expect(() => IdentityPoolSimulator.fromTemplate(template, { pool: 'C' })).toThrow('invalid pool "C": the template\'s identity pools are A, B');
    expect(IdentityPoolSimulator.fromTemplate(template, { pool: 'B' }).providerNames).toEqual([]);
  });

  test('text that is neither JSON nor YAML, a template without resources or without a pool', () => {
    expect(() => IdentityPoolSimulator.fromTemplate('Resources: [unclosed')).toThrow('IdentityPoolSimulator.fromTemplate: invalid template: it is not JSON or YAML');
    expect(() => IdentityPoolSimulator.fromTemplate('{"Parameters": {}}')).toThrow('invalid template: it has no Resources section');
    expect(() => IdentityPoolSimulator.fromTemplate({ Resources: {} })).toThrow('invalid template: it has no AWS::Cognito::IdentityPool');
    expect(() => IdentityPoolSimulator.fromTemplate(42)).toThrow('give a CloudFormation template');
  });

  test('a user pool with several app clients in the pool: the token\'s aud picks one', () => {
    const sim = IdentityPoolSimulator.fromTemplate({
      Resources: {
        Pool: {
          Type: 'AWS::Cognito::IdentityPool',
          Properties: {
            AllowUnauthenticatedIdentities: false,
            CognitoIdentityProviders: [
              { ProviderName: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_abc', ClientId: 'web' },
              { ProviderName: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_abc', ClientId: 'mobile' },
            ],
          },
        },
      },
    });
    expect(() => sim.signIn('cognito-idp.us-east-1.amazonaws.com/us-east-1_abc')).toThrow('the pool accepts 2 app clients of this user pool (web, mobile); give the token\'s aud');
    const user = sim.signIn('cognito-idp.us-east-1.amazonaws.com/us-east-1_abc', { claims: { aud: 'mobile' } });
    expect(user.reason).toContain('has no role mapping');
  });
});
