/**
 * Benchmark of cdk-identity-pool against aws-cdk-lib's built-in `aws-cognito-identitypool`
 * module, measured in the same run, alternating, as ratios (the machine is noisy).
 *
 *   npx projen bench [--rounds N] [--quick]
 *
 * Writes docs/benchmarks.md (also printed on stdout) and docs/benchmarks.json (every raw
 * sample and the medians). Progress goes to stderr. Needs the compiled library (lib/, from
 * `npx projen compile`) and the handler bundle (`npx projen bundle-handler`).
 * Not part of the tests.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AssemblyInfo, measureFiles } from './bench/assembly';
import { AppPhases, AppRequest, AppRun, Lib, Workspace, describe, timeNodeEval } from './bench/runner';
import { fmt, median, round } from './bench/stats';

const ROOT = path.resolve(__dirname, '..');
const LIBS: Lib[] = ['ours', 'builtin'];
const SIZES = [1, 20, 100];
const VALIDATED_SIZE = 100;
const RESOURCE_LIMIT = 500;
const DEFAULT_ROUNDS = 5;
const QUICK_ROUNDS = 2;
const LIB_NAMES: { [lib in Lib]: string } = {
  ours: 'cdk-identity-pool',
  builtin: 'aws-cdk-lib/aws-cognito-identitypool',
};
const HANDLER_BUNDLE = path.join(ROOT, 'assets', 'settings-handler', 'index.js');
const AWS_CUSTOM_RESOURCE_HANDLER = path.join(
  ROOT, 'node_modules', 'aws-cdk-lib', 'custom-resource-handlers', 'dist', 'custom-resources', 'aws-custom-resource-handler', 'index.js',
);

interface Options {
  readonly rounds: number;
  readonly quick: boolean;
  readonly args: string[];
}

interface SynthSample {
  readonly lib: Lib;
  readonly pools: number;
  readonly validation: boolean;
  readonly round: number;
  /** 0 when this library ran first in its pair, 1 when second. */
  readonly position: number;
  readonly wallMs: number;
  readonly phases: AppPhases;
  readonly templateSha256: string;
  readonly validationViolations?: number;
}

interface SynthStats {
  readonly pools: number;
  readonly validation: boolean;
  readonly medianMs: { [lib in Lib]: number };
  /** Median of the phase times, ms since process start. */
  readonly medianPhases: { [lib in Lib]: AppPhases };
  /** median(ours) / median(builtin). */
  readonly ratio: number;
  /** Median over rounds of ours/builtin of the same round. */
  readonly pairedRatio: number;
  readonly minMs: { [lib in Lib]: number };
  readonly maxMs: { [lib in Lib]: number };
}

interface LimitCheck {
  readonly lib: Lib;
  readonly variant: 'plain app' | 'with AWS::CDK::Metadata (cdk CLI default)';
  readonly perPool: number;
  readonly fixed: number;
  readonly computedMax: number;
  readonly resourcesAtMax: number | null;
  readonly fitsAtMax: boolean;
  readonly resourcesAtMaxPlusOne: number | null;
  readonly refusedAtMaxPlusOne: boolean;
  readonly verified: boolean;
  /** stderr of the N-pool app, when it failed. */
  readonly errorAtMax?: string;
}

interface Goal {
  readonly goal: string;
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

function usage(): string {
  return [
    'usage: npx projen bench [--rounds N] [--quick]',
    `  --rounds N  rounds of alternating measurements (default ${DEFAULT_ROUNDS})`,
    `  --quick     ${QUICK_ROUNDS} rounds (all sizes are still measured); --rounds wins when both are given`,
  ].join('\n');
}

function parseOptions(argv: string[]): Options {
  let rounds: number | undefined;
  let quick = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') {
      quick = true;
    } else if (arg === '--rounds' || arg.startsWith('--rounds=')) {
      const raw = arg === '--rounds' ? argv[++i] : arg.slice('--rounds='.length);
      rounds = Number(raw);
      if (!Number.isInteger(rounds) || rounds < 1 || rounds > 100) {
        throw new Error(`--rounds must be an integer from 1 to 100, not ${JSON.stringify(raw)}\n${usage()}`);
      }
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(usage() + '\n');
      process.exit(0);
    } else {
      throw new Error(`unknown argument ${JSON.stringify(arg)}\n${usage()}`);
    }
  }
  return { rounds: rounds ?? (quick ? QUICK_ROUNDS : DEFAULT_ROUNDS), quick, args: argv };
}

