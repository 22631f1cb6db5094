import { Annotations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DefaultRoles, guestOnlyReason } from './guest-roles';
import { oneOrMany } from '../../iam/values';
import { scopeDownReach, ScopeDownReach } from '../../service/scope-down';
import { PolicyReader } from '../roles/policy-reader';

/*
 * Synth-time check of the grants of guest roles against the enhanced flow's scope-down
 * (docs/service-contract.md §6): an action no guest session can ever use is dead code that looks
 * alive. Read from the final, resolved policies; anything unresolved is skipped, never guessed.
 *
 * With the classic (basic) flow on, guests can call AssumeRoleWithWebIdentity themselves and
 * escape the scope-down, so those grants do work: no warning then (the pool already warns
 * that the classic flow is on).
 */

/**
 * Add a warning for each guest role granted actions the scope-down never lets through. Guest
 * roles: the roles the pool hands out that only guests can get (`guestOnlyReason`). It only
 * warns: nothing here fails synthesis.
 */
export function warnAboutGuestGrants(pool: DefaultRoles, rolesHandedOut: iam.IRole[], classicFlow: boolean, policies: PolicyReader): void {
  if (classicFlow) {
    return;
  }
  for (const role of rolesHandedOut) {
    if (!guestOnlyReason(role, pool)) continue;
    const dead = deadGuestActions(grantedActions(role, policies));
    if (dead.length === 0) continue;
    Annotations.of(pool).addWarningV2(
      `cdk-identity-pool:guestScopeDown:${role.node.path}`,
      `The guest role ${role.node.path} is granted ${dead.join(', ')}, which guests never get in the enhanced flow: ` +
        'Cognito gives guest credentials a session policy that only allows a fixed list of services ' +
        '(S3, DynamoDB, Lambda, KMS Encrypt/Decrypt/ReEncrypt*/GenerateDataKey* and others; see docs/simulator.md), ' +
        'so these grants do nothing. Remove them, or grant them to authenticated users.',
    );
  }
}

/** Of granted action patterns, those the guest scope-down never lets through (in order, once each). */
export function deadGuestActions(actions: string[]): string[] {
  return [...new Set(actions.filter((a) => scopeDownReach(a) === ScopeDownReach.NONE))];
}

/**
 * The actions the Allow statements of the policies attached to a role grant (`PolicyReader.attachedTo`),
 * as far as they resolve to literal strings. NotAction statements are skipped (they name what
 * is not granted).
 */
export function grantedActions(role: iam.IRole, policies: PolicyReader): string[] {
  return policies.attachedTo(role)
    .flatMap((policy) => policy.statements)
    .filter((statement) => statement?.Effect === 'Allow')
    .flatMap((statement) => oneOrMany(statement.Action))
    .filter((action): action is string => typeof action === 'string');
}
