import { QuestionResolver } from './from-stack';
import { PoolView } from './pool-view';
import { Unresolved } from '../iam/unresolved';
import { oneOrMany } from '../iam/values';
import { IdentityProvider, IdentityProviderType } from '../identity-provider';
import { LOGIN_DOMAINS } from '../service/names';

/** The names of a provider, resolved with the template's stand-ins (the service names one provider three ways). */
export interface ProviderNames {
  readonly type: IdentityProviderType;
  /** How messages name the provider. */
  readonly label: string;
  readonly loginsKey: string | Unresolved;
  /** The role-mapping name (an OIDC provider's is its ARN). */
  readonly roleMappingName: string | Unresolved;
  readonly principalTagName?: string | Unresolved;
  /** A user pool's app client id. */
  readonly clientId?: string | Unresolved;
  /** An IAM OIDC or SAML provider's ARN. */
  readonly arn?: string | Unresolved;
  /** What a token's `aud` is, when the template says (a user pool's app client id, a public provider's app id). */
  readonly audience?: string | Unresolved;
}

/** A provider's names as the template deploys them. */
export function providerNames(provider: IdentityProvider, tokens: QuestionResolver): ProviderNames {
  const r = (value: string | undefined) => (value === undefined ? undefined : tokens.resolveToken(value));
  const d = provider._details;
  const oidc = provider.type === IdentityProviderType.OPEN_ID_CONNECT;
  let audience: string | Unresolved | undefined;
  if (provider.type === IdentityProviderType.USER_POOL) {
    audience = r(d.userPoolClientId);
  } else if (provider.type === IdentityProviderType.SOCIAL && provider.loginsKey !== LOGIN_DOMAINS.twitter) {
    audience = r(d.appId);
  }
  return {
    type: provider.type,
    label: provider.toString(),
    loginsKey: r(provider.loginsKey)!,
    // An OIDC provider's role-mapping name is its ARN.
    roleMappingName: oidc ? r(d.arn)! : r(provider.roleMappingKey)!,
    principalTagName: oidc ? r(d.arn) : r(provider.principalTagName),
    clientId: r(d.userPoolClientId),
    arn: r(d.arn),
    audience,
  };
}

/**
 * A provider known only by the name its users send in `Logins` (`IdentityPoolSimulator.fromTemplate`):
 * its other names read off the pool's configuration. A user pool provider needs the app
 * client, which the token's `aud` names: given, or the user pool's only client in the pool.
 */
export function loginNames(view: PoolView, loginsKey: string, audience: string | undefined): ProviderNames {
  const pool = view.pool;
  const clients = appClientsOf(view, loginsKey);
  if (clients.length > 0) {
    if (audience === undefined && clients.length > 1) {
      throw new Error(`IdentityPoolSimulator.signIn: invalid claims for ${loginsKey}: the pool accepts ${clients.length} app clients of this user pool ` +
        `(${clients.join(', ')}); give the token's aud, the app client id`);
    }
    const clientId = audience ?? clients[0];
    return {
      type: IdentityProviderType.USER_POOL,
      label: `user pool ${loginsKey} with app client ${JSON.stringify(clientId)}`,
      loginsKey,
      roleMappingName: `${loginsKey}:${clientId}`,
      principalTagName: loginsKey,
      clientId,
      audience: clientId,
    };
  }
  const social = pool.SupportedLoginProviders ?? {};
  if (typeof social === 'object' && Object.prototype.hasOwnProperty.call(social, loginsKey)) {
    const appId = social[loginsKey];
    return {
      type: IdentityProviderType.SOCIAL,
      label: loginsKey,
      loginsKey,
      roleMappingName: loginsKey,
      principalTagName: loginsKey,
      audience: loginsKey === LOGIN_DOMAINS.twitter ? undefined : appId,
    };
  }
  const oidc = oneOrMany(pool.OpenIdConnectProviderARNs).find((arn: any) => typeof arn === 'string' && issuerOf(arn) === loginsKey);
  if (oidc !== undefined) {
    return { type: IdentityProviderType.OPEN_ID_CONNECT, label: `OpenID Connect provider ${oidc}`, loginsKey, roleMappingName: oidc, principalTagName: oidc, arn: oidc };
  }
  if (oneOrMany(pool.SamlProviderARNs).includes(loginsKey)) {
    return { type: IdentityProviderType.SAML, label: `SAML provider ${loginsKey}`, loginsKey, roleMappingName: loginsKey, principalTagName: loginsKey, arn: loginsKey };
  }
  if (pool.DeveloperProviderName === loginsKey) {
    return { type: IdentityProviderType.DEVELOPER, label: `developer provider ${JSON.stringify(loginsKey)}`, loginsKey, roleMappingName: loginsKey };
  }
  // Not a provider of the pool: the sign-in is refused, as the service would refuse the login.
  return { type: IdentityProviderType.CUSTOM, label: `provider ${JSON.stringify(loginsKey)}`, loginsKey, roleMappingName: loginsKey, principalTagName: loginsKey };
}

/**
 * The app client ids the pool accepts for a user pool, by the name its users send in `Logins`
 * (none for other providers), as resolved: an id may be unresolved.
 */
export function appClientsOf(view: PoolView, loginsKey: string): any[] {
  return oneOrMany(view.pool.CognitoIdentityProviders).filter((p: any) => p?.ProviderName === loginsKey).map((p: any) => p.ClientId);
}

/** The names the pool accepts in `Logins`, as its template configures them (unresolved ones left out). */
export function acceptedLogins(view: PoolView): string[] {
  const pool = view.pool;
  const names = [
    ...oneOrMany(pool.CognitoIdentityProviders).map((p: any) => p?.ProviderName),
    ...Object.keys(typeof pool.SupportedLoginProviders === 'object' && pool.SupportedLoginProviders ? pool.SupportedLoginProviders : {}),
    ...oneOrMany(pool.OpenIdConnectProviderARNs).map((arn: any) => (typeof arn === 'string' ? issuerOf(arn) : undefined)),
    ...oneOrMany(pool.SamlProviderARNs),
    pool.DeveloperProviderName,
  ];
  return [...new Set(names.filter((n): n is string => typeof n === 'string'))];
}

/** An IAM OIDC provider's issuer (host and path), from its ARN (`...:oidc-provider/<issuer>`). */
function issuerOf(arn: string): string | undefined {
  const at = arn.indexOf(':oidc-provider/');
  return at < 0 ? undefined : arn.slice(at + ':oidc-provider/'.length);
}
