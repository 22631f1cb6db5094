import type * as cognito from 'aws-cdk-lib/aws-cognito';
import { IConstruct } from 'constructs';
import { IdentityProvider, IdentityProviderType } from '../../identity-provider';
import * as limits from '../../service/limits';
import * as v from '../validation';

/**
 * The authentication providers of one pool, validated as they are added, and their rendering
 * into the pool's properties, each kind under the name the pool lists it by.
 */
export class PoolProviders {
  private readonly providers: IdentityProvider[] = [];

  /** @param pool the pool: errors name it */
  constructor(private readonly pool: IConstruct) {}

  /** Add a provider users sign in with; refuses kinds a pool does not list, duplicates and bad names. */
  public add(provider: IdentityProvider): void {
    const pool = this.pool;
    if (provider.type === IdentityProviderType.DEVELOPER) {
      throw new Error(
        `${pool.node.path}: authenticationProviders: a developer provider is declared with new DeveloperProvider(scope, id, { identityPool, providerName }), not as an authentication provider`,
      );
    }
    if (provider.type === IdentityProviderType.CUSTOM) {
      v.refuse(pool, `invalid authenticationProviders entry ${provider}`,
        'IdentityProvider.custom names a provider of a pool this stack does not own; use userPool, google, facebook, amazon, apple, twitter, openIdConnect or saml');
    }
    if (this.providers.some((p) => p.sameAs(provider))) {
      v.refuse(pool, `invalid authenticationProviders entry ${provider}`, 'the provider is already added; a pool takes each provider once');
    }
    const d = provider._details;
    if (provider.type === IdentityProviderType.USER_POOL) {
      v.validateString(pool, 'user pool provider name', d.userPoolProviderName, limits.COGNITO_PROVIDER_NAME);
      v.validateString(pool, 'user pool client id', d.userPoolClientId, limits.COGNITO_CLIENT_ID);
    } else if (provider.type === IdentityProviderType.SOCIAL) {
      v.validateString(pool, `${provider.loginsKey} app id`, d.appId, limits.LOGIN_PROVIDER_ID);
    }
    // SupportedLoginProviders holds at most 10 entries; the five public providers, each
    // taken once, cannot exceed it, so there is nothing to count there.
    if (provider.type === IdentityProviderType.USER_POOL) {
      const userPools = this.providers.filter((p) => p.type === IdentityProviderType.USER_POOL).length + 1;
      v.validateCount(pool, 'user pool providers (CognitoIdentityProviders)', userPools, 0, limits.MAX_USER_POOL_PROVIDERS);
    }
    this.providers.push(provider);
  }

  /** The providers, in the order they were added. */
  public get all(): IdentityProvider[] {
    return [...this.providers];
  }

  /** Whether the provider is one of them. */
  public has(provider: IdentityProvider): boolean {
    return this.providers.some((p) => p.sameAs(provider));
  }

  /** `CognitoIdentityProviders`: each user pool with its app client. */
  public userPools(): cognito.CfnIdentityPool.CognitoIdentityProviderProperty[] {
    return this.ofType(IdentityProviderType.USER_POOL).map((p) => ({
      providerName: p._details.userPoolProviderName!,
      clientId: p._details.userPoolClientId!,
      serverSideTokenCheck: p._details.serverSideTokenCheck,
    }));
  }

  /** `SupportedLoginProviders`: login domain to app id, or undefined when there is none. */
  public logins(): { [name: string]: string } | undefined {
    const social = this.ofType(IdentityProviderType.SOCIAL);
    return social.length === 0 ? undefined : Object.fromEntries(social.map((p) => [p.loginsKey, p._details.appId!]));
  }

  /** `OpenIdConnectProviderARNs` or `SamlProviderARNs`. */
  public arns(type: IdentityProviderType.OPEN_ID_CONNECT | IdentityProviderType.SAML): string[] {
    return this.ofType(type).map((p) => p._details.arn!);
  }

  private ofType(type: IdentityProviderType): IdentityProvider[] {
    return this.providers.filter((p) => p.type === type);
  }
}
