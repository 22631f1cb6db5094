/**
 * The simulator reads a pool once and answers many users from what it read (trust verdicts,
 * compiled statements, resolved tokens): those shared answers must never leak from one user to
 * another when the policies tell them apart.
 */
import { Lazy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Decision, IdentityPool, IdentityPoolSimulator, IdentityProvider } from '../../src';
import { newStack, userPoolWithClient } from '../util';

function app() {
  const stack = newStack();
  const { userPool, client } = userPoolWithClient(stack);
  const users = IdentityProvider.userPool(userPool, client);
  const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users] });
  pool.addPrincipalTags(users, { tags: { department: 'custom:department' } });
  const bucket = new s3.Bucket(stack, 'Photos');
  return { stack, users, pool, bucket };
}

describe('answers shared between users stay per user', () => {
  test('§2 §6: a trust policy that reads a session tag judges each user by their own tag, whatever the order of sign-ins', () => {
    const { pool, users } = app();
    const role = pool.authenticatedRole as iam.Role;
    role.assumeRolePolicy!.addStatements(new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      actions: ['sts:TagSession'],
      principals: [new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {})],
      conditions: { StringEquals: { 'aws:RequestTag/department': 'contractors' } },
    }));
    const simulator = IdentityPoolSimulator.of(pool);
    const sign = (sub: string, department: string) => simulator.signIn(users, { claims: { sub, 'custom:department': department } });
    expect(sign('a', 'eng').granted).toBe(true);
    const contractor = sign('b', 'contractors');
    expect(contractor.granted).toBe(false);
    expect(contractor.reason).toContain('sts:TagSession');
    expect(sign('c', 'eng').granted).toBe(true);
    expect(sign('d', 'contractors').granted).toBe(false);
  });

  test('§6: a trust policy that reads the identity id admits only that identity, though other users of the role came first', () => {
    // Identity ids are stable per pool and subject: a twin app tells the id of user a.
    const twin = app();
    const idOfA = IdentityPoolSimulator.of(twin.pool).signIn(twin.users, { claims: { sub: 'a' } }).identityId!;
    const { pool, users } = app();
    (pool.authenticatedRole as iam.Role).assumeRolePolicy!.addStatements(new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {})],
      conditions: { StringEquals: { 'cognito-identity.amazonaws.com:sub': idOfA } },
    }));
    const simulator = IdentityPoolSimulator.of(pool);
    const sign = (sub: string) => simulator.signIn(users, { claims: { sub } });
    expect([sign('b').granted, sign('c').granted]).toEqual([true, true]);
    const a = sign('a');
    expect(a.identityId).toBe(idOfA);
    expect(a.granted).toBe(false);
    expect(a.reason).toContain('explicitly denied');
    expect(sign('d').granted).toBe(true);
  });

  test('§6: each user\'s folder is theirs: the same compiled statement allows a user their own folder and denies them another\'s', () => {
    const { pool, users, bucket } = app();
    pool.grantIdentityFolder(pool.authenticatedRole, bucket);
    const simulator = IdentityPoolSimulator.of(pool);
    const people = ['a', 'b', 'c'].map((sub) => simulator.signIn(users, { claims: { sub } }));
    for (const person of people) {
      for (const other of people) {
        const decision = person.evaluate('s3:GetObject', bucket.arnForObjects(`private/${other.identityId}/photo.jpg`));
        expect(decision.decision).toBe(person === other ? Decision.ALLOWED : Decision.DENIED);
      }
    }
  });

  test('a resource whose text holds a number token is resolved like its literal', () => {
    const { pool, users, bucket } = app();
    bucket.grantRead(pool.authenticatedRole, 'photos/7/*');
    const user = IdentityPoolSimulator.of(pool).signIn(users, { claims: { sub: 'a' } });
    const seven = Lazy.number({ produce: () => 7 });
    expect(user.evaluate('s3:GetObject', bucket.arnForObjects(`photos/${seven}/a.jpg`)).decision).toBe(Decision.ALLOWED);
    expect(user.evaluate('s3:GetObject', bucket.arnForObjects('photos/8/a.jpg')).decision).toBe(Decision.DENIED);
  });

  test('a reason reads the same every time it is read', () => {
    const { pool, users } = app();
    const user = IdentityPoolSimulator.of(pool).signIn(users, { claims: { 'sub': 'a', 'custom:department': 'eng' } });
    const reason = user.reason;
    expect(reason).toMatch(/^granted: .*with the session tags department=eng/);
    expect(user.reason).toBe(reason);
  });
});
