import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * The kinds of identity provider an identity pool can federate.
 */
export enum IdentityProviderType {
  /** An Amazon Cognito user pool with one of its app clients. */
  USER_POOL = 'USER_POOL',
  /** A public login provider (Google, Facebook, Login with Amazon, Sign in with Apple, Twitter). */
  SOCIAL = 'SOCIAL',
  /** An IAM OpenID Connect provider. */
  OPEN_ID_CONNECT = 'OPEN_ID_CONNECT',
  /** An IAM SAML provider. */
  SAML = 'SAML',
  /** The pool's developer provider (developer-authenticated identities). */
  DEVELOPER = 'DEVELOPER',
  /**
   * A provider known only by its name: a provider of a pool this stack does not own, used
   * for role mappings or principal tags.
   */
  CUSTOM = 'CUSTOM',
}

/**
 * Options for a Cognito user pool provider.
 */
export interface UserPoolProviderOptions {
  /**
   * Whether the identity pool checks with the user pool, on every credentials request,
   * that the user has not been signed out globally or deleted.
   *
   * @default true
   */
  readonly serverSideTokenCheck?: boolean;
}

/**
 * An identity provider of an identity pool: the name the Cognito Identity service knows it
 * by (the key of `Logins`, role mappings and principal tags) and how it is declared on the
 * pool.
 *
 * Create one with the static factory methods. Two providers made from the same user pool
 * and client (or the same name) are the same provider.
 */
export class IdentityProvider {
  /**
   * A Cognito user pool and one of its app clients.
   *
   * Its provider name is `cognito-idp.<region>.amazonaws.com/<userPoolId>:<clientId>`.
   */
  public static userPool(
    userPool: cognito.IUserPool,
    client: cognito.IUserPoolClient,
    options: UserPoolProviderOptions = {},
  ): IdentityProvider {
    const providerName = userPool.userPoolProviderName;
    const clientId = client.userPoolClientId;
    return new IdentityProvider(IdentityProviderType.USER_POOL, `${providerName}:${clientId}`, {
      userPoolProviderName: providerName,
      userPoolClientId: clientId,
      serverSideTokenCheck: options.serverSideTokenCheck ?? true,
    });
  }

  /** Google, with the OAuth client id of your app (`accounts.google.com`). */
  public static google(clientId: string): IdentityProvider {
    return IdentityProvider.login('accounts.google.com', clientId);
  }

  /** Facebook, with your app id (`graph.facebook.com`). */
  public static facebook(appId: string): IdentityProvider {
    return IdentityProvider.login('graph.facebook.com', appId);
  }

  /** Login with Amazon, with your app id (`www.amazon.com`). */
  public static amazon(appId: string): IdentityProvider {
    return IdentityProvider.login('www.amazon.com', appId);
  }

  /** Sign in with Apple, with your services id (`appleid.apple.com`). */
  public static apple(servicesId: string): IdentityProvider {
    return IdentityProvider.login('appleid.apple.com', servicesId);
  }

  /**
   * Twitter, with your app's consumer key and secret (`api.twitter.com`).
   *
   * The service stores them together as `consumerKey;consumerSecret` in the pool's
   * configuration, which is readable by anyone allowed to describe the pool.
   */
  public static twitter(consumerKey: string, consumerSecret: string): IdentityProvider {
    return IdentityProvider.login('api.twitter.com', `${consumerKey};${consumerSecret}`);
  }

  /** An IAM OpenID Connect provider; its provider name is its issuer (the ARN's resource part). */
  public static openIdConnect(provider: iam.IOpenIdConnectProvider): IdentityProvider {
    return new IdentityProvider(IdentityProviderType.OPEN_ID_CONNECT, provider.openIdConnectProviderIssuer, {
      arn: provider.openIdConnectProviderArn,
    });
  }

  /** An IAM SAML provider; its provider name is its ARN. */
  public static saml(provider: iam.ISamlProvider): IdentityProvider {
    return new IdentityProvider(IdentityProviderType.SAML, provider.samlProviderArn, {
      arn: provider.samlProviderArn,
    });
  }

  /**
   * The pool's developer provider, by its developer provider name.
   *
   * Prefer `DeveloperProvider.provider`, which is this for the name the construct sets.
   */
  public static developer(developerProviderName: string): IdentityProvider {
    return new IdentityProvider(IdentityProviderType.DEVELOPER, developerProviderName, {});
  }

  /**
   * A provider known only by the name the service uses for it, for example
   * `cognito-idp.us-east-1.amazonaws.com/us-east-1_abc:clientid` or `graph.facebook.com`.
   *
   * Use it with pools this stack does not own (`IdentityPool.fromIdentityPoolId`), whose
   * providers the library cannot see. It cannot be added to an owned pool as an
   * authentication provider.
   */
  public static custom(providerName: string): IdentityProvider {
    return new IdentityProvider(IdentityProviderType.CUSTOM, providerName, {});
  }

  private static login(providerName: string, appId: string): IdentityProvider {
    return new IdentityProvider(IdentityProviderType.SOCIAL, providerName, { appId });
  }

  /** What kind of provider this is. */
  public readonly type: IdentityProviderType;

  /**
   * The name the Cognito Identity service knows this provider by: the key of `Logins`,
   * of role mappings and of principal-tag maps. May be a token.
   */
  public readonly providerName: string;

  /** @internal */
  public readonly _details: ProviderDetails;

  private constructor(type: IdentityProviderType, providerName: string, details: ProviderDetails) {
    this.type = type;
    this.providerName = providerName;
    this._details = details;
  }
}

/** @internal */
export interface ProviderDetails {
  readonly userPoolProviderName?: string;
  readonly userPoolClientId?: string;
  readonly serverSideTokenCheck?: boolean;
  readonly appId?: string;
  readonly arn?: string;
}
