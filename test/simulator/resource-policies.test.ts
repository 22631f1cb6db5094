/**
 * Resource policies in the one evaluator, as the simulator reads them from a template: IAM User
 * Guide, "Policy evaluation logic" (who the Principal names decides which implicit denies limit
 * the grant), the KMS developer guide, "Key policies" (IAM policies count on a key only as the
 * key policy lets them), and the resource policy of a resource outside the template, which the
 * simulator cannot see.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Decision, IdentityPool, IdentityPoolSimulator, IdentityProvider } from '../../src';
import { newStack, userPoolWithClient } from '../util';

function app(guests = false) {
  const stack = newStack({ env: { account: '111122223333', region: 'us-east-1' } });
  const { userPool, client } = userPoolWithClient(stack);
  const users = IdentityProvider.userPool(userPool, client);
  const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users], allowUnauthenticatedIdentities: guests });
  return { stack, users, pool };
}

test('a bucket policy granting the guest role\'s session itself reaches past the scope-down; one granting the role stays within it', () => {
  const { stack, pool } = app(true);
  const guestRole = pool.unauthenticatedRole!;
  const bucket = new s3.Bucket(stack, 'Shared');
  // The session ARN of the pool's guest credentials: arn:aws:sts::<account>:assumed-role/<role name>/CognitoIdentityCredentials.
  const session = `arn:aws:sts::111122223333:assumed-role/${guestRole.roleName}/CognitoIdentityCredentials`;
  bucket.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.ArnPrincipal(session)], actions: ['s3:GetObject'], resources: [bucket.arnForObjects('open/*')] }));
  bucket.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.ArnPrincipal(guestRole.roleArn)], actions: ['s3:GetObjectTagging'], resources: [bucket.arnForObjects('*')] }));
  const guest = IdentityPoolSimulator.of(pool).signInAsGuest();
  const read = guest.evaluate('s3:GetObject', bucket.arnForObjects('open/a.txt'));
  expect(read.decision).toBe(Decision.ALLOWED);
  expect(read.reason).toContain('a resource policy that allows this session itself');
  // The grant to the role is an allow too, within the scope-down (s3:* is inside it).
  expect(guest.evaluate('s3:GetObjectTagging', bucket.arnForObjects('x')).decision).toBe(Decision.ALLOWED);
  expect(guest.evaluate('s3:GetObject', bucket.arnForObjects('closed/a.txt')).decision).toBe(Decision.DENIED);
});

test('a queue policy that allows the account only delegates: the role\'s own policies must allow', () => {
  const { stack, pool, users } = app();
  const queue = new sqs.Queue(stack, 'Jobs');
  queue.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
  const sim = IdentityPoolSimulator.of(pool);
  const user = sim.signIn(users);
  expect(user.evaluate('sqs:SendMessage', queue.queueArn).decision).toBe(Decision.DENIED);
});

test('a KMS key without a key policy of its own gets the default one, which lets the account\'s IAM policies grant', () => {
  const stack = newStack({ env: { account: '111122223333', region: 'us-east-1' } });
  const { userPool, client } = userPoolWithClient(stack);
  const users = IdentityProvider.userPool(userPool, client);
  const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users] });
  const key = new kms.CfnKey(stack, 'Bare', {});
  (pool.authenticatedRole as iam.Role).addToPolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [key.attrArn] }));
  const decision = IdentityPoolSimulator.of(pool).signIn(users).evaluate('kms:Decrypt', key.attrArn);
  expect(decision.decision).toBe(Decision.ALLOWED);
});

describe('a resource outside the template: its policy cannot be seen', () => {
  test('UNDETERMINED whether the role allows or not, naming the policy; an explicit Deny still decides', () => {
    const { pool, users } = app();
    const role = pool.authenticatedRole as iam.Role;
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::elsewhere/*'] }));
    role.addToPolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['s3:DeleteObject'], resources: ['*'] }));
    const user = IdentityPoolSimulator.of(pool).signIn(users);
    const read = user.evaluate('s3:GetObject', 'arn:aws:s3:::elsewhere/a');
    expect(read.decision).toBe(Decision.UNDETERMINED);
    expect(read.reason).toContain('the resource policy of arn:aws:s3:::elsewhere/a (a resource that is not in the template; pass its policy as the resourcePolicy option of evaluate)');
    expect(user.evaluate('s3:PutObject', 'arn:aws:s3:::elsewhere/a').decision).toBe(Decision.UNDETERMINED);
    expect(user.evaluate('s3:DeleteObject', 'arn:aws:s3:::elsewhere/a').decision).toBe(Decision.DENIED);
    // A service without resource-based policies has nothing unseen.
    expect(user.evaluate('polly:SynthesizeSpeech', 'arn:aws:polly:us-east-1:111122223333:lexicon/x').decision).toBe(Decision.DENIED);
  });

  test('with its policy given, it is evaluated like the template\'s', () => {
    const { pool, users } = app();
    const user = IdentityPoolSimulator.of(pool).signIn(users);
    const policy = { Statement: [{ Effect: 'Allow', Principal: { AWS: user.roleArn }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::elsewhere/*' }] };
    expect(user.evaluate('s3:GetObject', 'arn:aws:s3:::elsewhere/a', { resourcePolicy: policy }).decision).toBe(Decision.ALLOWED);
    expect(user.evaluate('s3:PutObject', 'arn:aws:s3:::elsewhere/a', { resourcePolicy: policy }).decision).toBe(Decision.DENIED);
    // Another account's resource: the role's own policies must allow too.
    const queue = 'arn:aws:sqs:us-east-1:999988887777:jobs';
    const queuePolicy = { Statement: [{ Effect: 'Allow', Principal: { AWS: user.roleArn }, Action: 'sqs:SendMessage', Resource: queue }] };
    expect(user.evaluate('sqs:SendMessage', queue, { resourcePolicy: queuePolicy }).decision).toBe(Decision.DENIED);
  });

  test('a resource policy for a resource of the template, or one that is not a policy document, is an error', () => {
    const { stack, pool, users } = app();
    const bucket = new s3.Bucket(stack, 'Mine');
    const user = IdentityPoolSimulator.of(pool).signIn(users);
    expect(() => user.evaluate('s3:GetObject', bucket.arnForObjects('a'), { resourcePolicy: { Statement: [] } }))
      .toThrow(/invalid resourcePolicy for arn:aws:s3:::\S+\/a: the resource is in the template/);
    expect(() => user.evaluate('s3:GetObject', 'arn:aws:s3:::elsewhere/a', { resourcePolicy: { Effect: 'Allow' } })).toThrow('invalid resourcePolicy');
  });
});
