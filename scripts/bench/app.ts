/**
 * The benchmark app, transpiled once and run by scripts/bench.ts in a fresh `node` per sample:
 * a stack with a user pool, an app client and N identity pools, synthesized to --outdir.
 *   node app.js --root DIR --ours DIR/index.js --lib ours|builtin --pools N --outdir DIR [--tags] [--imported] [--simulate N]
 * --tags: principal tags on every pool; ours through addPrincipalTags, built-in through a
 * `CfnIdentityPoolPrincipalTag` per provider plus the `sts:TagSession` trust statement the service
 * needs (ours adds it itself). --imported (ours only): pools imported by id.
 * --simulate N (ours only): a bucket with per-identity folders granted to the first pool's
 * authenticated role; the app times one synth of the stack (`Template.fromStack`, as a user's test
 * does), then `IdentityPoolSimulator.of(pool)` and N sign-ins with one `evaluate` each, and
 * prints both times as a `{"simulation": ...}` line before the CPU-time line.
 * --bucket (ours only): the same bucket and grant without simulating (the stack the CLI is timed on).
 * --from-template (ours only): times one synth of the stack (`Template.fromStack`), then
 * `IdentityPoolSimulator.fromTemplate` on its JSON text once per pool, each with one sign-in and
 * one `evaluate`, and prints a `{"fromTemplate": ...}` line.
 */
import { createRequire } from 'module';
import * as path from 'path';
import type * as cdkTypes from 'aws-cdk-lib';
import type * as cognitoTypes from 'aws-cdk-lib/aws-cognito';
import type * as builtinTypes from 'aws-cdk-lib/aws-cognito-identitypool';
import type * as iamTypes from 'aws-cdk-lib/aws-iam';
import type * as s3Types from 'aws-cdk-lib/aws-s3';
import type * as oursTypes from '../../src';

const TAGS = { department: 'custom:department', team: 'custom:team' };
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1] ?? '';
};
const load = createRequire(path.join(arg('--root')!, 'package.json'));
const cdk: typeof cdkTypes = load('aws-cdk-lib');
const cognito: typeof cognitoTypes = load('aws-cdk-lib/aws-cognito');
const pools = Number(arg('--pools'));
const tags = arg('--tags') !== undefined;

// Built-in with principal tags is 5 resources per pool: 100 pools + user pool + client = 502,
// over CloudFormation's 500 that synth refuses. The check is off (for both) so it can be timed.
const app = new cdk.App({ outdir: arg('--outdir'), context: { '@aws-cdk/core:stackResourceLimit': 0 } });
const stack = new cdk.Stack(app, 'Bench');
const userPool = new cognito.UserPool(stack, 'Users');
const userPoolClient = userPool.addClient('Web');
// Zero-padded ids: every pool has the same text length in the template.
const poolId = (i: number): string => `Pool${String(i).padStart(4, '0')}`;

if (arg('--lib') === 'ours') {
  const ours: typeof oursTypes = load(arg('--ours')!);
  const made: oursTypes.IdentityPool[] = [];
  for (let i = 1; i <= pools; i++) {
    const provider = ours.IdentityProvider.userPool(userPool, userPoolClient);
    const pool = arg('--imported') !== undefined
      ? ours.IdentityPool.fromIdentityPoolId(stack, poolId(i), `us-east-1:00000000-0000-0000-0000-${String(i).padStart(12, '0')}`)
      : new ours.IdentityPool(stack, poolId(i), { authenticationProviders: [provider] });
    if (tags) pool.addPrincipalTags(provider, { tags: TAGS });
    if (pool instanceof ours.IdentityPool) made.push(pool);
  }
  const signIns = arg('--simulate');
  if (signIns !== undefined) {
    simulate(ours, made[0], Number(signIns));
  } else if (arg('--bucket') !== undefined) {
    made[0].grantIdentityFolder(made[0].authenticatedRole, new (load('aws-cdk-lib/aws-s3') as typeof s3Types).Bucket(stack, 'Photos'));
  }
  if (arg('--from-template') !== undefined) fromTemplate(ours);
} else {
  const builtin: typeof builtinTypes = load('aws-cdk-lib/aws-cognito-identitypool');
  const iam: typeof iamTypes = load('aws-cdk-lib/aws-iam');
  for (let i = 1; i <= pools; i++) {
    const pool = new builtin.IdentityPool(stack, poolId(i), {
      authenticationProviders: { userPools: [new builtin.UserPoolAuthenticationProvider({ userPool, userPoolClient })] },
    });
    if (!tags) continue;
    new cognito.CfnIdentityPoolPrincipalTag(pool, 'PrincipalTags', {
      identityPoolId: pool.identityPoolId,
      identityProviderName: userPool.userPoolProviderName,
      useDefaults: false,
      principalTags: TAGS,
    });
    (pool.authenticatedRole as iamTypes.Role).assumeRolePolicy!.addStatements(new iam.PolicyStatement({
      actions: ['sts:TagSession'],
      principals: [new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
        'StringEquals': { 'cognito-identity.amazonaws.com:aud': pool.identityPoolId },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
      })],
    }));
  }
}

