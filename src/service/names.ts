/*
 * How the service names providers and where a name's region comes from (Cognito developer
 * guide, "Role-based access control" and "Using attributes for access control"; the
 * SetIdentityPoolRoles and SetPrincipalTagAttributeMap API references).
 */

/** The `Logins` domains of the public login providers. */
export const LOGIN_DOMAINS = {
  google: 'accounts.google.com',
  facebook: 'graph.facebook.com',
  amazon: 'www.amazon.com',
  apple: 'appleid.apple.com',
  twitter: 'api.twitter.com',
} as const;

/** The public login domains, as a list. */
export const PUBLIC_LOGIN_DOMAINS: readonly string[] = Object.values(LOGIN_DOMAINS);

/**
 * The region a user pool id names (the part before `_`, as in `eu-west-1_abc`), or undefined
 * for a string that is not a user pool id. A user pool's names carry this region, whatever the
 * region of the identity pool that federates it.
 */
export function userPoolRegion(userPoolId: string): string | undefined {
  return /^([a-z0-9-]+)_[0-9a-zA-Z]+$/.exec(userPoolId)?.[1];
}

/** A user pool's provider name with `:<appClientId>`: its role-mapping key, never its principal-tag name. */
export const USER_POOL_WITH_CLIENT = /^cognito-idp\.[\w-]+\.amazonaws\.com(?:\.cn)?\/[\w-]+_[0-9a-zA-Z]+:.+$/;

/** Whether a provider name is a user pool's (`cognito-idp.<region>.<suffix>/<userPoolId>`). */
export function isUserPoolName(name: string): boolean {
  return name.startsWith('cognito-idp.');
}

/** Whether a provider name is an IAM OIDC provider's ARN. */
export function isOidcProviderArn(name: string): boolean {
  return name.includes(':oidc-provider/');
}

/** The region an identity pool id names (`<region>:<guid>`). */
export function poolIdRegion(identityPoolId: string): string {
  return identityPoolId.slice(0, identityPoolId.indexOf(':'));
}
