import { Aws, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { LOGIN_DOMAINS, userPoolRegion } from './service/names';

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
   * for principal tags.
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
 * An identity provider of an identity pool.
 *
 * The Cognito Identity service does not name a provider the same way everywhere: a user
 * pool's role-mapping key carries the app client id and its principal-tag name does not, an
 * OpenID Connect provider's role mappings and principal-tag map are keyed by its ARN while
 * clients log in with its issuer. This class knows each of those names (`loginsKey`, `roleMappingKey`,
 * `principalTagName`) and the library uses each only where the service reads it.
 *
 * Create one with the static factory methods. Providers made twice from the same thing (a
 * user pool and client, the same IAM OIDC or SAML provider, the same public login domain)
 * are the same provider for every check and render.
 */
export class IdentityProvider {
  /**
   * A Cognito user pool and one of its app clients.
   *
   * - `loginsKey` and `principalTagName`: `cognito-idp.<region>.amazonaws.com/<userPoolId>`
   *   (all app clients of a user pool share one principal-tag map);
   * - `roleMappingKey`: `cognito-idp.<region>.amazonaws.com/<userPoolId>:<appClientId>`.
   *
   * `<region>` is the user pool's own region, which may differ from the stack's. With a
   * literal user pool id (`UserPool.fromUserPoolId(this, 'U', 'eu-west-1_abc')`) it is taken
   * from the id, the part before `_`; aws-cdk-lib's `userPoolProviderName` of such an import
   * names the stack's region instead. With an id that is a token (a user pool made in a
   * stack, `fromUserPoolArn` with a token) the pool's `userPoolProviderName` is used as it
   * is: the `ProviderName` attribute of a pool made in a stack, the ARN's region for
   * `fromUserPoolArn`, and the stack's region for `fromUserPoolId`, so a token id passed to
   * `fromUserPoolId` is assumed to name a pool of the stack's region.
   */
  public static userPool(
    userPool: cognito.IUserPool,
    client: cognito.IUserPoolClient,
    options: UserPoolProviderOptions = {},
  ): IdentityProvider {
    const providerName = userPoolProviderName(userPool);
    const clientId = client.userPoolClientId;
    return new IdentityProvider({
      type: IdentityProviderType.USER_POOL,
      loginsKey: providerName,
      roleMappingKey: `${providerName}:${clientId}`,
      principalTagName: providerName,
      identity: `${providerName}:${clientId}`,
      label: `user pool ${nameOf(userPool, userPool.userPoolId)} with app client ${nameOf(client, clientId)}`,
      details: {
        userPoolProviderName: providerName,
        userPoolClientId: clientId,
        serverSideTokenCheck: options.serverSideTokenCheck ?? true,
        source: userPool,
      },
    });
  }

  /** Google, with the OAuth client id of your app (`accounts.google.com`). */
  public static google(clientId: string): IdentityProvider {
    return IdentityProvider.login(LOGIN_DOMAINS.google, clientId);
  }

  /** Facebook, with your app id (`graph.facebook.com`). */
  public static facebook(appId: string): IdentityProvider {
    return IdentityProvider.login(LOGIN_DOMAINS.facebook, appId);
  }

  /** Login with Amazon, with your app id (`www.amazon.com`). */
  public static amazon(appId: string): IdentityProvider {
    return IdentityProvider.login(LOGIN_DOMAINS.amazon, appId);
  }

  /** Sign in with Apple, with your services id (`appleid.apple.com`). */
  public static apple(servicesId: string): IdentityProvider {
    return IdentityProvider.login(LOGIN_DOMAINS.apple, servicesId);
  }

  /**
   * Twitter, with your app's consumer key and secret (`api.twitter.com`).
   *
   * The service stores them together as `consumerKey;consumerSecret` in the pool's
   * configuration, which is readable by anyone allowed to describe the pool.
   */
  public static twitter(consumerKey: string, consumerSecret: string): IdentityProvider {
    return IdentityProvider.login(LOGIN_DOMAINS.twitter, `${consumerKey};${consumerSecret}`);
  }

  /**
   * An IAM OpenID Connect provider.
   *
   * - `loginsKey`: its issuer, host and path without `https://` (it must equal the token's `iss`);
   * - `roleMappingKey` and `principalTagName`: its ARN, the name the pool lists it by
   *   (`OpenIdConnectProviderARNs`).
   */
  public static openIdConnect(provider: iam.IOpenIdConnectProvider): IdentityProvider {
    // aws-cdk-lib computes the issuer as a new token on every read: read it once, and tell
    // providers apart by the ARN, which is stable.
    const issuer = provider.openIdConnectProviderIssuer;
    const arn = provider.openIdConnectProviderArn;
    return new IdentityProvider({
      type: IdentityProviderType.OPEN_ID_CONNECT,
      loginsKey: issuer,
      // The service keys role mappings of an OIDC provider by its ARN, as it keys the pool's
      // OIDC providers (docs/service-contract.md §1): a mapping under the issuer is refused.
      roleMappingKey: arn,
      principalTagName: arn,
      identity: arn,
      label: `OpenID Connect provider ${nameOf(provider, arn)}`,
      details: { arn, source: provider },
    });
  }

  /** An IAM SAML provider; the service names it by its ARN everywhere. */
  public static saml(provider: iam.ISamlProvider): IdentityProvider {
    const arn = provider.samlProviderArn;
    return new IdentityProvider({
      type: IdentityProviderType.SAML,
      loginsKey: arn,
      roleMappingKey: arn,
      principalTagName: arn,
      identity: arn,
      label: `SAML provider ${nameOf(provider, arn)}`,
      details: { arn, source: provider },
    });
  }

  /**
   * The pool's developer provider, by its developer provider name.
   *
   * Prefer `DeveloperProvider.provider`, which is this for the name the construct sets. A
   * developer provider has no principal-tag name: developer-authenticated identities get
   * session tags per call, through `PrincipalTags` of `GetOpenIdTokenForDeveloperIdentity`.
   */
  public static developer(developerProviderName: string): IdentityProvider {
    return new IdentityProvider({
      type: IdentityProviderType.DEVELOPER,
      loginsKey: developerProviderName,
      // Whether the service takes a developer provider name as a role-mapping key is
      // unsettled (docs/service-contract.md §1); it is the only name it could be.
      roleMappingKey: developerProviderName,
      principalTagName: undefined,
      identity: developerProviderName,
      label: `developer provider ${shown(developerProviderName)}`,
      details: {},
    });
  }

  /**
   * A provider known only by the name the service uses for it, taken as its Logins key,
   * role-mapping key and principal-tag name alike: for example
   * `cognito-idp.us-east-1.amazonaws.com/us-east-1_abc` (a user pool, for principal tags:
   * no app client id) or `graph.facebook.com`.
   *
   * Use it with pools this stack does not own (`IdentityPool.fromIdentityPoolId`). It cannot
   * be added to an owned pool as an authentication provider. For a provider whose names
   * differ by place (a user pool, an OIDC provider), prefer the typed factories with an
   * imported user pool or IAM provider (`UserPool.fromUserPoolId`,
   * `OpenIdConnectProvider.fromOpenIdConnectProviderArn`).
   */
  public static custom(providerName: string): IdentityProvider {
    return new IdentityProvider({
      type: IdentityProviderType.CUSTOM,
      loginsKey: providerName,
      roleMappingKey: providerName,
      principalTagName: providerName,
      identity: providerName,
      label: `provider ${shown(providerName)}`,
      details: {},
    });
  }

  private static login(domain: string, appId: string): IdentityProvider {
    return new IdentityProvider({
      type: IdentityProviderType.SOCIAL,
      loginsKey: domain,
      roleMappingKey: domain,
      principalTagName: domain,
      identity: domain,
      label: domain,
      details: { appId },
    });
  }

  /** What kind of provider this is. */
  public readonly type: IdentityProviderType;

  /**
   * The key of the `Logins` map that clients send (`GetId`, `GetCredentialsForIdentity`,
   * `GetOpenIdTokenForDeveloperIdentity`) for users of this provider. May be a token.
   */
  public readonly loginsKey: string;

  /**
   * The name the service keys this provider's role mapping by (`SetIdentityPoolRoles`,
   * `AWS::Cognito::IdentityPoolRoleAttachment`). May be a token.
   */
  public readonly roleMappingKey: string;

  /**
   * The name the service keys this provider's principal-tag map by
   * (`SetPrincipalTagAttributeMap`, `AWS::Cognito::IdentityPoolPrincipalTag`). May be a token.
   *
   * @default - none for a developer provider, whose identities get session tags per call
   */
  public readonly principalTagName?: string;

  /** @internal */
  public readonly _details: ProviderDetails;

  /**
   * What makes two providers the same provider: stable across reads, unlike some names.
   * @internal
   */
  public readonly _identity: string;

  /** @internal */
  public readonly _label: string;

  private constructor(spec: ProviderSpec) {
    this.type = spec.type;
    this.loginsKey = spec.loginsKey;
    this.roleMappingKey = spec.roleMappingKey;
    this.principalTagName = spec.principalTagName;
    this._identity = `${spec.type}|${spec.identity}`;
    this._label = spec.label;
    this._details = spec.details;
  }

  /** Whether the other provider is this same provider (made twice from the same thing). */
  public sameAs(other: IdentityProvider): boolean {
    return this._identity === other._identity;
  }

  /**
   * A readable name for messages: a user pool by its construct path and client, an OIDC or
   * SAML provider by its construct path, never a token placeholder.
   */
  public toString(): string {
    return this._label;
  }
}

/** @internal */
export interface ProviderDetails {
  readonly userPoolProviderName?: string;
  readonly userPoolClientId?: string;
  readonly serverSideTokenCheck?: boolean;
  readonly appId?: string;
  readonly arn?: string;
  /** The construct the provider was made from (a user pool, an IAM OIDC or SAML provider). */
  readonly source?: IConstruct;
}

interface ProviderSpec {
  readonly type: IdentityProviderType;
  readonly loginsKey: string;
  readonly roleMappingKey: string;
  readonly principalTagName: string | undefined;
  readonly identity: string;
  readonly label: string;
  readonly details: ProviderDetails;
}

/**
 * The user pool's provider name, `cognito-idp.<region>.<urlSuffix>/<userPoolId>`, in the
 * region its id names (the service names a user pool by its own region).
 *
 * aws-cdk-lib's `UserPool.fromUserPoolId` builds `userPoolProviderName` from the region of the
 * stack it is imported into, which names no user pool when the pool lives in another region.
 * With a literal id the region is taken from the id; the URL suffix stays the partition's
 * (`AWS::URLSuffix`: an identity pool federates user pools of its own partition only). For a
 * pool of the stack's own region this is exactly the name aws-cdk-lib builds, so templates do
 * not change. A literal name that already carries the id's region is kept as given.
 *
 * With an unresolved id (a user pool made in a stack, or `fromUserPoolArn` with a token) the
 * pool's own `userPoolProviderName` is used: the `ProviderName` attribute for a pool made in a
 * stack, the ARN's region for `fromUserPoolArn`, the stack's region for `fromUserPoolId`.
 */
function userPoolProviderName(userPool: cognito.IUserPool): string {
  const given = userPool.userPoolProviderName;
  const region = Token.isUnresolved(userPool.userPoolId) ? undefined : userPoolRegion(userPool.userPoolId);
  if (region === undefined) {
    return given;
  }
  if (!Token.isUnresolved(given) && given.startsWith(`cognito-idp.${region}.`)) {
    return given;
  }
  return `cognito-idp.${region}.${Aws.URL_SUFFIX}/${userPool.userPoolId}`;
}

/** A construct by its literal name when it has one, else by its construct path. */
function nameOf(construct: IConstruct, name: string): string {
  return Token.isUnresolved(name) ? construct.node.path : shown(name);
}

function shown(value: string): string {
  return Token.isUnresolved(value) ? '(a token)' : JSON.stringify(value);
}
