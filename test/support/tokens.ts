import { CognitoIdentityClient, GetCredentialsForIdentityCommand, GetIdCommand, GetOpenIdTokenForDeveloperIdentityCommand } from '@aws-sdk/client-cognito-identity';
import type { CognitoEmulator } from './cognito-emulator';

/**
 * Unsigned test JWTs (`alg: none`) that stand in for the identity tokens clients send in
 * `Logins`, and a helper that runs the real client flow (GetId + GetCredentialsForIdentity)
 * against the emulator and reports what STS would have issued.
 */

export type Claims = Record<string, unknown>;

export interface DecodedToken {
  readonly header: Record<string, unknown>;
  readonly claims: Claims;
}

/** `base64url({"alg":"none","typ":"JWT"}) + "." + base64url(claims) + "."` */
export function testToken(claims: Claims): string {
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
}

/** Decodes a JWT without checking any signature; throws on anything that is not one. */
export function decodeTestToken(token: string): DecodedToken {
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw new Error('a JWT has three dot-separated parts');
  }
  const header = parsePart(parts[0], 'header');
  const claims = parsePart(parts[1], 'claims');
  return { header, claims };
}

/**
 * A user pool ID token as Cognito user pools issue it: `iss` is `https://` + the login key
 * (`cognito-idp.<region>.amazonaws.com/<userPoolId>`), `aud` the app client id.
 */
export function userPoolIdToken(loginKey: string, clientId: string, claims: Claims = {}): string {
  return testToken({ iss: `https://${loginKey}`, aud: clientId, sub: 'user-sub', token_use: 'id', ...claims });
}

/** An OIDC ID token: `iss` is `https://` + the issuer (host and path), which is also the login key. */
export function oidcIdToken(issuer: string, audience: string, claims: Claims = {}): string {
  return testToken({ iss: `https://${issuer}`, aud: audience, sub: 'oidc-sub', ...claims });
}

/** What GetCredentialsForIdentity handed out, as the emulator recorded it. */
export interface IssuedCredentials {
  readonly identityId: string;
  readonly roleArn: string;
  readonly sessionTags: Record<string, string>;
  readonly accessKeyId: string;
}

/**
 * Runs the enhanced (simplified) client flow through the real SDK: GetId, then
 * GetCredentialsForIdentity with the same logins (and `CustomRoleArn` when given), and looks up
 * the session the emulator issued. Throws the service error (NotAuthorizedException, ...) when
 * refused.
 *
 * GetId and GetCredentialsForIdentity are unsigned, so they carry no SigV4 region: the
 * emulator takes their region from the endpoint path (`emulator.endpointFor(region)`),
 * like the real service takes it from the regional host name, else its default region.
 */
export async function credentialsFor(
  client: CognitoIdentityClient,
  emulator: CognitoEmulator,
  poolId: string,
  logins?: Record<string, string>,
  customRoleArn?: string,
): Promise<IssuedCredentials> {
  const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }));
  const { Credentials } = await client.send(new GetCredentialsForIdentityCommand({
    IdentityId: IdentityId!, Logins: logins, CustomRoleArn: customRoleArn,
  }));
  return issued(emulator, IdentityId!, Credentials?.AccessKeyId);
}

/** A developer identity's sign-in: who the backend vouches for, under which developer provider name. */
export interface DeveloperSignIn {
  /** The developer provider name (the key of `Logins` in GetOpenIdTokenForDeveloperIdentity). */
  readonly providerName: string;
  /** The backend's user identifier. */
  readonly user: string;
  /** `PrincipalTags` of GetOpenIdTokenForDeveloperIdentity. */
  readonly principalTags?: Record<string, string>;
  readonly customRoleArn?: string;
}

/**
 * A developer backend's GetOpenIdTokenForDeveloperIdentity (signed, with the pool's developer
 * provider name), then the client's GetCredentialsForIdentity with the OpenID token under
 * `cognito-identity.amazonaws.com`; returns the session the emulator issued.
 */
export async function developerCredentialsFor(
  client: CognitoIdentityClient,
  emulator: CognitoEmulator,
  poolId: string,
  signIn: DeveloperSignIn,
): Promise<IssuedCredentials> {
  const { IdentityId, Token: openIdToken } = await client.send(new GetOpenIdTokenForDeveloperIdentityCommand({
    IdentityPoolId: poolId, Logins: { [signIn.providerName]: signIn.user }, PrincipalTags: signIn.principalTags,
  }));
  const { Credentials } = await client.send(new GetCredentialsForIdentityCommand({
    IdentityId, Logins: { 'cognito-identity.amazonaws.com': openIdToken! }, CustomRoleArn: signIn.customRoleArn,
  }));
  return issued(emulator, IdentityId!, Credentials?.AccessKeyId);
}

function issued(emulator: CognitoEmulator, identityId: string, accessKeyId: string | undefined): IssuedCredentials {
  const session = accessKeyId ? emulator.session(accessKeyId) : undefined;
  if (!session) {
    throw new Error(`the emulator recorded no session for access key ${accessKeyId}`);
  }
  return { identityId, roleArn: session.roleArn, sessionTags: session.sessionTags, accessKeyId: accessKeyId! };
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function parsePart(part: string, what: string): Record<string, unknown> {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) {
    throw new Error(`the JWT ${what} is not base64url`);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new Error(`the JWT ${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`the JWT ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}
