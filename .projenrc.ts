import { awscdk, javascript, JsonFile } from 'projen';

// aws-cdk-lib that the library is developed and tested against. The peer-dependency floor
// (cdkVersion) stays lower: it is the oldest release with everything the constructs use
// (Node.js 22 Lambda runtime, AllowClassicFlow on CfnIdentityPool).
const CDK_DEV_VERSION = '2.276.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-identity-pool',
  description:
    'AWS CDK constructs for Amazon Cognito identity pools: every Cognito Identity setting, secure defaults, synth-time validation.',
  author: 'cdk-identity-pool maintainers',
  authorAddress: 'maintainers@example.com',
  repositoryUrl: 'https://github.com/cdk-identity-pool/cdk-identity-pool.git',
  keywords: ['cdk', 'aws-cdk', 'cognito', 'identity-pool', 'federated-identities', 'abac'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // Node 20 on every machine: jsii 5.9 and TypeScript 5.9 run there.
  minNodeVersion: '20.16.0',
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0',
  cdkVersion: '2.180.0',
  constructsVersion: '10.0.5',
  peerDependencyOptions: { pinnedDevDependency: false },

  // No registry but npm is reachable: nothing is published from here, and no GitHub
  // workflows are generated. The jsii targets are still declared (package.json "jsii"),
  // CI proves them with `jsii-pacmak --code-only`.
  release: false,
  github: false,
  package: false,
  publishToPypi: { distName: 'cdk-identity-pool', module: 'cdk_identity_pool' },
  publishToMaven: {
    javaPackage: 'io.github.cdkidentitypool',
    mavenGroupId: 'io.github.cdk-identity-pool',
    mavenArtifactId: 'cdk-identity-pool',
  },
  publishToNuget: { dotNetNamespace: 'CdkIdentityPool', packageId: 'CdkIdentityPool' },
  publishToGo: { moduleName: 'github.com/cdk-identity-pool/cdk-identity-pool-go' },

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
  ],

  jestOptions: {
    // jest 30 depends on unrs-resolver: see the note on eslint-import-resolver-typescript.
    jestVersion: '^29',
    // A test run that finds no test is a failure, and snapshots are never rewritten by CI.
    passWithNoTests: false,
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      setupFilesAfterEnv: ['<rootDir>/test/setup/capture-templates.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/', '\\.snapshot'],
      coverageReporters: ['text-summary', 'json'],
      testTimeout: 60_000,
    },
  },
  tsconfigDev: {
    compilerOptions: {},
    include: ['../examples/**/*.ts', '../lambda/**/*.ts', '../scripts/**/*.ts'],
  },
  eslintOptions: {
    dirs: ['src', 'lambda'],
    devdirs: ['test', 'examples', 'scripts', 'projenrc', '.projenrc.ts'],
  },
  gitignore: ['/assets/', 'cdk.out/', '/test-reports/', '/bench-results/', '.venv/', '.jsii.tabl.json'],
  npmignoreEnabled: true,
});

// jest 30 and eslint-import-resolver-typescript 4 depend on unrs-resolver, whose platform
// packages the reachable registry does not all serve: npm then writes a lock file without
// them, and `npm ci` refuses that lock file. These versions resolve without unrs-resolver.
project.deps.removeDependency('eslint-import-resolver-typescript');
project.addDevDeps('eslint-import-resolver-typescript@~3.7.0');
// ts-jest 29.4 requires jest-util, an optional peer that npm leaves nested under jest 29.
project.addDevDeps('jest-util@^29');

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

// The handler imports the AWS SDK, a devDependency on purpose: the Lambda runtime provides it
// and esbuild leaves it out of the bundle.
project.eslint?.addOverride({
  files: ['lambda/**/*.ts'],
  rules: { 'import/no-extraneous-dependencies': ['error', { devDependencies: true }] },
});

// Ship the built handler bundle, not its source or the repo's tooling.
project.npmignore?.addPatterns('/lambda/', '/examples/', '/scripts/', '/docs/', '/.ci/', 'cdk.out/');
project.npmignore?.include('/assets/');

// --- The custom-resource handler: bundled with esbuild at build time, shipped in assets/ ---
const bundle = project.addTask('bundle-handler', {
  description: 'Bundle the settings custom-resource handler (lambda/) into assets/settings-handler',
  exec: [
    'esbuild lambda/index.ts --bundle --platform=node --target=node22 --format=cjs --minify',
    '--external:@aws-sdk/* --legal-comments=none --outfile=assets/settings-handler/index.js',
  ].join(' '),
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

// --- The main job: synthesize the example app and summarize it ---
const example = project.addTask('example', {
  description: 'Synthesize the example app in examples/ into cdk.out and print a summary',
});
example.spawn(bundle);
example.exec('ts-node --project test/tsconfig.json examples/app.ts');
example.exec('ts-node --project test/tsconfig.json scripts/summarize-cdk-out.ts cdk.out');

// --- Evidence for users: benchmark against aws-cdk-lib's built-in module (not a test) ---
project.addTask('bench', {
  description: 'Benchmark synth time, template size and the handler against aws-cdk-lib (writes docs/benchmarks.md)',
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

// The devDependency on aws-cdk-lib is newer than the peer floor on purpose (see CDK_DEV_VERSION).
project.compileTask.reset('jsii --silence-warnings=reserved-word --silence-warnings=metadata/missing-dev-dependency');

// Every TypeScript example of the README (and of doc comments) must compile: jsii-rosetta in
// strict mode, on the assembly the compile step just wrote.
const rosetta = project.addTask('rosetta', {
  description: 'Compile every TypeScript example of README.md and the API docs (jsii-rosetta --strict)',
  exec: 'jsii-rosetta extract --strict',
});
project.postCompileTask.spawn(rosetta);

// The build packs the npm tarball and generates (never publishes) the other languages:
// their registries and toolchains are out of reach here.
project.packageTask.reset();
project.packageTask.exec('jsii-pacmak -v --target js');
project.packageTask.spawn(project.tasks.tryFind('pacmak')!);

project.synth();
