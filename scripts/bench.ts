/**
 * cdk-identity-pool against aws-cdk-lib's built-in `aws-cognito-identitypool`, as ratios measured
 * in one run (the machine is noisy): synth time at 1, 20, 100 pools with aws-cdk-lib's validation
 * on and off, resources and template bytes per pool, Lambda functions and assets per stack. Each
 * sample is a fresh `node` process; the libraries alternate (who goes first swaps each pair).
 * Then the access simulator: 1,000 sign-ins with one `evaluate` each, as a ratio to one synth of
 * the same stack in the same process; and the IAM evaluator's cost per decision against the
 * oracle the tests check it with (@cloud-copilot/iam-simulate), on the same generated requests.
 *
 *   npm run bench [-- --quick | --rounds N]    writes docs/benchmarks.md (printed) and .json
 *
 * Needs no build: src/ is transpiled to a temp dir; imported pools need assets/settings-handler.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { PolicyEvaluator } from '../src/iam/evaluation';
import { iamCases } from '../test/support/iam-cases';
import { prepareOracle } from '../test/support/iam-oracle';
import { evaluationInput } from '../test/support/iam-ours';

type Lib = 'ours' | 'builtin';
const LIBS: Lib[] = ['ours', 'builtin'];
const SIZES = [1, 20, 100];
const ROOT = path.resolve(__dirname, '..');
const argv = process.argv.slice(2);
const roundsArg = argv.indexOf('--rounds');
const ROUNDS = roundsArg >= 0 ? Number(argv[roundsArg + 1]) : argv.includes('--quick') ? 2 : 9;
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('usage: npm run bench [-- --quick | --rounds N]');

interface Shape { resources: number; byType: Record<string, number>; templateBytes: number; lambdas: number; assets: number }
interface Sample { lib: Lib; pools: number; validation: boolean; round: number; ms: number; cpuMs: number }
interface Run { lib: Lib; pools: number; validation?: boolean; tags?: boolean; imported?: boolean; simulate?: number }
interface Simulation { signIns: number; synthMs: number; simulateMs: number }
const SIGN_INS = 1000;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const log = (m: string): void => void process.stderr.write(`[bench] ${m}\n`);

/** Transpile `from/**.ts` into `to` (one file at a time, no type check). */
function transpile(from: string, to: string): void {
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    if (e.isDirectory()) {
      transpile(src, path.join(to, e.name));
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) {
      const out = ts.transpileModule(fs.readFileSync(src, 'utf-8'), {
        fileName: src,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      });
      fs.mkdirSync(to, { recursive: true });
      fs.writeFileSync(path.join(to, e.name.replace(/\.ts$/, '.js')), out.outputText);
    }
  }
}

