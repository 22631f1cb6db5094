import { Annotations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { PolicyReader } from './policy-reader';
import { madeRole } from './pool-roles';
import { warnAboutTrust } from './trust';
import { PrincipalTagMaps } from '../principal-tags/principal-tag-maps';
import { unmappedTagWarnings, unmappedVariableErrors } from '../principal-tags/tag-reads';

/**
 * The IAM side of what a pool hands out, checked at synth: the roles must trust it (./trust.ts),
 * and the principal tags their policies read must be mapped (../principal-tags/tag-reads.ts).
 * Only what resolves to literal values is judged; tokens are skipped, never guessed.
 */

/** What the check needs to know of a pool. */
export interface HandedOutRoles {
  /** The pool: warnings are left on it. */
  readonly pool: IConstruct;
  readonly identityPoolId: string;
  /** The roles the pool hands out (`IdentityPool.rolesHandedOut`). */
  readonly roles: iam.IRole[];
  /** The roles whose sessions carry principal tags: the authenticated ones. */
  readonly tagged: ReadonlySet<iam.IRole>;
  /** Whether the pool has principal tags. */
  readonly sessionTagsInUse: boolean;
  /** The pool's principal-tag maps, or undefined when any tag may come (a developer backend passes them per call). */
  readonly maps?: PrincipalTagMaps;
  /** Tags asked for with `principalTagVariable`. */
  readonly requestedTags: Iterable<string>;
  /** The reader of the roles' policies, shared with the other checks of the synth. */
  readonly policies: PolicyReader;
}

/**
 * The roles a pool hands out must trust it, and the principal tags their policies read must be
 * mapped. Returns errors for what can never work; leaves warnings for what is probably wrong.
 */
export function checkRolesHandedOut(input: HandedOutRoles): string[] {
  const { pool, maps } = input;
  const errors: string[] = [];
  for (const role of input.roles) {
    const maker = madeRole(role)?.pool;
    if (maker && maker !== pool) {
      errors.push(
        `invalid role ${role.node.path}: it was made by ${maker.node.path}.createRole and trusts only that pool's identities, ` +
          'so this pool can never hand it out; make it with this pool\'s createRole',
      );
      continue;
    }
    if (!maker) {
      if (input.sessionTagsInUse && input.tagged.has(role)) {
        // Its trust policy is not ours to fix.
        Annotations.of(pool).addWarningV2(
          `cdk-identity-pool:sessionTags:${role.node.path}`,
          `Principal tags are in use and the role ${role.node.path} was not made by this pool: its trust policy must also allow ` +
            'sts:TagSession (with the same aud and amr conditions as sts:AssumeRoleWithWebIdentity), or users given it get no credentials.',
        );
      }
      warnAboutTrust(pool, role, input.identityPoolId);
    }
    if (maps) {
      unmappedTagWarnings(pool, role, maps, input.policies);
    }
  }
  if (maps) {
    errors.push(...unmappedVariableErrors(maps, input.requestedTags));
  }
  return errors;
}
