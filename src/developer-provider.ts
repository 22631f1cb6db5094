import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { IIdentityPool } from './identity-pool-interfaces';
import { IdentityProvider } from './identity-provider';
import { hooksOf } from './private/pool/pool-hooks';
import * as v from './private/validation';
import * as limits from './service/limits';

/**
 * Properties of a `DeveloperProvider`.
 */
export interface DeveloperProviderProps {
  /**
   * The pool. On a pool of this stack the construct sets its developer provider name; on an
   * imported pool (whose name was set elsewhere) it only grants.
   */
  readonly identityPool: IIdentityPool;

  /**
   * The developer provider name, the "domain" by which Cognito refers to your users:
   * 1-128 characters of letters, digits and `._-`.
   *
   * Adding a developer provider to a deployed pool that has none is an in-place update: the
   * pool, and every identity id of its users, stays. Once set, the service refuses to change
   * or remove the name: a stack update that changes it fails and rolls back, nothing lost.
   * The library never replaces the pool to get around that (a new pool would give every user
   * a new identity id). Choose the name once.
   */
  readonly providerName: string;

  /**
   * Whether your backend passes session tags per call, in the `PrincipalTags` of
   * `GetOpenIdTokenForDeveloperIdentity`. Tagged sessions need `sts:TagSession` in the trust
   * policy of the role a user gets: with `true`, every role the pool made for signed-in users
   * allows it (with the same `aud` and `amr` conditions); without it, the service gives such
   * users no credentials. A developer provider takes no principal-tag map.
   *
   * On an imported pool the library cannot change the roles: it leaves a warning.
   *
   * @default false
   */
  readonly sessionTags?: boolean;
}

/**
 * Developer-authenticated identities: your backend authenticates users and asks the pool
 * for their identity and OpenID token (`GetOpenIdTokenForDeveloperIdentity`).
 */
export class DeveloperProvider extends Construct {
  /** The developer provider name. */
  public readonly providerName: string;

  /** The pool. */
  public readonly identityPool: IIdentityPool;

  /**
   * This provider as an `IdentityProvider`: its `loginsKey` is the developer provider name,
   * the key of `Logins` in `GetOpenIdTokenForDeveloperIdentity`. It takes no principal-tag
   * map: pass session tags per call, in that operation's `PrincipalTags`.
   */
  public readonly provider: IdentityProvider;

  constructor(scope: Construct, id: string, props: DeveloperProviderProps) {
    super(scope, id);
    v.validateString(this, 'providerName', props.providerName, limits.DEVELOPER_PROVIDER_NAME);
    this.providerName = props.providerName;
    this.identityPool = props.identityPool;
    this.provider = IdentityProvider.developer(props.providerName);
    // A pool of this stack takes the name; an imported pool's was set elsewhere.
    hooksOf(props.identityPool)?._setDeveloperProvider(this, props.providerName, props.sessionTags ?? false);
  }

  /** Grant `GetOpenIdTokenForDeveloperIdentity` on the pool: what a login backend needs. */
  public grantGetOpenIdToken(grantee: iam.IGrantable): iam.Grant {
    return this.identityPool.grant(grantee, 'cognito-identity:GetOpenIdTokenForDeveloperIdentity');
  }

  /** Grant `LookupDeveloperIdentity` on the pool. */
  public grantLookup(grantee: iam.IGrantable): iam.Grant {
    return this.identityPool.grant(grantee, 'cognito-identity:LookupDeveloperIdentity');
  }

  /** Grant `MergeDeveloperIdentities` on the pool. */
  public grantMerge(grantee: iam.IGrantable): iam.Grant {
    return this.identityPool.grant(grantee, 'cognito-identity:MergeDeveloperIdentities');
  }

  /** Grant `UnlinkDeveloperIdentity` on the pool. */
  public grantUnlink(grantee: iam.IGrantable): iam.Grant {
    return this.identityPool.grant(grantee, 'cognito-identity:UnlinkDeveloperIdentity');
  }
}
