import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ExampleStack } from '../examples/app';
import { DeveloperProvider, IdentityPool, IdentityProvider, ObjectAccess, RoleMapping, RoleMappingRule } from '../src';

/** Construct paths of every resource this library made in the app. */
function libraryResources(app: App): Set<string> {
  const paths = new Set<string>();
  const visit = (node: IConstruct, ours: boolean) => {
    const mine = ours || node instanceof IdentityPool || node instanceof RoleMapping || node instanceof DeveloperProvider
      || node.node.id === 'CdkIdentityPoolSettingsProvider';
    if (mine && node.node.defaultChild === undefined && node.node.children.length === 0) paths.add(node.node.path);
    node.node.children.forEach((child) => visit(child, mine));
  };
  visit(app, false);
  return paths;
}

function findings(app: App): Array<{ rule: string; path: string }> {
  const report = new AwsSolutionsChecks().validateScope(app);
  return report.violations.flatMap((v) => v.violatingResources.map((r) => ({ rule: v.ruleName, path: r.constructPath ?? '' })));
}

test('the example app: no AwsSolutions finding on a resource the library made', () => {
  const app = new App();
  new ExampleStack(app, 'Example');
  const ours = libraryResources(app);
  expect(ours.size).toBeGreaterThan(5);
  const all = findings(app);
  // The folder grants the example asks for end in a wildcard by design (each identity's, or
  // each department's, folder): IAM5 names exactly those resources, nothing wider.
  const folderGrant = /^AwsSolutions-IAM5\[Resource::<Files\w+\.Arn>\/(private\/<cognito-identity\.amazonaws\.com:sub>|departments\/<aws:PrincipalTag\/department>)\/\*\]$/;
  expect(all.filter((f) => folderGrant.test(f.rule)).map((f) => f.path).sort()).toEqual([
    'Example/Pool/AdminRole/DefaultPolicy/Resource',
    'Example/Pool/AdminRole/DefaultPolicy/Resource',
    'Example/Pool/AuthenticatedRole/DefaultPolicy/Resource',
    'Example/Pool/AuthenticatedRole/DefaultPolicy/Resource',
  ]);
  expect(all.filter((f) => ours.has(f.path) && !folderGrant.test(f.rule))).toEqual([]);
  // The check does look at the app: the example's own backend function has findings. (Its
  // user pool has none: the Plus plan with threat protection enforced satisfies COG3 and COG8.)
  expect(all.map((f) => f.path)).toContain('Example/LoginBackend/Resource');
  expect(all.map((f) => f.path)).not.toContain('Example/Users/Resource');
});

test('guest access the user asked for is acknowledged with a reason; an unacknowledged one is found', () => {
  const app = new App();
  const stack = new Stack(app, 'Guests');
  new IdentityPool(stack, 'Pool', { allowUnauthenticatedIdentities: true });
  new cognito.CfnIdentityPool(stack, 'Raw', { allowUnauthenticatedIdentities: true });
  expect(findings(app)).toEqual([{ rule: 'AwsSolutions-COG7', path: 'Guests/Raw' }]);
  const metadata = stack.node.findChild('Pool').node.findChild('Resource').node.metadata;
  expect(metadata.find((m) => m.type === 'aws:cdk:acknowledged-rules')?.data).toEqual({
    'AwsSolutions-COG7': expect.stringMatching(/asked for explicitly/),
  });
});

test('an app of library constructs synthesizes with the AwsSolutions pack as a validation plugin', () => {
  const app = new App();
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new Stack(app, 'Library');
  const pool = new IdentityPool(stack, 'Pool', { allowUnauthenticatedIdentities: true, authenticationProviders: [IdentityProvider.google('g')] });
  pool.addPrincipalTags(IdentityProvider.google('g'), { useDefaults: true });
  new RoleMapping(stack, 'Mapping', { identityPool: pool, provider: IdentityProvider.google('g'), rules: [RoleMappingRule.equalTo('sub', 'a', pool.createRole('A'))] });
  new DeveloperProvider(stack, 'Dev', { identityPool: pool, providerName: 'login.example.com' });
  IdentityPool.fromIdentityPoolId(stack, 'Imported', 'us-east-1:0000-abcd').setAllowClassicFlow(false);
  expect(() => app.synth()).not.toThrow();
});

test('folder grants on a KMS-encrypted bucket: AwsSolutions-IAM5 finds the folder wildcards and, for writers, kms:ReEncrypt* and kms:GenerateDataKey* (README, cdk-nag)', () => {
  const app = new App();
  const stack = new Stack(app, 'Kms');
  const users = IdentityProvider.google('g');
  const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users] });
  pool.addPrincipalTags(users, { tags: { department: 'hd' } });
  const bucket = new s3.Bucket(stack, 'Files', { encryption: s3.BucketEncryption.KMS, enforceSSL: true });
  // Each identity reads and writes its own folder; readers only read their department's.
  pool.grantIdentityFolder(pool.authenticatedRole, bucket);
  const readers = pool.createRole('Readers');
  pool.grantPrincipalTagFolder(readers, bucket, 'department', { prefix: 'departments', access: ObjectAccess.READ });

  const iam5 = (policy: string) => findings(app)
    .filter((f) => f.path === `Kms/Pool/${policy}/DefaultPolicy/Resource` && f.rule.startsWith('AwsSolutions-IAM5'))
    .map((f) => f.rule.replace(/<Files\w+\.Arn>/, '<Files.Arn>')).sort();
  expect(iam5('AuthenticatedRole')).toEqual([
    'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
    'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
    'AwsSolutions-IAM5[Resource::<Files.Arn>/private/<cognito-identity.amazonaws.com:sub>/*]',
  ]);
  // A read-only grant needs only kms:Decrypt: no action wildcard.
  expect(iam5('Readers')).toEqual(['AwsSolutions-IAM5[Resource::<Files.Arn>/departments/<aws:PrincipalTag/department>/*]']);

  // The README's cdk-nag paragraph names what this test finds.
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
  const paragraph = readme.slice(readme.indexOf('A bucket with a KMS'), readme.indexOf('## Pools this stack does not own'));
  for (const finding of ['kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Decrypt']) {
    expect({ finding, inReadme: paragraph.includes(finding) }).toEqual({ finding, inReadme: true });
  }
});
