/**
 * §6, issue 14 item 5: a synth-time warning when a guest role is granted actions the enhanced
 * flow's scope-down never lets through. Decided at synth, from the final resolved policies.
 */
import { CfnParameter, Lazy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IdentityPool } from '../src';
import { newStack, warnings } from './util';

function guestWarnings(stack: ReturnType<typeof newStack>): string[] {
  Template.fromStack(stack);
  return warnings(stack).filter((w) => w.includes('guests never get in the enhanced flow'));
}

describe('§6 guest grants the scope-down never lets through', () => {
  test('warned: bedrock:InvokeModel on the pool\'s unauthenticated role, naming the role and the action', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool', { allowUnauthenticatedIdentities: true });
    pool.unauthenticatedRole!.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['bedrock:InvokeModel', 's3:GetObject'], resources: ['*'] }));
    const found = guestWarnings(stack);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`The guest role ${pool.unauthenticatedRole!.node.path} is granted bedrock:InvokeModel,`);
    expect(found[0]).not.toContain('s3:GetObject');
  });

  test('every dead action is named once; grants decided from the final policy, added after the pool', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool', { allowUnauthenticatedIdentities: true });
    const role = pool.unauthenticatedRole!;
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:Sign'], resources: ['*'] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:Sign', 'iam:PassRole', 'kms:Decrypt'], resources: ['*'] }));
    const found = guestWarnings(stack);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('is granted kms:Sign, iam:PassRole,');
    expect(found[0]).not.toContain('kms:Decrypt,');
  });

  test('not warned: s3:GetObject and dynamodb:* on the guest role', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool', { allowUnauthenticatedIdentities: true });
    pool.unauthenticatedRole!.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 'dynamodb:*'], resources: ['*'] }));
    expect(guestWarnings(stack)).toEqual([]);
  });

  test('not warned: the authenticated role (authenticated sessions get no scope-down)', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool', { allowUnauthenticatedIdentities: true });
    pool.authenticatedRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: ['*'] }));
    expect(guestWarnings(stack)).toEqual([]);
  });

  test('not warned with the classic flow on: guests can escape the scope-down through it (the classic-flow warning stays)', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool', { allowUnauthenticatedIdentities: true, allowClassicFlow: true });
    pool.unauthenticatedRole!.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: ['*'] }));
    expect(guestWarnings(stack)).toEqual([]);
    expect(warnings(stack).some((w) => w.includes('classic) authentication flow is on'))).toBe(true);
  });

  test('warned: an inline policy of a guest role given to the pool, read resolved; unresolved actions are skipped', () => {
    const stack = newStack();
    const action = new CfnParameter(stack, 'GuestAction', { type: 'String' }).valueAsString;
    const role = new iam.Role(stack, 'Guests', {
      assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' },
      }, 'sts:AssumeRoleWithWebIdentity'),
      inlinePolicies: {
        Models: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({
            actions: ['ec2:RunInstances', Lazy.string({ produce: () => 'bedrock:InvokeModel' }), action],
            resources: ['*'],
          })],
        }),
      },
    });
    new IdentityPool(stack, 'Pool', { allowUnauthenticatedIdentities: true, unauthenticatedRole: role });
    const found = guestWarnings(stack);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('The guest role Stack/Guests is granted ec2:RunInstances, bedrock:InvokeModel,');
  });

  test('warned: a customer managed policy of the stack attached to the guest role', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool', { allowUnauthenticatedIdentities: true });
    new iam.ManagedPolicy(stack, 'Models', {
      statements: [new iam.PolicyStatement({ actions: ['bedrock:InvokeModelWithResponseStream'], resources: ['*'] })],
      roles: [pool.unauthenticatedRole!],
    });
    const found = guestWarnings(stack);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('is granted bedrock:InvokeModelWithResponseStream,');
  });

  test('not warned: a role handed to guests whose trust also admits authenticated identities', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Everyone', {
      assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': ['unauthenticated', 'authenticated'] },
      }, 'sts:AssumeRoleWithWebIdentity'),
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: ['*'] }));
    new IdentityPool(stack, 'Pool', { allowUnauthenticatedIdentities: true, unauthenticatedRole: role });
    expect(guestWarnings(stack)).toEqual([]);
  });
});
