/**
 * The `cdk-identity-pool` command run from its TypeScript source (src/cli/main.ts), for this
 * repository's own tasks before anything is compiled; the package's `bin/cdk-identity-pool`
 * runs the compiled lib/cli/main.js.
 */
import { cli } from '../src/cli/main';

cli();
