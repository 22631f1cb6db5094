/**
 * aws-cdk-lib's Lambda and Logs modules are loaded only when a stack needs the settings
 * custom resource (an imported pool's settings): a stack of owned pools never pays for them.
 * Checked in a fresh Node.js process, where require.cache shows what was loaded.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

const SCRIPT = `
require('ts-node').register({ transpileOnly: true, project: 'test/tsconfig.json' });
const loaded = () => Object.keys(require.cache).filter((k) => /aws-cdk-lib[\\\\/](aws-lambda|aws-logs)[\\\\/]/.test(k)).length;
const lib = require('./src');
const { App, Stack } = require('aws-cdk-lib');
const stack = new Stack(new App(), 'S');
const pool = new lib.IdentityPool(stack, 'P', { authenticationProviders: [lib.IdentityProvider.google('g')] });
pool.addPrincipalTags(lib.IdentityProvider.google('g'), { useDefaults: true });
const owned = loaded();
lib.IdentityPool.fromIdentityPoolId(stack, 'I', 'us-east-1:0000-abcd').configureClassicFlow(false);
console.log(JSON.stringify({ owned, imported: loaded() }));
`;

test('owned pools, principal tags included, load neither aws-lambda nor aws-logs; an imported pool\'s setting does', () => {
  const out = execFileSync(process.execPath, ['-e', SCRIPT], { cwd: path.join(__dirname, '..'), encoding: 'utf-8' });
  const { owned, imported } = JSON.parse(out.trim().split('\n').pop()!);
  expect(owned).toBe(0);
  expect(imported).toBeGreaterThan(0);
}, 60_000);