/**
 * One synth of the stack as a user's test pays it, then the simulator on the synthesized
 * template: `of(pool)` and `count` sign-ins of distinct users, each with one `evaluate`.
 */
function simulate(ours: typeof oursTypes, pool: oursTypes.IdentityPool, count: number): void {
  const s3: typeof s3Types = load('aws-cdk-lib/aws-s3');
  const { Template } = load('aws-cdk-lib/assertions') as typeof import('aws-cdk-lib/assertions');
  const bucket = new s3.Bucket(stack, 'Photos');
  pool.grantIdentityFolder(pool.authenticatedRole, bucket);
  const users = ours.IdentityProvider.userPool(userPool, userPoolClient);

  const t0 = process.hrtime.bigint();
  Template.fromStack(stack);
  const t1 = process.hrtime.bigint();
  const simulator = ours.IdentityPoolSimulator.of(pool);
  let allowed = 0;
  for (let i = 0; i < count; i++) {
    const user = simulator.signIn(users, { claims: { 'sub': `user-${i}`, 'custom:department': 'eng', 'custom:team': `team-${i % 10}` } });
    const decision = user.evaluate('s3:GetObject', bucket.arnForObjects(`private/${user.identityId}/photo.jpg`));
    if (decision.decision === ours.Decision.ALLOWED) allowed++;
  }
  const t2 = process.hrtime.bigint();
  // A simulator that answered anything else is broken: do not time it.
  if (allowed !== count) throw new Error(`the simulator allowed ${allowed} of ${count} users their own folder`);
  const simulation = { signIns: count, synthMs: Number(t1 - t0) / 1e6, simulateMs: Number(t2 - t1) / 1e6 };
  process.stdout.write(`${JSON.stringify({ simulation })}\n`);
}

/**
 * One synth of the stack as a user's test pays it, then `fromTemplate` on the template's JSON
 * text for each of its pools, as a reviewer's script or the CLI would: one sign-in through the
 * user pool, with principal tags, and one `evaluate` each.
 */
function fromTemplate(ours: typeof oursTypes): void {
  const { Template } = load('aws-cdk-lib/assertions') as typeof import('aws-cdk-lib/assertions');
  const t0 = process.hrtime.bigint();
  const template = Template.fromStack(stack).toJSON();
  const t1 = process.hrtime.bigint();
  const text = JSON.stringify(template);
  const poolIds = Object.keys(template.Resources).filter((id) => template.Resources[id].Type === 'AWS::Cognito::IdentityPool');
  let firstMs = 0;
  poolIds.forEach((pool, i) => {
    const simulator = ours.IdentityPoolSimulator.fromTemplate(text, { pool });
    const user = simulator.signIn(simulator.providerNames[0], { claims: { 'sub': `user-${i}`, 'custom:department': 'eng', 'custom:team': 'web' } });
    // The default authenticated role grants nothing, and the bucket's policy (not in the
    // template, so given) grants nothing either: a granted session with both tags, denied.
    const decision = user.evaluate('s3:GetObject', 'arn:aws:s3:::photos/a.jpg', { resourcePolicy: { Version: '2012-10-17', Statement: [] } });
    if (!user.granted || user.principalTags.team !== 'web' || decision.decision !== ours.Decision.DENIED) {
      throw new Error(`fromTemplate answered wrongly for ${pool}: ${user.reason}; ${decision.decision}: ${decision.reason}`);
    }
    if (i === 0) firstMs = Number(process.hrtime.bigint() - t1) / 1e6;
  });
  const t2 = process.hrtime.bigint();
  const result = { pools: poolIds.length, synthMs: Number(t1 - t0) / 1e6, fromTemplateMs: Number(t2 - t1) / 1e6, firstMs };
  process.stdout.write(`${JSON.stringify({ fromTemplate: result })}\n`);
}

app.synth();
// CPU time of the whole process so far (all threads): less sensitive than wall time to other load on the machine.
process.stdout.write(`${JSON.stringify(process.cpuUsage())}\n`);
