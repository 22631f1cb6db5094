/**
 * The benchmark app: one stack with a user pool, one app client and N identity pools, made
 * with this library (`ours`, loaded from the compiled `lib/`) or with aws-cdk-lib's
 * `aws-cognito-identitypool` (`builtin`). Synthesizes to the outdir it is given.
 *
 * Not run through ts-node: scripts/bench.ts transpiles this file once to plain JavaScript
 * in a temp directory and runs it with `node`, so both libraries pay the same loader cost.
 * Modules are resolved from the repository root given on the command line, wherever the
 * JavaScript file is.
 *
 * Prints one JSON line on stdout: timings (ms since process start) of the phases.
 *
 *   node app.js --root DIR --lib ours|builtin --pools N --outdir DIR
 *     [--principal-tags]   ours: addPrincipalTags on every pool;
 *                          builtin: an AwsCustomResource calling SetPrincipalTagAttributeMap per pool
 *     [--analytics]        add the AWS::CDK::Metadata resource, as the cdk CLI does by default
 *     [--no-resource-limit] disable the synth-time 500-resource check (to count what would be made)
 */
import { createRequire } from 'module';
import * as path from 'path';
import { performance } from 'perf_hooks';
import type * as cdkTypes from 'aws-cdk-lib';
import type * as cognitoTypes from 'aws-cdk-lib/aws-cognito';
import type * as builtinTypes from 'aws-cdk-lib/aws-cognito-identitypool';
import type * as iamTypes from 'aws-cdk-lib/aws-iam';
import type * as crTypes from 'aws-cdk-lib/custom-resources';
import type * as oursTypes from '../../src';

/** The principal-tag map every pool gets, for both approaches. */
export const PRINCIPAL_TAGS: { [tag: string]: string } = { department: 'custom:department', team: 'custom:team' };

export interface AppOptions {
  readonly root: string;
  readonly lib: 'ours' | 'builtin';
  readonly pools: number;
  readonly outdir: string;
  readonly principalTags: boolean;
  readonly analytics: boolean;
  readonly resourceLimit: boolean;
}

/** Pool construct ids are zero-padded so every pool's template text has the same length. */
export function poolId(i: number): string {
  return `Pool${String(i).padStart(4, '0')}`;
}

function parseArgs(argv: string[]): AppOptions {
  const value = (name: string): string => {
    const i = argv.indexOf(name);
    if (i < 0 || i + 1 >= argv.length) {
      throw new Error(`app: missing ${name}`);
    }
    return argv[i + 1];
  };
  const lib = value('--lib');
  if (lib !== 'ours' && lib !== 'builtin') {
    throw new Error(`app: --lib must be ours or builtin, not ${lib}`);
  }
  const pools = Number(value('--pools'));
  if (!Number.isInteger(pools) || pools < 1) {
    throw new Error(`app: --pools must be a positive integer, not ${value('--pools')}`);
  }
  return {
    root: value('--root'),
    lib,
    pools,
    outdir: value('--outdir'),
    principalTags: argv.includes('--principal-tags'),
    analytics: argv.includes('--analytics'),
    resourceLimit: !argv.includes('--no-resource-limit'),
  };
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  const load = createRequire(path.join(opts.root, 'package.json'));
  const t0 = performance.now();

  const cdk: typeof cdkTypes = load('aws-cdk-lib');
  const cognito: typeof cognitoTypes = load('aws-cdk-lib/aws-cognito');
  const ours: typeof oursTypes | undefined = opts.lib === 'ours' ? load(path.join(opts.root, 'lib', 'index.js')) : undefined;
  const builtin: typeof builtinTypes | undefined = opts.lib === 'builtin' ? load('aws-cdk-lib/aws-cognito-identitypool') : undefined;
  const tLoaded = performance.now();

  const app = new cdk.App({
    outdir: opts.outdir,
    analyticsReporting: opts.analytics,
    context: opts.resourceLimit ? {} : { '@aws-cdk/core:stackResourceLimit': 0 },
  });
  const stack = new cdk.Stack(app, 'Bench');
  const userPool = new cognito.UserPool(stack, 'Users');
  const userPoolClient = userPool.addClient('Web');

  if (ours) {
    for (let i = 1; i <= opts.pools; i++) {
      const provider = ours.IdentityProvider.userPool(userPool, userPoolClient);
      const pool = new ours.IdentityPool(stack, poolId(i), { authenticationProviders: [provider] });
      if (opts.principalTags) {
        pool.addPrincipalTags(provider, { tags: PRINCIPAL_TAGS });
      }
    }
  } else if (builtin) {
    const iam: typeof iamTypes | undefined = opts.principalTags ? load('aws-cdk-lib/aws-iam') : undefined;
    const cr: typeof crTypes | undefined = opts.principalTags ? load('aws-cdk-lib/custom-resources') : undefined;
    for (let i = 1; i <= opts.pools; i++) {
      const pool = new builtin.IdentityPool(stack, poolId(i), {
        authenticationProviders: {
          userPools: [new builtin.UserPoolAuthenticationProvider({ userPool, userPoolClient })],
        },
      });
      if (iam && cr) {
        addPrincipalTagsWorkaround(iam, cr, pool, `${userPool.userPoolProviderName}:${userPoolClient.userPoolClientId}`);
      }
    }
  }
  const tBuilt = performance.now();

  app.synth();
  const tSynth = performance.now();

  process.stdout.write(JSON.stringify({ start: t0, loaded: tLoaded, built: tBuilt, synthesized: tSynth }) + '\n');
}

/**
 * The common workaround for principal tags with the built-in construct: an AwsCustomResource
 * per pool that calls SetPrincipalTagAttributeMap, resets the map on delete, and a trust
 * statement allowing sts:TagSession on the authenticated role (without it the service
 * cannot tag the session, so the setup would not work).
 */
function addPrincipalTagsWorkaround(
  iam: typeof iamTypes,
  cr: typeof crTypes,
  pool: builtinTypes.IdentityPool,
  providerName: string,
): void {
  const call = (tags: { [tag: string]: string }): crTypes.AwsSdkCall => ({
    service: 'CognitoIdentity',
    action: 'setPrincipalTagAttributeMap',
    parameters: {
      IdentityPoolId: pool.identityPoolId,
      IdentityProviderName: providerName,
      UseDefaults: false,
      PrincipalTags: tags,
    },
    physicalResourceId: cr.PhysicalResourceId.of(`${pool.identityPoolId}:principal-tags`),
  });
  new cr.AwsCustomResource(pool, 'PrincipalTags', {
    onCreate: call(PRINCIPAL_TAGS),
    onUpdate: call(PRINCIPAL_TAGS),
    onDelete: call({}),
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [pool.identityPoolArn] }),
  });
  const role = pool.authenticatedRole;
  if (role instanceof iam.Role && role.assumeRolePolicy) {
    role.assumeRolePolicy.addStatements(new iam.PolicyStatement({
      actions: ['sts:TagSession'],
      principals: [new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
        'StringEquals': { 'cognito-identity.amazonaws.com:aud': pool.identityPoolId },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
      })],
    }));
  }
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  }
}
