import type { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { CognitoEmulator, startCognitoEmulator } from './cognito-emulator';
import { cognitoClientFor } from './sdk';

/**
 * A fresh emulator and an SDK client aimed at it for every test of the enclosing describe
 * block (or file), handed to `bind`; after each test, both are stopped and no request may have
 * broken the official service model.
 */
export function useEmulator(bind: (emulator: CognitoEmulator, client: CognitoIdentityClient) => void): void {
  let emulator: CognitoEmulator | undefined;
  let client: CognitoIdentityClient | undefined;
  beforeEach(async () => {
    emulator = await startCognitoEmulator();
    client = cognitoClientFor(emulator.endpoint);
    bind(emulator, client);
  });
  afterEach(async () => {
    client?.destroy();
    await emulator?.stop();
    expect(emulator?.modelErrors).toEqual([]);
  });
}

/** The emulator and client of the test that is running (see `liveEmulator`). */
export interface LiveEmulator {
  readonly emulator: CognitoEmulator;
  readonly client: CognitoIdentityClient;
}

/**
 * `useEmulator` for a describe block (or file) whose tests reach the emulator through the
 * returned object: its `emulator` and `client` are those of the test that is running.
 */
export function liveEmulator(): LiveEmulator {
  let current: LiveEmulator | undefined;
  useEmulator((emulator, client) => {
    current = { emulator, client };
  });
  const now = (): LiveEmulator => {
    if (!current) throw new Error('liveEmulator: the emulator runs only inside a test');
    return current;
  };
  return {
    get emulator() {
      return now().emulator;
    },
    get client() {
      return now().client;
    },
  };
}
