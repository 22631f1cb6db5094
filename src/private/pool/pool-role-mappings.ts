import { Names, Token } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PoolRoleMapping } from './pool-hooks';
import * as limits from '../../service/limits';
import { DefaultRoles, guestOnlyReason } from '../guests/guest-roles';
import * as v from '../validation';

/**
 * The role mappings of one pool, one per provider, rendered into the pool's one role
 * attachment: the service keeps one role configuration per pool (SetIdentityPoolRoles replaces
 * all of it).
 */
export class PoolRoleMappings {
  private readonly mappings: PoolRoleMapping[] = [];

  /** @param pool the pool and its default roles */
  constructor(private readonly pool: DefaultRoles) {}

  /** Add a mapping: role mappings choose among the roles of signed-in users, one mapping per provider. */
  public add(mapping: PoolRoleMapping): void {
    mapping._roles().forEach((role, i) => {
      const guest = guestOnlyReason(role, this.pool);
      if (guest) {
        v.refuse(mapping, `invalid rules[${i}].role ${role.node.path}`,
          `${guest}; a role mapping chooses the role of signed-in (authenticated) users, so the service could never ` +
            'hand it to them; use a role made with createRole');
      }
    });
    const existing = this.mappings.find((m) => m.provider.sameAs(mapping.provider));
    if (existing) {
      v.refuse(mapping, `invalid provider ${mapping.provider}`, `${existing.node.path} already maps it; a pool takes one role mapping per provider`);
    }
    this.mappings.push(mapping);
    v.validateCount(mapping, `role mappings of ${this.pool.node.path}`, this.mappings.length, 0, limits.MAX_ROLE_MAPPINGS);
  }

  /** The mappings, in the order they were made. */
  public get all(): PoolRoleMapping[] {
    return [...this.mappings];
  }

  /** The roles the mappings' rules hand out. */
  public ruleRoles(): iam.IRole[] {
    return this.mappings.flatMap((m) => m._roles());
  }

  /** Whether a mapping takes the role from the token (so any role that trusts the pool may be handed out). */
  public usesToken(): boolean {
    return this.mappings.some((m) => m._usesToken());
  }

  /** `RoleMappings` of the attachment, by key in a stable order, or undefined when there is none. */
  public render(): { [key: string]: cognito.CfnIdentityPoolRoleAttachment.RoleMappingProperty } | undefined {
    if (this.mappings.length === 0) {
      return undefined;
    }
    const entries = this.mappings.map((m) => {
      const name = m.provider.roleMappingKey;
      // A literal role-mapping key is its own key. A token (a user pool of this stack) cannot
      // be a JSON key, so the key is the mapping's stable unique id and CloudFormation takes
      // the provider from the IdentityProvider field, which every mapping carries.
      const key = Token.isUnresolved(name) ? Names.uniqueId(m) : name;
      return [key, m._render()] as const;
    });
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  }
}
