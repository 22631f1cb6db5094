import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { trustedAmr, TrustedAmr } from '../roles/policy-reader';
import { madeRole } from '../roles/pool-roles';

/** The default roles of a pool: what the guest-role test needs of it. */
export interface DefaultRoles extends IConstruct {
  readonly authenticatedRole: iam.IRole;
  readonly unauthenticatedRole?: iam.IRole;
}

/**
 * Why a role is one only guests can get from a pool, or undefined when signed-in users may get
 * it too. The one definition behind the refusals of a guest role where only signed-in users
 * are served (a role mapping rule, `grantPrincipalTagFolder`) and the warning about guest
 * grants that the enhanced flow's scope-down drops (./guest-scope.ts). A role is for
 * guests only when it is not the pool's `authenticatedRole` (the pool hands that one to
 * signed-in users) and either
 *
 * 1. a pool made it for `amr` = unauthenticated (its default guest role): its trust admits
 *    only that pool's guests, by construction; or
 * 2. it is the pool's `unauthenticatedRole` and its trust policy does not name
 *    `amr` = authenticated: the pool hands it to guests only, and nothing says it is meant for
 *    signed-in users too (no `amr` condition, or a trust we cannot read: an imported role, a
 *    token, no Cognito statement).
 *
 * Why this and not the trust policy alone (any role whose trust admits only
 * `amr` = unauthenticated): these checks judge the pool's configuration, which roles it hands
 * to whom (docs/service-contract.md §4: the unauthenticated role goes to guests, mappings choose
 * among roles of signed-in users), and that configuration is always known while a trust
 * policy may be imported or a token. A role with a guests-only trust that a mapping hands to
 * signed-in users is a broken trust (STS refuses them credentials, §6; the simulator shows it),
 * not a guest role. And why not the configuration alone: a guest role whose trust explicitly
 * admits `amr` = authenticated is meant for signed-in users too; a mapping may hand it to
 * them, and then its grants are alive.
 */
export function guestOnlyReason(role: iam.IRole, pool: DefaultRoles): string | undefined {
  if (role === pool.authenticatedRole) {
    return undefined;
  }
  const made = madeRole(role);
  if (made?.amr === 'unauthenticated') {
    return `it is a guest role: it trusts only the unauthenticated identities of ${made.pool.node.path} (amr = unauthenticated)`;
  }
  if (role === pool.unauthenticatedRole && trustedAmr(role) !== TrustedAmr.AUTHENTICATED) {
    return `it is the unauthenticatedRole (guest role) of ${pool.node.path}`;
  }
  return undefined;
}
