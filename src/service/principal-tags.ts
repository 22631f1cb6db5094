import { isOidcProviderArn, isUserPoolName, LOGIN_DOMAINS, PUBLIC_LOGIN_DOMAINS } from './names';

/*
 * Principal tags (attributes for access control): the map `UseDefaults: true` applies (Cognito
 * developer guide, "Using attributes for access control", "Default provider mappings").
 */

/** The principal tags `useDefaults: true` maps, for every kind of provider that has defaults. */
export const DEFAULT_PRINCIPAL_TAGS = ['client', 'username'];

/**
 * The default map of a provider, principal tag to claim, by its principal-tag name: user pools,
 * Google, Apple, Facebook, Twitter and OIDC providers map `aud` → `client` and `sub` →
 * `username`; Login with Amazon `aud` and `user_id`. Undefined for a provider the guide gives
 * no defaults for (SAML) and for a name of no known kind.
 */
export function defaultPrincipalTagMap(principalTagName: string): { [tag: string]: string } | undefined {
  if (principalTagName === LOGIN_DOMAINS.amazon) {
    return { client: 'aud', username: 'user_id' };
  }
  if (isUserPoolName(principalTagName) || PUBLIC_LOGIN_DOMAINS.includes(principalTagName) || isOidcProviderArn(principalTagName)) {
    return { client: 'aud', username: 'sub' };
  }
  return undefined;
}
