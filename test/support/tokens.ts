import { CognitoIdentityClient, GetCredentialsForIdentityCommand, GetIdCommand } from '@aws-sdk/client-cognito-identity';
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
 * GetCredentialsForIdentity with the same logins, and looks up the session the emulator
 * issued. Throws the service error (NotAuthorizedException, ...) when refused.
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
): Promise<IssuedCredentials> {
  const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }));
  const { Credentials } = await client.send(new GetCredentialsForIdentityCommand({ IdentityId: IdentityId!, Logins: logins }));
  const session = emulator.session(Credentials!.AccessKeyId!);
  if (!session) {
    throw new Error(`the emulator recorded no session for access key ${Credentials?.AccessKeyId}`);
  }
  return { identityId: IdentityId!, roleArn: session.roleArn, sessionTags: session.sessionTags, accessKeyId: Credentials!.AccessKeyId! };
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
