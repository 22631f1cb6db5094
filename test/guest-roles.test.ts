/**
 * The one definition of "a role only guests can get" (src/private/guest-roles.ts), shared by the
 * refusals of a guest role (mapping rules, grantPrincipalTagFolder) and the §6 scope-down warning.
 * These are the cases where the two used to disagree.
 */
import { CfnParameter } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IdentityPool, IdentityProvider, RoleMapping, RoleMappingRule } from '../src';
import { newStack, warnings } from './util';

const google = IdentityProvider.google('g');

function cognitoRole(stack: ReturnType<typeof newStack>, id: string, amr: unknown): iam.Role {
  const role = new iam.Role(stack, id, {
    assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
      'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
    }, 'sts:AssumeRoleWithWebIdentity'),
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: ['*'] }));
  return role;
}

/** The §6 scope-down warnings of a stack, after synth. */
const guestWarnings = (stack: ReturnType<typeof newStack>) =>
  (Template.fromStack(stack), warnings(stack).filter((w) => w.includes('guests never get in the enhanced flow')));

describe('§4 §6 one definition of a guest-only role', () => {
  test('§4: the unauthenticatedRole whose trust also admits amr authenticated may be handed to signed-in users, and its grants are not warned', () => {
    const stack = newStack();
    const everyone = cognitoRole(stack, 'Everyone', ['unauthenticated', 'authenticated']);
    const pool = new IdentityPool(stack, 'Pool', { unauthenticatedRole: everyone, authenticationProviders: [google] });
    expect(() => new RoleMapping(stack, 'M', { identityPool: pool, provider: google, rules: [RoleMappingRule.equalTo('sub', 'a', everyone)] }))
      .not.toThrow();
    pool.addPrincipalTags(google, { tags: { team: 'sub' } });
    expect(() => pool.grantPrincipalTagFolder(everyone, new s3.Bucket(stack, 'Bucket'), 'team')).not.toThrow();
    // Its bedrock grant is alive for the signed-in users the mapping hands it to.
    expect(guestWarnings(stack)).toEqual([]);
  });

  test('§6: the unauthenticatedRole whose amr is a token is the pool\'s guest role: refused in a mapping, and its dead grants warned', () => {
    const stack = newStack();
    const amr = new CfnParameter(stack, 'Amr', { type: 'String' }).valueAsString;
    const guests = cognitoRole(stack, 'Guests', amr);
    const pool = new IdentityPool(stack, 'Pool', { allowUnauthenticatedIdentities: true, unauthenticatedRole: guests, authenticationProviders: [google] });
    expect(() => new RoleMapping(stack, 'M', { identityPool: pool, provider: google, rules: [RoleMappingRule.equalTo('sub', 'a', guests)] }))
      .toThrow('Stack/M: invalid rules[0].role Stack/Guests: it is the unauthenticatedRole (guest role) of Stack/Pool;');
    const found = guestWarnings(stack);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('The guest role Stack/Guests is granted bedrock:InvokeModel,');
  });

  test('§5 §6: a role that trusts only guests but that the pool hands only to signed-in users is not its guest role: no scope-down warning', () => {
    const stack = newStack();
    const guestsOnly = cognitoRole(stack, 'GuestsOnly', 'unauthenticated');
    const pool = new IdentityPool(stack, 'Pool', { allowUnauthenticatedIdentities: true, authenticationProviders: [google] });
    // Accepted, as before: the simulator shows such a role gives signed-in users no credentials (STS refuses the amr).
    new RoleMapping(stack, 'M', { identityPool: pool, provider: google, rules: [RoleMappingRule.equalTo('sub', 'a', guestsOnly)] });
    expect(pool.rolesHandedOut).toContain(guestsOnly);
    // The pool's own guest role is still warned; the mapped role is no guest session's role.
    pool.unauthenticatedRole!.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: ['*'] }));
    const found = guestWarnings(stack);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('The guest role Stack/Pool/UnauthenticatedRole is granted');
  });
});
