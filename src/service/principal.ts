/*
 * The principal the pools' identities act as, and the condition keys of their sessions
 * (Cognito developer guide, "IAM roles": trust policies and "Role-based access control").
 */

/** The federated principal of every identity pool's identities: roles trust it, sessions are its. */
export const COGNITO_IDENTITY = 'cognito-identity.amazonaws.com';

/** Condition key: the identity pool id the session was issued for. */
export const AUD_KEY = `${COGNITO_IDENTITY}:aud`;
/** Condition key: `authenticated` or `unauthenticated`, plus the login provider of a signed-in user. */
export const AMR_KEY = `${COGNITO_IDENTITY}:amr`;
/** Condition key and policy variable: the identity id. */
export const SUB_KEY = `${COGNITO_IDENTITY}:sub`;

/** The `amr` of signed-in users. */
export const AUTHENTICATED = 'authenticated';
/** The `amr` of guests. */
export const UNAUTHENTICATED = 'unauthenticated';

/**
 * The condition keys a session holds completely, as patterns: the Cognito keys and the session
 * tags are all known to the service, so one a session lacks is absent from its requests.
 */
export const SESSION_KEYS: readonly string[] = Object.freeze([`${COGNITO_IDENTITY}:*`, 'aws:PrincipalTag/*']);

/**
 * The session name of the credentials an identity pool issues: their principal is
 * `arn:<partition>:sts::<account>:assumed-role/<role name>/CognitoIdentityCredentials`, as the
 * AccessDenied messages of such sessions name it (reported from real accounts in, for example,
 * aws-amplify/amplify-js issue 1643 and aws/aws-sdk-js issue 1909).
 */
export const COGNITO_SESSION_NAME = 'CognitoIdentityCredentials';
