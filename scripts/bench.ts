/**
 * cdk-identity-pool against aws-cdk-lib's built-in `aws-cognito-identitypool`, as ratios measured
 * in one run (the machine is noisy): synth time at 1, 20, 100 pools with aws-cdk-lib's validation
 * on and off, resources and template bytes per pool, Lambda functions and assets per stack. Each
 * sample is a fresh `node` process; the libraries alternate (who goes first swaps each pair).
 * Then the access simulator: 1,000 sign-ins with one `evaluate` each, as a ratio to one synth of
 * the same stack in the same process; and the IAM evaluator's cost per decision against the
 * oracle the tests check it with (@cloud-copilot/iam-simulate), on the same generated requests;
 * `fromTemplate` on a 100-pool template and the CLI with 10,000 questions, as ratios to a synth
 * of the same stack in the same run.
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
interface Run {
  lib: Lib;
  pools: number;
  validation?: boolean;
  tags?: boolean;
  imported?: boolean;
  simulate?: number;
  bucket?: boolean;
  fromTemplate?: boolean;
  keep?: boolean;
}
interface Simulation { signIns: number; synthMs: number; simulateMs: number }
interface FromTemplate { pools: number; synthMs: number; fromTemplateMs: number; firstMs: number }
const SIGN_INS = 1000;
const FROM_TEMPLATE_POOLS = 100;
const CLI_QUESTIONS = 10_000;

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

/** The environment of a sample's process: nothing of this one's CDK or ts-node settings. */
function childEnv(validation?: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CDK_VALIDATION: validation ? 'true' : 'false' };
  for (const k of Object.keys(env)) if (/^(CDK_CONTEXT_JSON|CDK_OUTDIR|NODE_OPTIONS|TS_NODE_.*)$/.test(k)) delete env[k];
  return env;
}