/** Resources, template bytes, Lambda functions and file assets of the one stack in `outdir`. */
function shapeOf(outdir: string): Shape {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf-8'));
  const artifacts = Object.values<any>(manifest.artifacts);
  const stack = artifacts.find((a) => a.type === 'aws:cloudformation:stack');
  const text = fs.readFileSync(path.join(outdir, stack.properties.templateFile), 'utf-8');
  const byType: Record<string, number> = {};
  for (const r of Object.values<any>(JSON.parse(text).Resources)) byType[r.Type] = (byType[r.Type] ?? 0) + 1;
  let assets = 0;
  for (const a of artifacts.filter((x) => x.type === 'cdk:asset-manifest')) {
    const files = JSON.parse(fs.readFileSync(path.join(outdir, a.properties.file), 'utf-8')).files ?? {};
    assets += Object.values<any>(files).filter((f) => !String(f.source?.path).endsWith('.template.json')).length;
  }
  const resources = Object.values(byType).reduce((n, c) => n + c, 0);
  return { resources, byType, templateBytes: Buffer.byteLength(text), lambdas: byType['AWS::Lambda::Function'] ?? 0, assets };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-identity-pool-bench-'));
let counter = 0;

/** Synthesize `run` in a fresh node process: wall time (spawn to exit), CPU time, the stack's shape. */
function synth(run: Run): { ms: number; cpuMs: number; shape: Shape; simulation?: Simulation } {
  const outdir = path.join(tmp, `out-${++counter}`);
  const args = [path.join(tmp, 'app.js'), '--root', ROOT, '--ours', path.join(tmp, 'lib', 'index.js'),
    '--lib', run.lib, '--pools', String(run.pools), '--outdir', outdir];
  if (run.tags) args.push('--tags');
  if (run.imported) args.push('--imported');
  if (run.simulate) args.push('--simulate', String(run.simulate));
  const env: NodeJS.ProcessEnv = { ...process.env, CDK_VALIDATION: run.validation ? 'true' : 'false' };
  for (const k of Object.keys(env)) if (/^(CDK_CONTEXT_JSON|CDK_OUTDIR|NODE_OPTIONS|TS_NODE_.*)$/.test(k)) delete env[k];
  const t0 = process.hrtime.bigint();
  const proc = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf-8', timeout: 600_000 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (proc.status !== 0) throw new Error(`${JSON.stringify(run)} failed (${proc.status ?? proc.error}):\n${proc.stderr.slice(-3000)}`);
  const lines = proc.stdout.trim().split('\n').map((line) => JSON.parse(line));
  const cpu = lines[lines.length - 1];
  const simulation: Simulation | undefined = lines.find((line) => line.simulation)?.simulation;
  try {
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, shape: shapeOf(outdir), simulation };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function table(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Our evaluator and the oracle on the same requests: time per decision, as a ratio per round. */
interface EvaluatorBench {
  cases: number;
  decisions: number;
  ratio: number;
  oursUs: number;
  theirsUs: number;
  rounds: Array<{ oursMs: number; theirsMs: number }>;
}

function evaluatorBench(): EvaluatorBench {
  const cases = iamCases(1200);
  const repeat = 5;
  const ours = new PolicyEvaluator();
  const inputs = cases.map(evaluationInput);
  const oracle = cases.map(prepareOracle);
  const timeOurs = (): number => {
    const t0 = process.hrtime.bigint();
    for (let r = 0; r < repeat; r++) for (const input of inputs) ours.evaluate(input);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  const timeTheirs = (): number => {
    const t0 = process.hrtime.bigint();
    for (let r = 0; r < repeat; r++) for (const decide of oracle) decide();
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  timeOurs();
  timeTheirs();
  const rounds: Array<{ oursMs: number; theirsMs: number }> = [];
  for (let round = 0; round < Math.max(ROUNDS, 3); round++) {
    if (round % 2) {
      const theirsMs = timeTheirs();
      rounds.push({ oursMs: timeOurs(), theirsMs });
    } else {
      const oursMs = timeOurs();
      rounds.push({ oursMs, theirsMs: timeTheirs() });
    }
  }
  const decisions = cases.length * repeat;
  return {
    cases: cases.length,
    decisions,
    ratio: median(rounds.map((r) => r.oursMs / r.theirsMs)),
    oursUs: (median(rounds.map((r) => r.oursMs)) * 1000) / decisions,
    theirsUs: (median(rounds.map((r) => r.theirsMs)) * 1000) / decisions,
    rounds,
  };
}

function main(): void {
  fs.writeFileSync(path.join(tmp, 'app.js'), ts.transpileModule(fs.readFileSync(path.join(__dirname, 'bench', 'app.ts'), 'utf-8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText);
  transpile(path.join(ROOT, 'src'), path.join(tmp, 'lib'));
  // The transpiled library finds aws-cdk-lib and its handler bundle as lib/ would.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(tmp, 'node_modules'));
  fs.symlinkSync(path.join(ROOT, 'assets'), path.join(tmp, 'assets'));

  // 1. Synth time, principal tags on every pool; warm-up not counted.
  for (const lib of LIBS) synth({ lib, pools: 1, tags: true });
  const samples: Sample[] = [];
  const shapes: Record<string, Shape> = {};
  const cases = SIZES.flatMap((pools) => [false, true].map((validation) => ({ pools, validation })));
  for (let round = 0; round < ROUNDS; round++) {
    cases.forEach(({ pools, validation }, i) => {
      for (const lib of (round + i) % 2 ? [...LIBS].reverse() : LIBS) {
        const r = synth({ lib, pools, validation, tags: true });
        samples.push({ lib, pools, validation, round, ms: r.ms, cpuMs: r.cpuMs });
        shapes[`${lib}:true:${pools}`] = r.shape;
      }
    });
    log(`round ${round + 1}/${ROUNDS} done`);
  }
  const synthStats = cases.map(({ pools, validation }) => {
    const of = (lib: Lib): Sample[] => samples.filter((s) => s.lib === lib && s.pools === pools && s.validation === validation);
    const [ours, builtin] = [median(of('ours').map((s) => s.ms)), median(of('builtin').map((s) => s.ms))];
    const cpuRatio = median(of('ours').map((s) => s.cpuMs)) / median(of('builtin').map((s) => s.cpuMs));
    const pairedRatio = median(of('ours').map((s, r) => s.ms / of('builtin')[r].ms));
    return { pools, validation, medianMs: { ours, builtin }, ratio: ours / builtin, pairedRatio, cpuRatio };
  });

  // 2. Template shape: per pool = (20-pool app − 1-pool app) / 19.
  for (const lib of LIBS) for (const pools of [1, 20]) shapes[`${lib}:false:${pools}`] = synth({ lib, pools }).shape;
  if (fs.existsSync(path.join(ROOT, 'assets', 'settings-handler', 'index.js'))) {
    shapes['ours:imported:20'] = synth({ lib: 'ours', pools: 20, tags: true, imported: true }).shape;
  }
  const perPool = (lib: Lib, tags: boolean, key: 'resources' | 'templateBytes'): number =>
    (shapes[`${lib}:${tags}:20`][key] - shapes[`${lib}:${tags}:1`][key]) / 19;
  const perPoolTypes = (lib: Lib, tags: boolean): string => {
    const [a, b] = [shapes[`${lib}:${tags}:20`].byType, shapes[`${lib}:${tags}:1`].byType];
    return Object.keys(a).sort().filter((t) => a[t] !== (b[t] ?? 0))
      .map((t) => `${(a[t] - (b[t] ?? 0)) / 19} ${t.replace('AWS::', '')}`).join(', ');
  };
  const shape: Record<string, Record<string, any>> = Object.fromEntries(LIBS.map((lib) => [lib, {
    resourcesPerPool: perPool(lib, false, 'resources'),
    resourcesPerPoolWithPrincipalTags: perPool(lib, true, 'resources'),
    templateBytesPerPool: perPool(lib, false, 'templateBytes'),
    templateBytesPerPoolWithPrincipalTags: perPool(lib, true, 'templateBytes'),
    resources100PoolsWithPrincipalTags: shapes[`${lib}:true:100`].resources,
    lambdasPerStack20PoolsWithPrincipalTags: shapes[`${lib}:true:20`].lambdas,
    assetsPerStack20PoolsWithPrincipalTags: shapes[`${lib}:true:20`].assets,
    resourcesPerPoolByType: { default: perPoolTypes(lib, false), principalTags: perPoolTypes(lib, true) },
  }]));
  const imported = shapes['ours:imported:20'];

  // 3. The access simulator: in each fresh process, one synth of a 1-pool stack (principal tags,
  // a bucket with per-identity folders) as a user's test pays it, then `IdentityPoolSimulator.of`
  // and 1,000 sign-ins with one `evaluate` each on it. Warm-up not counted.
  const simulationSamples: Array<Simulation & { validation: boolean; round: number }> = [];
  for (const validation of [false, true]) synth({ lib: 'ours', pools: 1, tags: true, validation, simulate: SIGN_INS });
  for (let round = 0; round < ROUNDS; round++) {
    for (const validation of round % 2 ? [true, false] : [false, true]) {
      simulationSamples.push({ ...synth({ lib: 'ours', pools: 1, tags: true, validation, simulate: SIGN_INS }).simulation!, validation, round });
    }
  }
  log('simulator done');
  const simulation = [false, true].map((validation) => {
    const of = simulationSamples.filter((s) => s.validation === validation);
    return {
      validation,
      signIns: SIGN_INS,
      medianSynthMs: median(of.map((s) => s.synthMs)),
      medianSimulateMs: median(of.map((s) => s.simulateMs)),
      ratio: median(of.map((s) => s.simulateMs / s.synthMs)),
    };
  });

  // 4. The IAM evaluator against the oracle, in this process: the differential's requests, each
  // read once by both (statements compiled, policies parsed), then decided again and again.
  const evaluator = evaluatorBench();
  log('evaluator done');

  const head = spawnSync('git', ['describe', '--always', '--dirty'], { cwd: ROOT, encoding: 'utf-8' }).stdout.trim();
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    platform: `${os.platform()} ${os.release()}`,
    awsCdkLib: JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'aws-cdk-lib', 'package.json'), 'utf-8')).version,
    source: `src/ at ${head || 'unknown'}, transpiled`,
    command: ['npm run bench', ...(argv.length ? ['--', ...argv] : [])].join(' '),
    rounds: ROUNDS,
  };

  const ms = (v: number): string => Math.round(v).toLocaleString('en-US');
  const row = (label: string, key: string, f = (v: number): string | number => v): Array<string | number> =>
    [label, f(shape.ours[key]), f(shape.builtin[key])];
  const md = [
    '# Benchmarks: cdk-identity-pool vs aws-cdk-lib/aws-cognito-identitypool',
    '',
    `- Machine: Node ${meta.node}, ${meta.cpus} CPUs (${meta.cpu}), ${meta.platform}`,
    `- Date: ${meta.date}; aws-cdk-lib ${meta.awsCdkLib}; cdk-identity-pool ${meta.source}`,
    `- Command: \`${meta.command}\` (rounds: ${ROUNDS}; generated by \`scripts/bench.ts\`, samples in \`benchmarks.json\`)`,
    '',
    'One stack: a user pool, an app client and N identity pools with that user-pool provider and the principal tags',
    '`{ department: custom:department, team: custom:team }`. Ours: `new IdentityPool(...)` + `pool.addPrincipalTags(...)`.',
    'Built-in: `IdentityPool` from `aws-cdk-lib/aws-cognito-identitypool` + a `cognito.CfnIdentityPoolPrincipalTag` per',
    'provider, and an `sts:TagSession` statement on the authenticated role\'s trust policy (principal tags need it; ours adds it).',
    '',
    '## Synth time, ours / built-in',
    '',
    'Each sample is a fresh `node` process (spawn to exit) synthesizing the app; the two libraries alternate in the same run.',
    'CPU time (user + system, all threads, reported by the app after `app.synth()`) is less disturbed by other load.',
    'The machine is small and noisy: read the ratios, not the milliseconds. Validation on (the default) is what users get:',
    'aws-cdk-lib checks the templates during `app.synth()`; off (`CDK_VALIDATION=false`) shows the libraries\' own cost.',
    '',
    table(['Pools', 'aws-cdk-lib validation', '**ours / built-in**, wall time (ratio of medians)', 'median of per-round ratios',
      'CPU time (ratio of medians)', 'ours, median ms', 'built-in, median ms'],
    synthStats.map((s) => [s.pools, s.validation ? 'on (default)' : 'off', `**${s.ratio.toFixed(2)}**`,
      s.pairedRatio.toFixed(2), s.cpuRatio.toFixed(2), ms(s.medianMs.ours), ms(s.medianMs.builtin)])),
    '',
    '## Template',
    '',
    'Per pool = (20-pool app − 1-pool app) / 19, so what the stack makes once cancels out. Bytes: the template as written.',
    '',
    table(['', 'ours', 'built-in'], [
      row('Resources per pool, default pool', 'resourcesPerPool'),
      row('Resources per pool, with principal tags', 'resourcesPerPoolWithPrincipalTags'),
      ['Of which (with principal tags)', shape.ours.resourcesPerPoolByType.principalTags, shape.builtin.resourcesPerPoolByType.principalTags],
      row('Template bytes per pool, default pool', 'templateBytesPerPool', ms),
      row('Template bytes per pool, with principal tags', 'templateBytesPerPoolWithPrincipalTags', ms),
      row('Resources per stack, 100 pools with principal tags (CloudFormation allows 500)', 'resources100PoolsWithPrincipalTags'),
      row('Lambda functions per stack (20 pools, principal tags)', 'lambdasPerStack20PoolsWithPrincipalTags'),
      row('Assets per stack (20 pools, principal tags)', 'assetsPerStack20PoolsWithPrincipalTags'),
      ...(imported ? [['Lambda functions / assets per stack, 20 imported pools with principal tags (`fromIdentityPoolId`)',
        `${imported.lambdas} / ${imported.assets}`, 'no equivalent']] : []),
    ]),
    '',
    `With principal tags the built-in's 100-pool stack has ${shape.builtin.resources100PoolsWithPrincipalTags} resources: over 500, CloudFormation would refuse it.`,
    'The benchmark turns aws-cdk-lib\'s synth-time 500-resource check off for both (`@aws-cdk/core:stackResourceLimit: 0`) to time it.',
    '',
    '## The access simulator, simulation / synth',
    '',
    'In each fresh `node` process: one synth of the 1-pool stack with principal tags and a bucket whose per-identity folders the',
    'pool\'s authenticated role is granted (`Template.fromStack(stack)`, what a user\'s test pays), then `IdentityPoolSimulator.of(pool)`',
    `and ${SIGN_INS.toLocaleString('en-US')} sign-ins of distinct users, each with one \`evaluate('s3:GetObject', <their own folder>)\``,
    '(every answer must be ALLOWED, or the run fails). Both are timed in the same process; below 1, the simulation costs less than the synth.',
    '',
    table(['Sign-ins', 'aws-cdk-lib validation', '**simulation / synth** (median of per-process ratios)', 'synth, median ms', 'simulation, median ms',
      'per sign-in and evaluate, ms'],
    simulation.map((s) => [s.signIns.toLocaleString('en-US'), s.validation ? 'on (default)' : 'off', `**${s.ratio.toFixed(2)}**`,
      ms(s.medianSynthMs), ms(s.medianSimulateMs), (s.medianSimulateMs / s.signIns).toFixed(2)])),
    '',
    'Validation on is what a test pays by default (`Template.fromStack` runs it); off is the synth alone.',
    '',
    '## The IAM evaluator, ours / @cloud-copilot/iam-simulate',
    '',
    `The ${evaluator.cases.toLocaleString('en-US')} generated requests of the differential test (\`test/support/iam-cases.ts\`), each read once by`,
    'both evaluators (our statements compiled, the oracle\'s policies parsed with `loadPolicy`), then decided again in every round;',
    'the two alternate which goes first. The oracle is its core `authorize`, the context passed verbatim.',
    '',
    table(['Decisions per evaluator', '**ours / iam-simulate**, time per decision (median of per-round ratios)', 'ours, µs per decision', 'iam-simulate, µs per decision'],
      [[evaluator.decisions.toLocaleString('en-US'), `**${evaluator.ratio.toFixed(2)}**`, evaluator.oursUs.toFixed(2), evaluator.theirsUs.toFixed(2)]]),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(ROOT, 'docs', 'benchmarks.md'), md);
  const json = { meta, synth: synthStats, shape, imported20PoolsWithPrincipalTags: imported, samples, simulation, simulationSamples, evaluator };
  fs.writeFileSync(path.join(ROOT, 'docs', 'benchmarks.json'), JSON.stringify(json, undefined, 2) + '\n');
  process.stdout.write(md);
}

try {
  main();
} catch (e) {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
} finally {
  for (const link of ['node_modules', 'assets']) fs.rmSync(path.join(tmp, link), { force: true }); // the links, not their targets
  fs.rmSync(tmp, { recursive: true, force: true });
}
