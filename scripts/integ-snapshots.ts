/**
 * Verify (default) or rewrite (--update) the snapshots of the integration tests
 * (test/integ.*.ts → test/integ.*.ts.snapshot/) without deploying anything.
 *
 * This is the snapshot half of integ-runner's job. integ-runner itself cannot do it here:
 * its newest release (2.197.10) reads cloud assembly schema 53 at most, and aws-cdk-lib
 * 2.276 writes schema 55. Like integ-runner, each test app is synthesized with aws-cdk-lib's
 * currently recommended feature flags and integ-runner's dummy environment, and only the
 * stacks under test are compared (not the assertion stacks, which carry a fresh salt per
 * synth); with `diffAssets: false` asset hashes are not compared either.
 *
 * The snapshot directories stay integ-runner's format (a cloud assembly), so integ-runner
 * can deploy them to a real account once it reads the schema (docs/integ-tests.md).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';

const root = path.join(__dirname, '..');
const testDir = path.join(root, 'test');
const update = process.argv.includes('--update');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));

/** What integ-runner sets for every synth (see its DEFAULT_SYNTH_OPTIONS). */
const INTEG_ENV = { CDK_INTEG_ACCOUNT: '12345678', CDK_INTEG_REGION: 'test-region' };

/**
 * aws-cdk-lib's recommended flags, less `defaultCrossStackReferences: weak`: integ-runner's
 * flag set predates it, and the Fn::GetStackOutput it produces is unknown to cfn-lint 1.51.
 */
const { ['@aws-cdk/core:defaultCrossStackReferences']: _weakReferences, ...FLAGS } = CURRENTLY_RECOMMENDED_FLAGS as Record<string, unknown>;

interface TestCase {
  readonly stacks: string[];
  readonly diffAssets?: boolean;
}

function synth(testFile: string, outdir: string): void {
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', testFile], {
    cwd: root,
    encoding: 'utf-8',
    env: {
      ...process.env,
      ...INTEG_ENV,
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify(FLAGS),
      // No stack traces (with this machine's paths) in the snapshot's metadata.
      CDK_DISABLE_STACK_TRACE: '1',
      TS_NODE_PROJECT: path.join(testDir, 'tsconfig.json'),
    },
  });
  if (result.status !== 0) {
    throw new Error(`synthesizing ${path.relative(root, testFile)} failed:\n${result.stderr}${result.stdout}`);
  }
}

function testCases(assembly: string): TestCase[] {
  return Object.values(JSON.parse(fs.readFileSync(path.join(assembly, 'integ.json'), 'utf-8')).testCases);
}

/** A template as compared: asset hashes masked unless the test case diffs assets. */
function template(assembly: string, stack: string, diffAssets: boolean): unknown {
  const text = fs.readFileSync(path.join(assembly, `${stack}.template.json`), 'utf-8');
  return JSON.parse(diffAssets ? text : text.replace(/[0-9a-f]{64}/g, '<asset-hash>'));
}

/** Paths at which two JSON values differ (at most `limit`). */
function differences(a: unknown, b: unknown, at = '', limit = 10, found: string[] = []): string[] {
  if (found.length >= limit) return found;
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    for (const key of keys) differences((a as any)[key], (b as any)[key], `${at}/${key}`, limit, found);
  } else if (JSON.stringify(a) !== JSON.stringify(b)) {
    found.push(`${at || '/'}: ${JSON.stringify(b) ?? 'absent'} (snapshot) → ${JSON.stringify(a) ?? 'absent'} (now)`);
  }
  return found;
}

/** Stack traces in the assembly's metadata name this checkout's path: make them relative. */
function withoutMachinePaths(assembly: string): void {
  for (const file of fs.readdirSync(assembly).filter((f) => f.endsWith('.json'))) {
    const full = path.join(assembly, file);
    const text = fs.readFileSync(full, 'utf-8');
    if (text.includes(root)) fs.writeFileSync(full, text.split(root).join('.'));
  }
}

function check(synthesized: string, snapshot: string): string[] {
  if (!fs.existsSync(path.join(snapshot, 'integ.json'))) {
    return [`no snapshot at ${path.relative(root, snapshot)}: run npx projen integ:update`];
  }
  const problems: string[] = [];
  for (const testCase of testCases(synthesized)) {
    for (const stack of testCase.stacks) {
      if (!fs.existsSync(path.join(snapshot, `${stack}.template.json`))) {
        problems.push(`${stack}: not in the snapshot`);
        continue;
      }
      const diffAssets = testCase.diffAssets ?? false;
      for (const d of differences(template(synthesized, stack, diffAssets), template(snapshot, stack, diffAssets))) {
        problems.push(`${stack}${d}`);
      }
    }
  }
  return problems;
}

const files = fs.readdirSync(testDir)
  .filter((f) => /^integ\..+\.ts$/.test(f) && (only.length === 0 || only.some((o) => f.includes(o))))
  .map((f) => path.join(testDir, f));
if (files.length === 0) {
  console.error('no integration test found (test/integ.*.ts)');
  process.exit(1);
}

let failed = 0;
for (const file of files) {
  const name = path.basename(file);
  const snapshot = `${file}.snapshot`;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-'));
  const started = Date.now();
  try {
    synth(file, outdir);
    if (update) {
      fs.rmSync(snapshot, { recursive: true, force: true });
      fs.cpSync(outdir, snapshot, { recursive: true });
      withoutMachinePaths(snapshot);
      console.log(`UPDATED    ${name} (${Date.now() - started} ms)`);
      continue;
    }
    const problems = check(outdir, snapshot);
    if (problems.length === 0) {
      console.log(`UNCHANGED  ${name} (${Date.now() - started} ms)`);
    } else {
      failed++;
      console.log(`CHANGED    ${name}`);
      for (const p of problems) console.log(`  ${p}`);
    }
  } catch (error) {
    failed++;
    console.log(`ERROR      ${name}: ${(error as Error).message}`);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
console.log(`${files.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
