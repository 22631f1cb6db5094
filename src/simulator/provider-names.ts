import { QuestionResolver } from './from-stack';
import { Unresolved } from '../iam/unresolved';
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