const started = Date.now();
function log(message: string): void {
  process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${message}\n`);
}

/** The newest modification time of the files under `dir` with the extension. */
function newestMtime(dir: string, ext: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      newest = Math.max(newest, newestMtime(p, ext));
    } else if (entry.name.endsWith(ext)) {
      newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  }
  return newest;
}

/** Refuse to run without the compiled library and the handler bundle; warn when they look older than their sources. */
function checkBuild(): string[] {
  const libIndex = path.join(ROOT, 'lib', 'index.js');
  if (!fs.existsSync(libIndex)) {
    throw new Error('lib/index.js is missing: compile the library first (npx projen compile)');
  }
  if (!fs.existsSync(HANDLER_BUNDLE)) {
    throw new Error('assets/settings-handler/index.js is missing: bundle the handler first (npx projen bundle-handler)');
  }
  if (!fs.existsSync(AWS_CUSTOM_RESOURCE_HANDLER)) {
    throw new Error(`the AwsCustomResource handler of aws-cdk-lib is not at ${AWS_CUSTOM_RESOURCE_HANDLER}`);
  }
  const warnings: string[] = [];
  if (newestMtime(path.join(ROOT, 'src'), '.ts') > newestMtime(path.join(ROOT, 'lib'), '.js')) {
    warnings.push('src/ has files newer than lib/: the benchmark measured the last compiled library (npx projen compile to refresh).');
  }
  if (newestMtime(path.join(ROOT, 'lambda'), '.ts') > fs.statSync(HANDLER_BUNDLE).mtimeMs) {
    warnings.push('lambda/ has files newer than assets/settings-handler/index.js: the benchmark measured the last bundle (npx projen bundle-handler).');
  }
  return warnings;
}

function packageVersion(dir: string): string {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf-8')).version;
}

function gitHead(): string {
  const proc = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf-8' });
  return proc.status === 0 ? proc.stdout.trim() : 'unknown';
}

function sha(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const warnings = checkBuild();
  for (const w of warnings) log(`warning: ${w}`);
  const command = ['npx projen bench', ...options.args].join(' ');
  log(`${command}: ${options.rounds} round(s)`);

  const ws = new Workspace(ROOT);
  const cleanup = (signal: NodeJS.Signals): void => {
    ws.dispose();
    process.stderr.write(`\ninterrupted (${signal}); removed ${ws.dir}\n`);
    process.exit(130);
  };
  process.once('SIGINT', cleanup);
  process.once('SIGTERM', cleanup);
  try {
    run(ws, options, warnings, command);
  } finally {
    ws.dispose();
  }
}

function run(ws: Workspace, options: Options, warnings: string[], command: string): void {
  // ---- 1. Synth time: fresh node processes, alternating, several rounds ----
  const samples: SynthSample[] = [];
  const assemblies = new Map<string, AssemblyInfo>();
  const key = (lib: Lib, pools: number): string => `${lib}:${pools}`;
  const record = (req: AppRequest, r: AppRun, roundNo: number, position: number): void => {
    samples.push({
      lib: req.lib,
      pools: req.pools,
      validation: req.validation,
      round: roundNo,
      position,
      wallMs: r.wallMs,
      phases: r.phases,
      templateSha256: r.assembly.templateSha256,
      validationViolations: r.assembly.validationViolations,
    });
    const k = key(req.lib, req.pools);
    const seen = assemblies.get(k);
    if (seen && seen.templateSha256 !== r.assembly.templateSha256) {
      throw new Error(`${describe(req)}: the template differs between runs; synthesis is not deterministic`);
    }
    assemblies.set(k, r.assembly);
  };

  log('warm-up (not counted): one 1-pool app per library');
  for (const lib of LIBS) ws.runApp({ lib, pools: 1, validation: false });

  for (let r = 0; r < options.rounds; r++) {
    SIZES.forEach((pools, si) => {
      const order: Lib[] = (r + si) % 2 === 0 ? ['ours', 'builtin'] : ['builtin', 'ours'];
      order.forEach((lib, position) => {
        const req: AppRequest = { lib, pools, validation: false };
        record(req, ws.runApp(req), r, position);
      });
    });
    const order: Lib[] = r % 2 === 0 ? ['builtin', 'ours'] : ['ours', 'builtin'];
    order.forEach((lib, position) => {
      const req: AppRequest = { lib, pools: VALIDATED_SIZE, validation: true };
      record(req, ws.runApp(req), r, position);
    });
    log(`round ${r + 1}/${options.rounds} done`);
  }

  const synthStats: SynthStats[] = [];
  for (const [pools, validation] of [...SIZES.map((n) => [n, false] as const), [VALIDATED_SIZE, true] as const]) {
    const of = (lib: Lib): SynthSample[] => samples.filter((s) => s.lib === lib && s.pools === pools && s.validation === validation);
    const medianMs = { ours: median(of('ours').map((s) => s.wallMs)), builtin: median(of('builtin').map((s) => s.wallMs)) };
    const phasesOf = (lib: Lib): AppPhases => ({
      start: median(of(lib).map((s) => s.phases.start)),
      loaded: median(of(lib).map((s) => s.phases.loaded)),
      built: median(of(lib).map((s) => s.phases.built)),
      synthesized: median(of(lib).map((s) => s.phases.synthesized)),
    });
    const paired: number[] = [];
    for (let r = 0; r < options.rounds; r++) {
      const o = of('ours').find((s) => s.round === r);
      const b = of('builtin').find((s) => s.round === r);
      if (o && b) paired.push(o.wallMs / b.wallMs);
    }
    synthStats.push({
      pools,
      validation,
      medianMs,
      medianPhases: { ours: phasesOf('ours'), builtin: phasesOf('builtin') },
      ratio: medianMs.ours / medianMs.builtin,
      pairedRatio: median(paired),
      minMs: { ours: Math.min(...of('ours').map((s) => s.wallMs)), builtin: Math.min(...of('builtin').map((s) => s.wallMs)) },
      maxMs: { ours: Math.max(...of('ours').map((s) => s.wallMs)), builtin: Math.max(...of('builtin').map((s) => s.wallMs)) },
    });
  }

  // ---- 2. Template per pool: (X(20) - X(1)) / 19 ----
  const base = (lib: Lib, pools: number): AssemblyInfo => assemblies.get(key(lib, pools))!;
  const perPool = (lib: Lib, field: 'resources' | 'templateBytes' | 'templateMinifiedBytes', from = 1, to = 20): number =>
    (base(lib, to)[field] - base(lib, from)[field]) / (to - from);
  const shared = (lib: Lib): number =>
    (base(lib, 1).resourcesByType['AWS::Cognito::UserPool'] ?? 0) + (base(lib, 1).resourcesByType['AWS::Cognito::UserPoolClient'] ?? 0);
  const perPoolByType = (lib: Lib): { [type: string]: number } => {
    const out: { [type: string]: number } = {};
    const t20 = base(lib, 20).resourcesByType;
    const t1 = base(lib, 1).resourcesByType;
    for (const type of Object.keys(t20).sort()) {
      const d = (t20[type] - (t1[type] ?? 0)) / 19;
      if (d !== 0) out[type] = d;
    }
    return out;
  };
  const template = Object.fromEntries(LIBS.map((lib) => [lib, {
    resourcesPerPool: perPool(lib, 'resources'),
    resourcesPerPoolByType: perPoolByType(lib),
    templateBytesPerPool: perPool(lib, 'templateBytes'),
    templateMinifiedBytesPerPool: perPool(lib, 'templateMinifiedBytes'),
    crossCheck: {
      resourcesPerPoolFrom1To100: perPool(lib, 'resources', 1, 100),
      templateBytesPerPoolFrom1To100: perPool(lib, 'templateBytes', 1, 100),
      resourcesOf1PoolMinusUserPoolAndClient: base(lib, 1).resources - shared(lib),
    },
    resources: Object.fromEntries(SIZES.map((n) => [n, base(lib, n).resources])),
    templateBytes: Object.fromEntries(SIZES.map((n) => [n, base(lib, n).templateBytes])),
  }])) as { [lib in Lib]: {
    resourcesPerPool: number;
    resourcesPerPoolByType: { [type: string]: number };
    templateBytesPerPool: number;
    templateMinifiedBytesPerPool: number;
    crossCheck: { resourcesPerPoolFrom1To100: number; templateBytesPerPoolFrom1To100: number; resourcesOf1PoolMinusUserPoolAndClient: number };
    resources: { [pools: number]: number };
    templateBytes: { [pools: number]: number };
  } };

  // ---- 3 and 5. 20 pools with principal tags: ours vs the built-in + AwsCustomResource ----
  log('20-pool apps with principal tags');
  const tagged = {
    ours: ws.runApp({ lib: 'ours', pools: 20, validation: false, principalTags: true }).assembly,
    builtin: ws.runApp({ lib: 'builtin', pools: 20, validation: false, principalTags: true }).assembly,
  };

  // ---- 4. The most pools under the 500-resource limit, verified by synthesis ----
  const limits: LimitCheck[] = [];
  for (const lib of LIBS) {
    const p = template[lib].resourcesPerPool;
    const fixedPlain = base(lib, 1).resources - p;
    for (const analytics of [false, true]) {
      const fixed = fixedPlain + (analytics ? 1 : 0);
      const max = Math.floor((RESOURCE_LIMIT - fixed) / p);
      log(`limit check ${lib}${analytics ? ' with CDKMetadata' : ''}: ${max} and ${max + 1} pools`);
      const atMax = ws.tryRunApp({ lib, pools: max, validation: false, analytics });
      const overMax = ws.tryRunApp({ lib, pools: max + 1, validation: false, analytics });
      const resourcesAtMax = 'assembly' in atMax ? atMax.assembly.resources : null;
      let resourcesAtMaxPlusOne: number | null = null;
      let refused = false;
      if ('assembly' in overMax) {
        resourcesAtMaxPlusOne = overMax.assembly.resources;
      } else {
        const m = /Number of resources in stack '[^']*': (\d+) is greater than allowed maximum of (\d+)/.exec(overMax.stderr);
        if (!m) {
          throw new Error(`${lib} ${max + 1} pools failed for another reason than the resource limit:\n${overMax.stderr}`);
        }
        refused = Number(m[2]) === RESOURCE_LIMIT;
        resourcesAtMaxPlusOne = Number(m[1]);
      }
      const fitsAtMax = resourcesAtMax !== null && resourcesAtMax <= RESOURCE_LIMIT;
      limits.push({
        lib,
        variant: analytics ? 'with AWS::CDK::Metadata (cdk CLI default)' : 'plain app',
        perPool: p,
        fixed,
        computedMax: max,
        resourcesAtMax,
        fitsAtMax,
        resourcesAtMaxPlusOne,
        refusedAtMaxPlusOne: refused,
        errorAtMax: 'stderr' in atMax ? atMax.stderr.slice(0, 2000) : undefined,
        verified: fitsAtMax && resourcesAtMax === fixed + p * max && refused && (resourcesAtMaxPlusOne ?? 0) > RESOURCE_LIMIT,
      });
    }
  }

  // ---- 5. The handler: bytes and module load time, against the AwsCustomResource handler ----
  const handlerFiles = {
    ours: { file: HANDLER_BUNDLE, ...measureFiles(HANDLER_BUNDLE) },
    awsCustomResource: { file: AWS_CUSTOM_RESOURCE_HANDLER, ...measureFiles(AWS_CUSTOM_RESOURCE_HANDLER) },
  };
  // The handlers timed below must be the ones the synthesized assemblies ship.
  const shipped = (a: AssemblyInfo, file: string): boolean => a.assets.some((asset) => asset.fileSha256.includes(sha(file)));
  const handlerIsShipped = { ours: shipped(tagged.ours, HANDLER_BUNDLE), awsCustomResource: shipped(tagged.builtin, AWS_CUSTOM_RESOURCE_HANDLER) };
  if (!handlerIsShipped.ours || !handlerIsShipped.awsCustomResource) {
    throw new Error(`a timed handler is not the one the assembly ships: ${JSON.stringify(handlerIsShipped)}`);
  }
  const loadVariants: { [name: string]: string } = {
    baseline: '',
    ours: `require(${JSON.stringify(HANDLER_BUNDLE)})`,
    awsCustomResource: `require(${JSON.stringify(AWS_CUSTOM_RESOURCE_HANDLER)})`,
    awsCustomResourceWithSdkClient: `require(${JSON.stringify(AWS_CUSTOM_RESOURCE_HANDLER)}); require('@aws-sdk/client-cognito-identity')`,
  };
  const variantNames = Object.keys(loadVariants);
  const loadSamples: { [name: string]: number[] } = Object.fromEntries(variantNames.map((n) => [n, []]));
  const loadIterations = Math.max(8, options.rounds * 4);
  log(`handler module load: ${loadIterations} x ${variantNames.length} node processes`);
  for (const name of variantNames) timeNodeEval(ROOT, loadVariants[name]); // warm-up, not counted
  for (let i = 0; i < loadIterations; i++) {
    for (let j = 0; j < variantNames.length; j++) {
      const name = variantNames[(i + j) % variantNames.length];
      loadSamples[name].push(timeNodeEval(ROOT, loadVariants[name]));
    }
  }
  const loadMedians = Object.fromEntries(variantNames.map((n) => [n, median(loadSamples[n])]));
  const loadMs = Object.fromEntries(variantNames.filter((n) => n !== 'baseline').map((n) => [n, loadMedians[n] - loadMedians.baseline]));

  // ---- Goals, computed ----
  const at100 = synthStats.find((s) => s.pools === 100 && !s.validation)!;
  const at100Validated = synthStats.find((s) => s.pools === VALIDATED_SIZE && s.validation)!;
  const goals: Goal[] = [
    {
      goal: 'Synth time at 100 pools, ours/built-in (library cost: aws-cdk-lib validation off)',
      target: '≤ 1.00',
      measured: at100.ratio.toFixed(2),
      met: at100.ratio <= 1.0,
    },
    {
      goal: 'Synth time at 100 pools, ours/built-in (aws-cdk-lib defaults: its CloudFormation validation on)',
      target: '≤ 1.00',
      measured: at100Validated.ratio.toFixed(2),
      met: at100Validated.ratio <= 1.0,
    },
    {
      goal: 'Resources per pool, ours',
      target: '3',
      measured: String(template.ours.resourcesPerPool),
      met: template.ours.resourcesPerPool === 3,
    },
    {
      goal: 'Resources per pool, built-in (the claim to verify)',
      target: '4',
      measured: String(template.builtin.resourcesPerPool),
      met: template.builtin.resourcesPerPool === 4,
    },
    {
      goal: 'Lambda functions, 20 pools, ours without principal tags',
      target: '0',
      measured: String(base('ours', 20).lambdaFunctions),
      met: base('ours', 20).lambdaFunctions === 0,
    },
    {
      goal: 'Lambda functions, 20 pools, ours with principal tags on every pool',
      target: '1',
      measured: String(tagged.ours.lambdaFunctions),
      met: tagged.ours.lambdaFunctions === 1,
    },
    ...limits.filter((l) => l.variant === 'plain app').map((l) => ({
      goal: `Most pools under ${RESOURCE_LIMIT} resources, ${LIB_NAMES[l.lib]}: N fits, N+1 is refused (synthesized)`,
      target: `N = ⌊(${RESOURCE_LIMIT} − ${l.fixed}) / ${l.perPool}⌋ = ${l.computedMax}`,
      measured: `${l.computedMax}: ${l.resourcesAtMax ?? 'failed'} resources; ${l.computedMax + 1}: ${l.resourcesAtMaxPlusOne ?? '?'}`,
      met: l.verified,
    })),
  ];

  const meta = {
    date: new Date().toISOString(),
    command,
    rounds: options.rounds,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    awsCdkLib: packageVersion(path.join(ROOT, 'node_modules', 'aws-cdk-lib')),
    cdkIdentityPool: packageVersion(ROOT),
    gitHead: gitHead(),
    warnings,
  };

  const results = {
    meta,
    goals,
    synth: {
      note: 'wallMs: spawn to exit of a fresh `node app.js` process; phases: ms since that process started, reported by the app',
      stats: synthStats,
      samples,
    },
    template,
    lambdaFunctions20Pools: {
      oursWithoutPrincipalTags: base('ours', 20).lambdaFunctions,
      oursWithPrincipalTags: tagged.ours.lambdaFunctions,
      builtin: base('builtin', 20).lambdaFunctions,
      builtinWithAwsCustomResource: tagged.builtin.lambdaFunctions,
    },
    limits,
    principalTags20Pools: {
      ours: summarize(tagged.ours, base('ours', 20)),
      builtinWithAwsCustomResource: summarize(tagged.builtin, base('builtin', 20)),
    },
    handler: {
      files: handlerFiles,
      handlerIsShipped,
      loadIterations,
      loadSamplesMs: loadSamples,
      loadMediansMs: loadMedians,
      loadMs,
    },
  };

  const markdown = renderMarkdown(results);
  const docs = path.join(ROOT, 'docs');
  fs.mkdirSync(docs, { recursive: true });
  fs.writeFileSync(path.join(docs, 'benchmarks.md'), markdown);
  fs.writeFileSync(path.join(docs, 'benchmarks.json'), JSON.stringify(results, undefined, 2) + '\n');
  process.stdout.write(markdown);
  log(`wrote docs/benchmarks.md and docs/benchmarks.json; ${goals.filter((g) => !g.met).length} goal(s) not met`);
}

function summarize(a: AssemblyInfo, without: AssemblyInfo) {
  return {
    resources: a.resources,
    resourcesAddedByPrincipalTags: a.resources - without.resources,
    resourcesByType: a.resourcesByType,
    resourcesAddedByType: Object.fromEntries(Object.keys(a.resourcesByType).sort()
      .map((type) => [type, a.resourcesByType[type] - (without.resourcesByType[type] ?? 0)] as const)
      .filter(([, n]) => n !== 0)),
    awsCustomResourcesInstallingLatestSdk: a.awsCustomResourcesInstallingLatestSdk,
    lambdaFunctions: a.lambdaFunctions,
    identityPolicyStatements: a.identityPolicyStatements,
    identityPolicyStatementsAddedByPrincipalTags: a.identityPolicyStatements - without.identityPolicyStatements,
    trustPolicyStatements: a.trustPolicyStatements,
    trustPolicyStatementsAddedByPrincipalTags: a.trustPolicyStatements - without.trustPolicyStatements,
    templateBytes: a.templateBytes,
    templateBytesAddedByPrincipalTags: a.templateBytes - without.templateBytes,
    assets: a.assets.map(({ fileSha256: _hashes, ...rest }) => rest),
    assetBytes: a.assetBytes,
    assetGzipBytes: a.assetGzipBytes,
  };
}

type Results = {
  meta: { [k: string]: any };
  goals: Goal[];
  synth: { stats: SynthStats[] };
  template: { [lib in Lib]: any };
  lambdaFunctions20Pools: { [k: string]: number };
  limits: LimitCheck[];
  principalTags20Pools: { ours: ReturnType<typeof summarize>; builtinWithAwsCustomResource: ReturnType<typeof summarize> };
  handler: {
    files: { [k: string]: { files: number; bytes: number; gzipBytes: number } };
    loadIterations: number;
    loadMediansMs: { [k: string]: number };
    loadMs: { [k: string]: number };
  };
};

function table(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function renderMarkdown(res: Results): string {
  const m = res.meta;
  const yes = (ok: boolean): string => (ok ? 'yes' : '**NO**');
  const ms = (v: number): string => fmt(round(v));
  const out: string[] = [];
  out.push('# Benchmarks: cdk-identity-pool vs aws-cdk-lib/aws-cognito-identitypool');
  out.push('');
  out.push(`- Machine: ${m.cpu}, ${m.cores} cores, ${m.platform}; Node ${m.node}`);
  out.push(`- aws-cdk-lib ${m.awsCdkLib}; cdk-identity-pool ${m.cdkIdentityPool} (commit ${m.gitHead}, compiled lib/)`);
  out.push(`- Date: ${m.date}; rounds: ${m.rounds}`);
  out.push(`- Command: \`${m.command}\``);
  for (const w of m.warnings as string[]) out.push(`- **Warning:** ${w}`);
  out.push('');
  out.push('Both libraries are measured in the same run, alternating (the one that goes first swaps every pair), and compared as');
  out.push('ratios of medians: the machine is shared and noisy, so absolute times vary between runs much more than ratios.');
  out.push('');

  out.push('## Goals');
  out.push('');
  out.push(table(['Goal', 'Target', 'Measured', 'Met'], res.goals.map((g) => [g.goal, g.target, g.measured, yes(g.met)])));
  out.push('');

  out.push('## 1. Whole-process synth time');
  out.push('');
  out.push('One stack: a user pool, one app client, and N identity pools, each with the user-pool provider (the built-in through');
  out.push('`UserPoolAuthenticationProvider({ userPool, userPoolClient })`). Every sample is a fresh `node` process running the same');
  out.push('plain JavaScript app (`scripts/bench/app.ts`, transpiled once), which loads aws-cdk-lib from node_modules and this');
  out.push('library from `lib/`, synthesizes into a temp directory (removed after) and exits. Time is spawn to exit, in ms.');
  out.push('');
  out.push(table(
    ['Pools', 'aws-cdk-lib validation', 'ours (median ms)', 'built-in (median ms)', '**ours/built-in** (ratio of medians)',
      'median of per-round ratios', 'min–max ms, ours', 'min–max ms, built-in'],
    res.synth.stats.map((s) => [
      s.pools,
      s.validation ? 'on (default)' : 'off',
      ms(s.medianMs.ours),
      ms(s.medianMs.builtin),
      `**${s.ratio.toFixed(2)}**`,
      s.pairedRatio.toFixed(2),
      `${ms(s.minMs.ours)}–${ms(s.maxMs.ours)}`,
      `${ms(s.minMs.builtin)}–${ms(s.maxMs.builtin)}`,
    ]),
  ));
  out.push('');
  out.push('aws-cdk-lib 2.276 runs a built-in CloudFormation validation (a WebAssembly engine) during `app.synth()` unless');
  out.push('`CDK_VALIDATION=false`. It costs seconds and is the same engine for both libraries, so it hides most of what the');
  out.push('libraries themselves cost: the rows with validation off measure the libraries (load, construct, synth); the');
  out.push('validated row is what a user gets with aws-cdk-lib defaults.');
  out.push('');
  out.push('Where the time goes (median ms since process start, as reported by the app):');
  out.push('');
  out.push(table(
    ['Pools', 'Validation', 'Library', 'app code starts', 'modules required', 'constructs built', 'synthesized', 'process exited'],
    res.synth.stats.flatMap((s) => LIBS.map((lib) => [
      s.pools,
      s.validation ? 'on' : 'off',
      lib === 'ours' ? 'ours' : 'built-in',
      ms(s.medianPhases[lib].start),
      ms(s.medianPhases[lib].loaded),
      ms(s.medianPhases[lib].built),
      ms(s.medianPhases[lib].synthesized),
      ms(s.medianMs[lib]),
    ])),
  ));
  out.push('');
  out.push('"modules required" is cheap for aws-cdk-lib modules, which load their dependencies lazily, on first use; the');
  out.push('compiled `lib/` of this library requires its modules (aws-iam, aws-lambda, aws-logs...) eagerly.');
  out.push('');

  out.push('## 2. Template per pool');
  out.push('');
  out.push('Per pool = (value for the 20-pool app − value for the 1-pool app) / 19: the shared user pool and client, and');
  out.push('everything else made once per stack, cancel out, and no resource has to be attributed by hand. Pool construct ids');
  out.push('are zero-padded (`Pool0001`) so every pool has the same text length. Cross-check: the same over 1 → 100 pools.');
  out.push('');
  const t = res.template;
  const byType = (x: { [type: string]: number }): string => Object.entries(x).map(([k, v]) => `${v} ${k}`).join(', ');
  out.push(table(
    ['Library', 'Resources per pool', 'Of which', 'Template bytes per pool (as written)', 'Minified JSON bytes per pool', 'Cross-check 1→100 (resources, bytes)'],
    LIBS.map((lib) => [
      LIB_NAMES[lib],
      t[lib].resourcesPerPool,
      byType(t[lib].resourcesPerPoolByType),
      fmt(round(t[lib].templateBytesPerPool, 1), 1),
      fmt(round(t[lib].templateMinifiedBytesPerPool, 1), 1),
      `${t[lib].crossCheck.resourcesPerPoolFrom1To100}, ${fmt(round(t[lib].crossCheck.templateBytesPerPoolFrom1To100, 1), 1)}`,
    ]),
  ));
  out.push('');
  out.push(table(
    ['Library', ...SIZES.map((n) => `Resources, ${n} pool(s)`), ...SIZES.map((n) => `Template bytes, ${n} pool(s)`)],
    LIBS.map((lib) => [
      LIB_NAMES[lib],
      ...SIZES.map((n) => t[lib].resources[n]),
      ...SIZES.map((n) => fmt(t[lib].templateBytes[n])),
    ]),
  ));
  out.push('');

  out.push('## 3. Lambda functions per stack (20 pools)');
  out.push('');
  const lf = res.lambdaFunctions20Pools;
  out.push(table(['App', 'Lambda functions'], [
    ['ours, no principal tags', lf.oursWithoutPrincipalTags],
    ['ours, principal tags on every pool', lf.oursWithPrincipalTags],
    ['built-in', lf.builtin],
    ['built-in + an AwsCustomResource per pool for principal tags', lf.builtinWithAwsCustomResource],
  ]));
  out.push('');

  out.push(`## 4. Most pools per stack under CloudFormation's ${RESOURCE_LIMIT}-resource limit`);
  out.push('');
  out.push(`N = ⌊(${RESOURCE_LIMIT} − fixed) / per pool⌋, fixed = resources of the 1-pool app − per pool. Verified by synthesizing N and`);
  out.push(`N+1 pools with aws-cdk-lib's own ${RESOURCE_LIMIT}-resource check on: N must synthesize with ≤ ${RESOURCE_LIMIT} resources, N+1 must be`);
  out.push('refused. The cdk CLI adds an `AWS::CDK::Metadata` resource by default (version reporting), which the plain');
  out.push('`node` app does not; both are shown.');
  out.push('');
  out.push(table(
    ['Library', 'App', 'Per pool', 'Fixed', 'N', 'Resources at N', 'Resources at N+1', 'N+1 refused', 'Verified'],
    res.limits.map((l) => [
      LIB_NAMES[l.lib],
      l.variant,
      l.perPool,
      l.fixed,
      `**${l.computedMax}**`,
      l.resourcesAtMax ?? 'failed',
      l.resourcesAtMaxPlusOne ?? '?',
      yes(l.refusedAtMaxPlusOne),
      yes(l.verified),
    ]),
  ));
  out.push('');

  out.push('## 5. Principal tags: the settings handler vs an AwsCustomResource');
  out.push('');
  out.push('20 pools, each with the principal-tag map `{ department: custom:department, team: custom:team }` for its user-pool');
  out.push('provider. Ours: `pool.addPrincipalTags(provider, { tags })`. Workaround with the built-in: per pool an `AwsCustomResource`');
  out.push('(`onCreate`/`onUpdate`: `CognitoIdentity.setPrincipalTagAttributeMap`, `onDelete`: the same call with an empty map,');
  out.push('`AwsCustomResourcePolicy.fromSdkCalls({ resources: [poolArn] })`), plus an `sts:TagSession` trust statement on the');
  out.push('authenticated role, without which the service cannot tag sessions (ours adds it itself).');
  out.push('');
  const pt = res.principalTags20Pools;
  const h = res.handler;
  const kb = (b: number): string => fmt(b);
  out.push(table(['', 'ours', 'built-in + AwsCustomResource'], [
    ['Lambda functions per stack', pt.ours.lambdaFunctions, pt.builtinWithAwsCustomResource.lambdaFunctions],
    ['Resources (added by principal tags)', `${pt.ours.resources} (+${pt.ours.resourcesAddedByPrincipalTags})`,
      `${pt.builtinWithAwsCustomResource.resources} (+${pt.builtinWithAwsCustomResource.resourcesAddedByPrincipalTags})`],
    ['Added resources by type', byType(pt.ours.resourcesAddedByType), byType(pt.builtinWithAwsCustomResource.resourcesAddedByType)],
    ['Custom resources that npm-install the latest AWS SDK on a cold start (`InstallLatestAwsSdk`)',
      pt.ours.awsCustomResourcesInstallingLatestSdk, pt.builtinWithAwsCustomResource.awsCustomResourcesInstallingLatestSdk],
    ['IAM identity-policy statements (added)', `${pt.ours.identityPolicyStatements} (+${pt.ours.identityPolicyStatementsAddedByPrincipalTags})`,
      `${pt.builtinWithAwsCustomResource.identityPolicyStatements} (+${pt.builtinWithAwsCustomResource.identityPolicyStatementsAddedByPrincipalTags})`],
    ['IAM trust-policy statements (added)', `${pt.ours.trustPolicyStatements} (+${pt.ours.trustPolicyStatementsAddedByPrincipalTags})`,
      `${pt.builtinWithAwsCustomResource.trustPolicyStatements} (+${pt.builtinWithAwsCustomResource.trustPolicyStatementsAddedByPrincipalTags})`],
    ['Template bytes (added)', `${kb(pt.ours.templateBytes)} (+${kb(pt.ours.templateBytesAddedByPrincipalTags)})`,
      `${kb(pt.builtinWithAwsCustomResource.templateBytes)} (+${kb(pt.builtinWithAwsCustomResource.templateBytesAddedByPrincipalTags)})`],
    ['Asset bytes in the assembly (files; gzip -9 per file)', `${kb(pt.ours.assetBytes)} (${pt.ours.assets.length} asset); ${kb(pt.ours.assetGzipBytes)}`,
      `${kb(pt.builtinWithAwsCustomResource.assetBytes)} (${pt.builtinWithAwsCustomResource.assets.length} asset); ${kb(pt.builtinWithAwsCustomResource.assetGzipBytes)}`],
    ['Handler file bytes, raw / gzip -9', `${kb(h.files.ours.bytes)} / ${kb(h.files.ours.gzipBytes)}`,
      `${kb(h.files.awsCustomResource.bytes)} / ${kb(h.files.awsCustomResource.gzipBytes)}`],
    [`Module load time, ms (median of ${h.loadIterations} processes − baseline ${ms(h.loadMediansMs.baseline)} ms)`,
      ms(h.loadMs.ours), ms(h.loadMs.awsCustomResource)],
    ['Module load + `@aws-sdk/client-cognito-identity`, ms', `${ms(h.loadMs.ours)} (the bundle loads it itself)`,
      ms(h.loadMs.awsCustomResourceWithSdkClient)],
  ]));
  out.push('');
  out.push('IAM statements: identity policies are the `AWS::IAM::Policy`/`ManagedPolicy` documents and inline role policies;');
  out.push('managed policies attached by ARN (the AwsCustomResource role gets `AWSLambdaBasicExecutionRole`) are not in the template');
  out.push('and not counted. Trust statements are the roles\' `AssumeRolePolicyDocument` statements (both sides add `sts:TagSession`');
  out.push('to the 20 authenticated roles and have one Lambda role).');
  out.push('');
  out.push('Asset bytes: the file assets of the asset manifest (templates excepted), summed over their files as staged in the');
  out.push('assembly. Module load time: `node -e "require(handler)"` in a fresh process, from the handler\'s place in the repository');
  out.push('(the file is checked to be byte-identical to the shipped asset), alternating with a `node -e ""` baseline. Our bundle');
  out.push('requires the Cognito Identity SDK client when it loads (resolved here from node_modules; Lambda provides it); the');
  out.push('AwsCustomResource handler loads the SDK package on its first event, so the last row adds that require to it.');
  out.push('');
  return out.join('\n');
}

try {
  main();
} catch (e) {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
}
