/**
 * The package as a user gets it: `npm pack` (which runs prepack: compile and bundle), then the
 * tarball installed in an empty project next to its peer dependencies, and used.
 *
 * - The tarball holds what the package needs to work (lib/, .jsii, the handler bundle, the
 *   command, the bundled YAML reader, the docs the README links to) and none of the repository's
 *   sources, tests or build leftovers.
 * - Everything that ships as code (bundled dependencies, and every package esbuild put into the
 *   handler bundle) has a permissive licence.
 * - Installed, the package loads, a stack with a pool it does not own synthesizes with the
 *   handler asset, and `npx cdk-identity-pool` answers questions with the exit codes docs/cli.md
 *   gives. The install prints no warning.
 *
 * Exits 1, naming what is wrong, when any of this fails.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildSync } from 'esbuild';

const ROOT = path.join(__dirname, '..');
const PERMISSIVE = ['MIT', 'ISC', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', '0BSD'];
const problems: string[] = [];
const check = (ok: boolean, problem: string) => {
  if (!ok) problems.push(problem);
};

function npm(args: string[], cwd: string): { stdout: string; stderr: string } {
  const result = spawnSync('npm', args, { cwd, encoding: 'utf-8', env: { ...process.env, NPM_CONFIG_UPDATE_NOTIFIER: 'false', NPM_CONFIG_FUND: 'false', NPM_CONFIG_AUDIT: 'false' } });
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    throw new Error(`npm ${args.join(' ')} failed in ${cwd} (exit ${result.status})`);
  }
  return { stdout: result.stdout, stderr: result.stderr };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'check-package-'));
try {
  // --- the tarball
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], ROOT).stdout.replace(/^[^[]*/s, ''))[0];
  const files: string[] = packed.files.map((f: any) => f.path);
  console.log(`npm pack: ${packed.filename}, ${files.length} files, ${(packed.size / 1024).toFixed(0)} kB packed`);
  for (const needed of ['lib/index.js', 'lib/index.d.ts', 'lib/cli/main.js', '.jsii', 'assets/settings-handler/index.js', 'bin/cdk-identity-pool',
    'node_modules/yaml/package.json', 'README.md', 'LICENSE', 'API.md', 'docs/simulator.md', 'docs/cli.md', 'docs/migration.md', 'docs/service-contract.md']) {
    check(files.includes(needed), `the tarball lacks ${needed}`);
  }
  for (const file of files) {
    check(!file.startsWith('.venv/') && !file.startsWith('bench-results/') && !file.startsWith('coverage/'), `the tarball ships ${file}, a leftover of the repository's tools`);
    check(!/^(src|test|lambda|examples|scripts|\.ci|\.build|projenrc)\//.test(file) && !file.endsWith('.map') && !file.endsWith('.tsbuildinfo')
      && !/^lib\/.*\.ts$/.test(file.replace(/\.d\.ts$/, '')) && !file.startsWith('docs/benchmarks.json'), `the tarball ships ${file}, which is not for users`);
  }

  // --- licences of what ships as code
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
  check(PERMISSIVE.includes(pkg.license), `the package's own licence ${pkg.license} is not one of ${PERMISSIVE.join(', ')}`);
  const shipped = new Set<string>(pkg.bundledDependencies ?? []);
  const bundle = buildSync({
    entryPoints: [path.join(ROOT, 'lambda', 'index.ts')], bundle: true, platform: 'node', format: 'cjs', external: ['@aws-sdk/*'], write: false, metafile: true, logLevel: 'silent',
  });
  for (const input of Object.keys(bundle.metafile!.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) shipped.add(m[1]);
  }
  const licences: string[] = [];
  for (const name of shipped) {
    const manifest = path.join(ROOT, 'node_modules', name, 'package.json');
    const licence = fs.existsSync(manifest) ? JSON.parse(fs.readFileSync(manifest, 'utf-8')).license : undefined;
    licences.push(`${name} (${licence})`);
    check(PERMISSIVE.includes(licence), `${name}, which ships (bundled dependency or in the handler bundle), has the licence ${licence}, not one of ${PERMISSIVE.join(', ')}`);
    const deps = Object.keys(JSON.parse(fs.readFileSync(manifest, 'utf-8')).dependencies ?? {});
    check(deps.length === 0 || !pkg.bundledDependencies?.includes(name), `${name} is bundled but has dependencies of its own (${deps.join(', ')}): check their licences too`);
  }
  console.log(`licences of what ships: ${licences.join(', ') || 'nothing but the package'}`);

  // --- installed in an empty project, with the peer dependencies this repository builds with
  const app = path.join(work, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'user-app', version: '1.0.0', private: true }));
  const version = (name: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf-8')).version;
  const install = npm(['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(work, packed.filename), `aws-cdk-lib@${version('aws-cdk-lib')}`, `constructs@${version('constructs')}`], app);
  const warnings = `${install.stdout}\n${install.stderr}`.split('\n').filter((line) => /\bwarn\b/i.test(line));
  check(warnings.length === 0, `installing the tarball warns:\n${warnings.join('\n')}`);

  const script = `
    const { App, Stack } = require('aws-cdk-lib');
    const { IdentityPool } = require('cdk-identity-pool');
    const app = new App({ outdir: 'cdk.out' });
    const stack = new Stack(app, 'Imported', { env: { account: '123456789012', region: 'us-east-1' } });
    // A pool the stack does not own: its classic-flow setting needs the settings handler.
    const pool = IdentityPool.fromIdentityPoolId(stack, 'Pool', 'us-east-1:0f7e4a64-6c42-4b0e-a1d4-1c5f8c7a2b3d');
    pool.configureClassicFlow(false);
    app.synth();
  `;
  execFileSync('node', ['-e', script], { cwd: app, encoding: 'utf-8' });
  const assets = fs.readdirSync(path.join(app, 'cdk.out')).filter((entry) => entry.startsWith('asset.'));
  check(assets.length === 1, `a stack with an imported pool has ${assets.length} assets (${assets.join(', ')}), not the handler's one`);
  const handler = path.join(app, 'cdk.out', assets[0] ?? '', 'index.js');
  check(assets.length === 1 && fs.readFileSync(handler, 'utf-8') === fs.readFileSync(path.join(ROOT, 'assets', 'settings-handler', 'index.js'), 'utf-8'),
    `the synthesized handler asset is not the bundle the package ships (${handler})`);

  // The command, as a pipeline runs it.
  const fixtures = path.join(ROOT, 'test', 'fixtures');
  const cli = (args: string[]) => spawnSync('npx', ['--no-install', 'cdk-identity-pool', ...args], { cwd: app, encoding: 'utf-8' });
  const help = cli(['--help']);
  check(help.status === 0 && help.stdout.startsWith('Usage:'), `npx cdk-identity-pool --help: exit ${help.status}, ${help.stderr}`);
  const met = cli(['simulate', path.join(fixtures, 'handwritten-pool.yaml'), '--questions', path.join(fixtures, 'questions', 'handwritten.yaml'), '--parameter', 'Stage=prod']);
  check(met.status === 0 && /5 questions, 5 with an expectation: all met/.test(met.stdout), `npx cdk-identity-pool simulate: exit ${met.status}\n${met.stdout}${met.stderr}`);
  const bad = cli(['simulate', path.join(fixtures, 'handwritten-pool.yaml'), '--questions', path.join(fixtures, 'handwritten-pool.yaml')]);
  check(bad.status === 2 && /question|give a list/.test(bad.stderr), `npx cdk-identity-pool on a malformed questions file: exit ${bad.status} (want 2)\n${bad.stderr}`);
  console.log('installed: the package loads and synthesizes with its handler asset; npx cdk-identity-pool exits 0 (met) and 2 (bad input)');
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`check:package: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('check:package: the packed package installs and works');
