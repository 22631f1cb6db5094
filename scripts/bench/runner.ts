/**
 * Process plumbing of the benchmark: a temp directory that is always removed, the app
 * transpiled to plain JavaScript, and timed fresh `node` processes.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { AssemblyInfo, readAssembly } from './assembly';

export type Lib = 'ours' | 'builtin';

/** Phase times reported by the app, in ms since its process started. */
export interface AppPhases {
  /** When the app's code started running (node bootstrap and loading app.js before it). */
  readonly start: number;
  /** After requiring aws-cdk-lib and the library (aws-cdk-lib loads most modules lazily, later). */
  readonly loaded: number;
  /** After constructing every construct. */
  readonly built: number;
  /** After app.synth(). */
  readonly synthesized: number;
}

export interface AppRun {
  /** Wall time of the whole process, spawn to exit, measured by the parent. */
  readonly wallMs: number;
  readonly phases: AppPhases;
  readonly assembly: AssemblyInfo;
}

export interface AppFailure {
  readonly status: number | null;
  readonly stderr: string;
}

export interface AppRequest {
  readonly lib: Lib;
  readonly pools: number;
  /** aws-cdk-lib's built-in CloudFormation validation at synth (on by default in aws-cdk-lib). */
  readonly validation: boolean;
  readonly principalTags?: boolean;
  readonly analytics?: boolean;
  readonly resourceLimit?: boolean;
}

const APP_TIMEOUT_MS = 10 * 60_000;

export class Workspace {
  public readonly dir: string;
  public readonly appJs: string;
  private counter = 0;

  constructor(public readonly root: string) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-identity-pool-bench-'));
    this.appJs = path.join(this.dir, 'app.js');
    const source = fs.readFileSync(path.join(root, 'scripts', 'bench', 'app.ts'), 'utf-8');
    const out = ts.transpileModule(source, {
      fileName: 'app.ts',
      reportDiagnostics: true,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    if (out.diagnostics && out.diagnostics.length > 0) {
      throw new Error(`transpiling scripts/bench/app.ts failed: ${ts.flattenDiagnosticMessageText(out.diagnostics[0].messageText, '\n')}`);
    }
    fs.writeFileSync(this.appJs, out.outputText);
  }

  public dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Run the app in a fresh node process; the outdir is removed before returning. */
  public runApp(req: AppRequest): AppRun {
    const result = this.tryRunApp(req);
    if ('stderr' in result) {
      throw new Error(`app ${describe(req)} failed (exit ${result.status}):\n${result.stderr}`);
    }
    return result;
  }

  /** Like runApp, but a failing app is returned instead of thrown. */
  public tryRunApp(req: AppRequest): AppRun | AppFailure {
    const outdir = path.join(this.dir, `out-${++this.counter}`);
    const args = [this.appJs, '--root', this.root, '--lib', req.lib, '--pools', String(req.pools), '--outdir', outdir];
    if (req.principalTags) args.push('--principal-tags');
    if (req.analytics) args.push('--analytics');
    if (req.resourceLimit === false) args.push('--no-resource-limit');
    const env = childEnv({ CDK_VALIDATION: req.validation ? 'true' : 'false' });
    try {
      const t0 = process.hrtime.bigint();
      const proc = spawnSync(process.execPath, args, {
        cwd: this.root,
        env,
        encoding: 'utf-8',
        timeout: APP_TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
      });
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      if (proc.error) {
        throw proc.error;
      }
      if (proc.status !== 0) {
        return { status: proc.status, stderr: proc.stderr };
      }
      const line = proc.stdout.trim().split('\n').pop() ?? '';
      const phases = JSON.parse(line) as AppPhases;
      return { wallMs, phases, assembly: readAssembly(outdir) };
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }
}

/** Wall time of `node -e CODE` in a fresh process, in ms. */
export function timeNodeEval(root: string, code: string): number {
  const t0 = process.hrtime.bigint();
  const proc = spawnSync(process.execPath, ['-e', code], { cwd: root, env: childEnv({}), encoding: 'utf-8', timeout: 60_000 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (proc.error) {
    throw proc.error;
  }
  if (proc.status !== 0) {
    throw new Error(`node -e ${JSON.stringify(code)} failed (exit ${proc.status}):\n${proc.stderr}`);
  }
  return ms;
}

/** The environment of a child process: nothing from a surrounding cdk CLI or ts-node may change how it runs. */
function childEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of ['CDK_CONTEXT_JSON', 'CDK_OUTDIR', 'NODE_OPTIONS', 'TS_NODE_PROJECT']) {
    delete env[name];
  }
  return env;
}

export function describe(req: AppRequest): string {
  const flags = [
    req.validation ? 'validation on' : 'validation off',
    req.principalTags ? 'principal tags' : '',
    req.analytics ? 'CDKMetadata' : '',
    req.resourceLimit === false ? 'no resource limit' : '',
  ].filter(Boolean);
  return `${req.lib} ${req.pools} pool(s) (${flags.join(', ')})`;
}
