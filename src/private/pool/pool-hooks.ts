import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { IdentityProvider } from '../../identity-provider';

/**
 * What a pool needs of a role mapping, so that identity-pool.ts does not import
 * role-mapping.ts (which imports it).
 *
 * @internal
 */
export interface PoolRoleMapping extends IConstruct {
  readonly provider: IdentityProvider;
  /** The roles the mapping's rules hand out. */
  _roles(): iam.IRole[];
  /** Whether the role comes from the user's token. */
  _usesToken(): boolean;
  _render(): cognito.CfnIdentityPoolRoleAttachment.RoleMappingProperty;
}

/**
 * The hooks of the library's own pools that other constructs call. A pool this stack does not
 * own implements them too, by refusing or ignoring, so no construct needs to ask which kind of
 * pool it was given.
 *
 * @internal
 */
export interface PoolHooks {
  /** Render a role mapping into the pool's one role attachment. */
  _addRoleMapping(mapping: PoolRoleMapping): void;
  /**
   * Set the pool's developer provider name (an imported pool's was set elsewhere); with
   * `sessionTags`, the roles the pool hands to signed-in users allow `sts:TagSession`.
   */
  _setDeveloperProvider(scope: IConstruct, providerName: string, sessionTags: boolean): void;
}

/** The hooks of a pool, when it is one of the library's (a JavaScript caller may pass anything). */
export function hooksOf(pool: unknown): PoolHooks | undefined {
  const candidate = pool as Partial<PoolHooks> | undefined;
  return typeof candidate?._addRoleMapping === 'function' && typeof candidate._setDeveloperProvider === 'function'
    ? (candidate as PoolHooks)
    : undefined;
}
