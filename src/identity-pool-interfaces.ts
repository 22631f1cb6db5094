import { IResource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IdentityProvider } from './identity-provider';

/**
 * Options for `addPrincipalTags`: which principal tags (attributes for access control)
 * the pool puts on the sessions of users of one provider.
 *
 * Give either `tags` or `useDefaults: true`.
 */
export interface PrincipalTagOptions {
  /**
   * Principal tag name to the claim of the provider's token it takes its value from,
   * for example `{ department: 'custom:department' }`. At most 50 tags; names 1-128
   * characters, claims 1-256.
   *
   * @default - no custom map (`useDefaults` must be true)
   */
  readonly tags?: { [tag: string]: string };

  /**
   * Use the service's default map for the provider: `client` from `aud` and `username` from
   * `sub` for user pools, Google, Apple, Facebook, Twitter and OIDC providers; `username`
   * from `user_id` for Login with Amazon.
   *
   * @default false
   */
  readonly useDefaults?: boolean;
}

/**
 * An identity pool, made in this stack or imported.
 */
export interface IIdentityPool extends IResource {
  /**
   * The id of the identity pool, `REGION:GUID`.
   * @attribute
   */
  readonly identityPoolId: string;

  /**
   * The ARN of the identity pool.
   * @attribute
   */
  readonly identityPoolArn: string;

  /** Grant the given actions on this pool (and nothing else) to the grantee. */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;

  /** Grant `DescribeIdentity` and `ListIdentities` on this pool. */
  grantReadIdentities(grantee: iam.IGrantable): iam.Grant;

  /** Grant `DeleteIdentities` on this pool. */
  grantDeleteIdentities(grantee: iam.IGrantable): iam.Grant;

  /**
   * Map claims of a provider's tokens to principal tags (attributes for access control),
   * which the pool puts on its users' sessions as session tags.
   *
   * The map is keyed by the provider's `principalTagName`: one map per user pool (shared by
   * its app clients), an OIDC provider's by its ARN. A developer provider takes none.
   *
   * On a pool of this stack it is an `AWS::Cognito::IdentityPoolPrincipalTag` resource. On an
   * imported pool the library's settings custom resource writes it
   * (`SetPrincipalTagAttributeMap`), refuses to overwrite a map set elsewhere, and puts the
   * provider back to no map on delete.
   */
  addPrincipalTags(provider: IdentityProvider, options: PrincipalTagOptions): void;

  /**
   * Turn the basic (classic) authentication flow on or off.
   *
   * On a pool made in this stack this is the `AllowClassicFlow` property. On an imported
   * pool the settings custom resource reads the pool, changes only this field and writes
   * the rest back unchanged; on delete the previous value is restored.
   */
  configureClassicFlow(allow: boolean): void;

  /**
   * TypeScript name of `configureClassicFlow` (jsii reserves `setXxx` names for Java
   * property setters, so other languages have only `configureClassicFlow`).
   *
   * @jsii ignore
   */
  setAllowClassicFlow(allow: boolean): void;
}
