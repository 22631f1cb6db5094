/**
 * The shared test vector of the jsii languages: one app, written here in TypeScript and again in
 * Python (test/languages/python/vector_app.py) and Java (test/languages/java/.../VectorApp.java).
 * All three must synthesize the same identity-pool resources: the pool, the roles that trust it,
 * its role attachment, the principal-tag maps and the policies of the roles it hands out.
 *
 * vector.template.json holds those resources as TypeScript synthesizes them; the jest test
 * keeps it current (`npx projen languages:vector` rewrites it), the Python and Java tests
 * compare their own synthesis with it. Every language filters a template the same way:
 * resources whose type is an identity-pool type, AWS::IAM::Role or AWS::IAM::Policy, without
 * their Metadata (construct paths and asset data, which say where a resource was made, not
 * what it is).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  AmbiguousRoleResolution,
  DeveloperProvider,
  IdentityPool,
  IdentityProvider,
  ObjectAccess,
  RoleMapping,
  RoleMappingRule,
} from '../../src';

/** Where the committed TypeScript result lives. */
export const VECTOR_TEMPLATE = path.join(__dirname, 'vector.template.json');

/** The vector's stack name, the same in every language. */
export const VECTOR_STACK = 'Vector';

/** The resource types the languages are compared on. */
export function isVectorType(type: string): boolean {
  return type.startsWith('AWS::Cognito::IdentityPool') || type === 'AWS::IAM::Role' || type === 'AWS::IAM::Policy';
}

/** The app itself: keep it line by line in step with vector_app.py and VectorApp.java. */
export function buildVector(stack: Stack): void {
  const userPool = new cognito.UserPool(stack, 'Users');
  const client = userPool.addClient('Web');
  const users = IdentityProvider.userPool(userPool, client);
  const google = IdentityProvider.google('1234.apps.googleusercontent.com');

  const pool = new IdentityPool(stack, 'Pool', {
    identityPoolName: 'vector users',
    authenticationProviders: [users],
  });
  pool.addAuthenticationProvider(google);
  new DeveloperProvider(stack, 'Backend', { identityPool: pool, providerName: 'login.example.com' });

  const admins = pool.createRole('Admins', { description: 'Administrators' });
  const editors = pool.createRole('Editors');
  new RoleMapping(stack, 'Groups', {
    identityPool: pool,
    provider: users,
    rules: [
      RoleMappingRule.equalTo('cognito:groups', 'admins', admins),
      RoleMappingRule.contains('cognito:groups', 'editors', editors),
    ],
    ambiguousRoleResolution: AmbiguousRoleResolution.AUTHENTICATED_ROLE,
  });

  pool.addPrincipalTags(users, { tags: { department: 'custom:department', team: 'custom:team' } });
  pool.addPrincipalTags(google, { useDefaults: true });

  const files = new s3.Bucket(stack, 'Files');
  pool.grantIdentityFolder(pool.authenticatedRole, files);
  pool.grantPrincipalTagFolder(admins, files, 'department', { prefix: 'departments', access: ObjectAccess.READ });
  editors.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['s3:PutObject'],
    resources: [files.arnForObjects(`teams/${pool.principalTagVariable('team')}/*`)],
  }));
}

/** The compared part of a synthesized template. */
export function vectorResources(template: { Resources?: Record<string, any> }): Record<string, any> {
  const kept: Record<string, any> = {};
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    if (isVectorType(resource.Type)) {
      const { Metadata: _metadata, ...rest } = resource;
      kept[id] = rest;
    }
  }
  return kept;
}

/** Synthesize the vector and return its compared resources. */
export function synthesizeVector(): Record<string, any> {
  const app = new App();
  const stack = new Stack(app, VECTOR_STACK);
  buildVector(stack);
  const assembly = app.synth();
  return vectorResources(assembly.getStackByName(VECTOR_STACK).template);
}

/** The file's text for these resources: sorted keys, two-space indent, final newline. */
export function vectorText(resources: Record<string, any>): string {
  const sortKeys = (value: any): any => {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
    }
    return value;
  };
  return JSON.stringify(sortKeys(resources), undefined, 2) + '\n';
}

if (require.main === module) {
  fs.writeFileSync(VECTOR_TEMPLATE, vectorText(synthesizeVector()));
  console.log(`wrote ${path.relative(process.cwd(), VECTOR_TEMPLATE)}`);
}
