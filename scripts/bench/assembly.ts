/**
 * Read a synthesized cloud assembly (one stack) and count what the benchmark reports:
 * resources, template bytes, Lambda functions, IAM policy statements and asset bytes.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

export interface AssetInfo {
  /** Path of the asset, relative to the assembly directory. */
  readonly path: string;
  readonly packaging: string;
  readonly files: number;
  readonly bytes: number;
  /** Sum of the gzip -9 sizes of the asset's files (an approximation of the uploaded zip). */
  readonly gzipBytes: number;
  /** sha256 of each file. */
  readonly fileSha256: string[];
}

export interface AssemblyInfo {
  readonly resources: number;
  readonly resourcesByType: { [type: string]: number };
  /** Bytes of the template file as the CDK writes it. */
  readonly templateBytes: number;
  /** Bytes of the template as compact JSON. */
  readonly templateMinifiedBytes: number;
  readonly lambdaFunctions: number;
  /** Statements of identity policies: AWS::IAM::Policy, AWS::IAM::ManagedPolicy and inline role policies. */
  readonly identityPolicyStatements: number;
  /** Statements of role trust policies (AssumeRolePolicyDocument). */
  readonly trustPolicyStatements: number;
  /** Custom::AWS resources (AwsCustomResource) that npm-install the latest AWS SDK on a cold start. */
  readonly awsCustomResourcesInstallingLatestSdk: number;
  /** File assets of the asset manifest, templates excepted. */
  readonly assets: AssetInfo[];
  readonly assetBytes: number;
  readonly assetGzipBytes: number;
  /** Violations in validation-report.json (aws-cdk-lib's built-in CloudFormation validation), when there is one. */
  readonly validationViolations?: number;
  /** sha256 of the template text, to check that synthesis is deterministic across rounds. */
  readonly templateSha256: string;
}

function statements(doc: any): number {
  if (!doc || doc.Statement === undefined) {
    return 0;
  }
  return Array.isArray(doc.Statement) ? doc.Statement.length : 1;
}

function walk(p: string): string[] {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) {
    return [p];
  }
  return fs.readdirSync(p).sort().flatMap((name) => walk(path.join(p, name)));
}

/** Size of a file or directory of files, raw and gzipped file by file. */
export function measureFiles(p: string): { files: number; bytes: number; gzipBytes: number; fileSha256: string[] } {
  let bytes = 0;
  let gzipBytes = 0;
  const files = walk(p);
  const fileSha256: string[] = [];
  for (const file of files) {
    const content = fs.readFileSync(file);
    bytes += content.length;
    gzipBytes += zlib.gzipSync(content, { level: 9 }).length;
    fileSha256.push(crypto.createHash('sha256').update(content).digest('hex'));
  }
  return { files: files.length, bytes, gzipBytes, fileSha256 };
}

/** Read the one stack of the assembly in `outdir`. */
export function readAssembly(outdir: string): AssemblyInfo {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf-8'));
  const artifacts = Object.values<any>(manifest.artifacts ?? {});
  const stacks = artifacts.filter((a) => a.type === 'aws:cloudformation:stack');
  if (stacks.length !== 1) {
    throw new Error(`${outdir}: expected one stack, found ${stacks.length}`);
  }
  const templateFile = stacks[0].properties.templateFile as string;
  const templateText = fs.readFileSync(path.join(outdir, templateFile), 'utf-8');
  const template = JSON.parse(templateText);
  const resources = Object.values<any>(template.Resources ?? {});

  const resourcesByType: { [type: string]: number } = {};
  let identityPolicyStatements = 0;
  let trustPolicyStatements = 0;
  let awsCustomResourcesInstallingLatestSdk = 0;
  for (const r of resources) {
    resourcesByType[r.Type] = (resourcesByType[r.Type] ?? 0) + 1;
    const props = r.Properties ?? {};
    if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') {
      identityPolicyStatements += statements(props.PolicyDocument);
    }
    if (r.Type === 'Custom::AWS' && (props.InstallLatestAwsSdk === true || props.InstallLatestAwsSdk === 'true')) {
      awsCustomResourcesInstallingLatestSdk++;
    }
    if (r.Type === 'AWS::IAM::Role') {
      trustPolicyStatements += statements(props.AssumeRolePolicyDocument);
      for (const inline of props.Policies ?? []) {
        identityPolicyStatements += statements(inline.PolicyDocument);
      }
    }
  }

  const assets: AssetInfo[] = [];
  for (const artifact of artifacts.filter((a) => a.type === 'cdk:asset-manifest')) {
    const assetManifest = JSON.parse(fs.readFileSync(path.join(outdir, artifact.properties.file), 'utf-8'));
    for (const asset of Object.values<any>(assetManifest.files ?? {})) {
      const source = asset.source ?? {};
      if (typeof source.path !== 'string' || source.path.endsWith('.template.json')) {
        continue;
      }
      assets.push({ path: source.path, packaging: source.packaging ?? 'file', ...measureFiles(path.join(outdir, source.path)) });
    }
    if (Object.keys(assetManifest.dockerImages ?? {}).length > 0) {
      throw new Error(`${outdir}: docker image assets are not counted by this benchmark`);
    }
  }

  let validationViolations: number | undefined;
  const reportFile = path.join(outdir, 'validation-report.json');
  if (fs.existsSync(reportFile)) {
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf-8'));
    validationViolations = (report.pluginReports ?? []).reduce((n: number, p: any) => n + (p.violations ?? []).length, 0);
  }

  return {
    resources: resources.length,
    resourcesByType,
    templateBytes: Buffer.byteLength(templateText),
    templateMinifiedBytes: Buffer.byteLength(JSON.stringify(template)),
    lambdaFunctions: (resourcesByType['AWS::Lambda::Function'] ?? 0) + (resourcesByType['AWS::Serverless::Function'] ?? 0),
    identityPolicyStatements,
    trustPolicyStatements,
    awsCustomResourcesInstallingLatestSdk,
    assets,
    assetBytes: assets.reduce((n, a) => n + a.bytes, 0),
    assetGzipBytes: assets.reduce((n, a) => n + a.gzipBytes, 0),
    validationViolations,
    templateSha256: crypto.createHash('sha256').update(templateText).digest('hex'),
  };
}
