import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';

/** A real SDK v3 client aimed at a local endpoint (emulator or moto proxy). */
export function cognitoClientFor(endpoint: string): CognitoIdentityClient {
  return new CognitoIdentityClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    // Surface throttling and faults to the code under test instead of retrying them away.
    maxAttempts: 1,
  });
}