/** Synthesize `run` in a fresh node process: wall time (spawn to exit), CPU time, the stack's shape. */
function synth(run: Run): { ms: number; cpuMs: number; shape: Shape; simulation?: Simulation; fromTemplate?: FromTemplate; outdir: string } {
  const outdir = path.join(tmp, `out-${++counter}`);
  const args = [path.join(tmp, 'app.js'), '--root', ROOT, '--ours', path.join(tmp, 'lib', 'index.js'),
    '--lib', run.lib, '--pools', String(run.pools), '--outdir', outdir];
  if (run.tags) args.push('--tags');
  if (run.imported) args.push('--imported');
  if (run.simulate) args.push('--simulate', String(run.simulate));
  if (run.bucket) args.push('--bucket');
  if (run.fromTemplate) args.push('--from-template');
  const t0 = process.hrtime.bigint();
  const proc = spawnSync(process.execPath, args, { cwd: ROOT, env: childEnv(run.validation), encoding: 'utf-8', timeout: 600_000 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (proc.status !== 0) throw new Error(`${JSON.stringify(run)} failed (${proc.status ?? proc.error}):\n${proc.stderr.slice(-3000)}`);
  const lines = proc.stdout.trim().split('\n').map((line) => JSON.parse(line));
  const cpu = lines[lines.length - 1];
  const simulation: Simulation | undefined = lines.find((line) => line.simulation)?.simulation;
  const fromTemplate: FromTemplate | undefined = lines.find((line) => line.fromTemplate)?.fromTemplate;
  try {
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, shape: shapeOf(outdir), simulation, fromTemplate, outdir };
  } finally {
    if (!run.keep) fs.rmSync(outdir, { recursive: true, force: true });
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

/** The CLI against a synth of the same stack: wall time of each fresh process, per round. */
interface CliBench {
  questions: number;
  ratio: number;
  medianCliMs: number;
  medianSynthMs: number;
  rounds: Array<{ cliMs: number; synthMs: number }>;
}

/**
 * `cdk-identity-pool simulate` on the cdk.out of the 1-pool stack with a bucket: 10,000
 * questions, distinct users each reading their own folder (all expected ALLOWED, so exit code 0
 * is the check), as a pipeline runs it; against a synth of the same stack, each a fresh process,
 * alternating which goes first.
 */
function cliBench(): CliBench {
  const stack: Run = { lib: 'ours', pools: 1, tags: true, bucket: true, validation: true };
  const { outdir } = synth({ ...stack, keep: true });
  const template = JSON.parse(fs.readFileSync(path.join(outdir, 'Bench.template.json'), 'utf-8'));
  const bucket = Object.keys(template.Resources).find((id) => template.Resources[id].Type === 'AWS::S3::Bucket');
  const userPool = Object.keys(template.Resources).find((id) => template.Resources[id].Type === 'AWS::Cognito::UserPool');
  const provider = { 'Fn::GetAtt': [userPool, 'ProviderName'] };
  const questions = Array.from({ length: CLI_QUESTIONS }, (_, i) => ({
    name: `user ${i} reads their own folder`,
    signIn: { provider, claims: { 'sub': `user-${i}`, 'custom:department': 'eng', 'custom:team': `team-${i % 10}` } },
    action: 's3:GetObject',
    resource: { 'Fn::Sub': `\${${bucket}.Arn}/private/\${identityId}/photo.jpg` },
    expect: 'ALLOWED',
  }));
  const questionsFile = path.join(tmp, 'questions.json');
  fs.writeFileSync(questionsFile, JSON.stringify(questions));
  fs.writeFileSync(path.join(tmp, 'cli.js'), "require('./lib/cli/main').cli();\n");
  const cli = (): number => {
    const t0 = process.hrtime.bigint();
    const proc = spawnSync(process.execPath, [path.join(tmp, 'cli.js'), 'simulate', outdir, '--questions', questionsFile, '--format', 'json'],
      { cwd: tmp, env: childEnv(), encoding: 'utf-8', maxBuffer: 1024 * 1024 * 1024, timeout: 600_000 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (proc.status !== 0) throw new Error(`the CLI exited ${proc.status ?? proc.error}: ${proc.stderr.slice(-2000)}${proc.stdout.slice(0, 2000)}`);
    return ms;
  };
  cli();
  const rounds: Array<{ cliMs: number; synthMs: number }> = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2) {
      const synthMs = synth(stack).ms;
      rounds.push({ cliMs: cli(), synthMs });
    } else {
      const cliMs = cli();
      rounds.push({ cliMs, synthMs: synth(stack).ms });
    }
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  return {
    questions: CLI_QUESTIONS,
    ratio: median(rounds.map((r) => r.cliMs / r.synthMs)),
    medianCliMs: median(rounds.map((r) => r.cliMs)),
    medianSynthMs: median(rounds.map((r) => r.synthMs)),
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

  // 4. fromTemplate on a 100-pool template: in each fresh process, one synth of the stack, then
  // fromTemplate on its text once per pool (the template read once), a sign-in and an evaluate each.
  const fromTemplateSamples: FromTemplate[] = [];
  const fromTemplateRun: Run = { lib: 'ours', pools: FROM_TEMPLATE_POOLS, tags: true, validation: true, fromTemplate: true };
  synth(fromTemplateRun);
  for (let round = 0; round < ROUNDS; round++) fromTemplateSamples.push(synth(fromTemplateRun).fromTemplate!);
  const fromTemplate = {
    pools: FROM_TEMPLATE_POOLS,
    medianSynthMs: median(fromTemplateSamples.map((s) => s.synthMs)),
    medianFromTemplateMs: median(fromTemplateSamples.map((s) => s.fromTemplateMs)),
    medianFirstMs: median(fromTemplateSamples.map((s) => s.firstMs)),
    ratio: median(fromTemplateSamples.map((s) => s.fromTemplateMs / s.synthMs)),
  };
  log('fromTemplate done');

  // 5. The CLI: 10,000 questions against a synth of the same stack.
  const cliRun = cliBench();
  log('CLI done');

  // 6. The IAM evaluator against the oracle, in this process: the differential's requests, each
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
    '## Any template: `fromTemplate` on 100 pools, fromTemplate / synth',
    '',
    `In each fresh \`node\` process: one synth of the ${FROM_TEMPLATE_POOLS}-pool stack with principal tags (\`Template.fromStack(stack).toJSON()\`),`,
    'then `IdentityPoolSimulator.fromTemplate(text, { pool })` on the template\'s JSON text once for each pool, each with one sign-in through',
    'the user pool and one `evaluate` (each must be a granted session with both tags and DENIED, or the run fails). Each call reads',
    'the text anew, the worst case (a caller that parses it once and passes the object saves that); a simulator reads its template once.',
    '',
    table(['Pools', '**fromTemplate, every pool / synth** (median of per-process ratios)', 'synth, median ms', 'fromTemplate, every pool, median ms',
      'the first pool (reading the template), median ms', 'per further pool, ms'],
    [[fromTemplate.pools, `**${fromTemplate.ratio.toFixed(2)}**`, ms(fromTemplate.medianSynthMs), ms(fromTemplate.medianFromTemplateMs),
      ms(fromTemplate.medianFirstMs), ((fromTemplate.medianFromTemplateMs - fromTemplate.medianFirstMs) / (fromTemplate.pools - 1)).toFixed(2)]]),
    '',
    '## The command line: 10,000 questions, CLI / synth',
    '',
    `\`cdk-identity-pool simulate cdk.out --questions questions.json --format json\` with ${CLI_QUESTIONS.toLocaleString('en-US')} questions (distinct users,`,
    'each `s3:GetObject` on their own folder, all expected ALLOWED: exit code 0 is the check) on the cdk.out of the 1-pool stack with',
    'the bucket, against a synth of that same stack (validation on), each a fresh `node` process timed spawn to exit, alternating.',
    'The CLI\'s time includes starting Node.js, loading the library, and reading the template and the 10,000 questions.',
    '',
    table(['Questions', '**CLI / synth**, wall time (median of per-round ratios)', 'per 1,000 questions, in synths (must stay below 1)', 'CLI, median ms',
      'synth, median ms'],
    [[cliRun.questions.toLocaleString('en-US'), `**${cliRun.ratio.toFixed(2)}**`, (cliRun.ratio / (cliRun.questions / 1000)).toFixed(3),
      ms(cliRun.medianCliMs), ms(cliRun.medianSynthMs)]]),
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
  const json = {
    meta,
    synth: synthStats,
    shape,
    imported20PoolsWithPrincipalTags: imported,
    samples,
    simulation,
    simulationSamples,
    fromTemplate,
    fromTemplateSamples,
    cli: cliRun,
    evaluator,
  };
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
