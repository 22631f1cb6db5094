import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { IdentityPool, IIdentityPool } from './identity-pool';
import { IdentityProvider } from './identity-provider';
import * as v from './private/validation';

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
   * The service refuses to change it once set. Changing it here therefore REPLACES the pool:
   * CloudFormation creates a new pool (new identity ids for every user) and removes the old
   * one per the pool's removal policy (kept by default). Choose it once.
   */
  readonly providerName: string;
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
   * This provider as an `IdentityProvider`, for role mappings and principal tags: the
   * service names it by the developer provider name.
   */
  public readonly provider: IdentityProvider;

  constructor(scope: Construct, id: string, props: DeveloperProviderProps) {
    super(scope, id);
    v.validateString(this, 'providerName', props.providerName, v.DEVELOPER_PROVIDER_NAME);
    this.providerName = props.providerName;
    this.identityPool = props.identityPool;
    this.provider = IdentityProvider.developer(props.providerName);
    if (props.identityPool instanceof IdentityPool) {
      props.identityPool._setDeveloperProvider(this, props.providerName);
    }
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
