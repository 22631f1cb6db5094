/**
 * docs/migration.md: moving from aws-cdk-lib's built-in IdentityPool to this library, with
 * the same construct ids, replaces nothing: the pool, its default roles and its role
 * attachment keep their logical ids, so CloudFormation updates them in place and never
 * makes a second role attachment (whose later delete would clear the pool's roles).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as builtin from 'aws-cdk-lib/aws-cognito-identitypool';
import { IdentityPool, IdentityProvider, RoleMapping, RoleMappingRule } from '../src';

type Library = 'builtin' | 'ours';

/** The same app, written with either library: a user pool, Google, a rule mapping, guest access. */
function app(library: Library): Template {
  const stack = new Stack(new App(), 'App');
  const userPool = new cognito.UserPool(stack, 'Users');
  const client = userPool.addClient('Web');
  if (library === 'builtin') {
    const pool = new builtin.IdentityPool(stack, 'Pool', {
      identityPoolName: 'app-users',
      allowUnauthenticatedIdentities: true,
      authenticationProviders: {
        userPools: [new builtin.UserPoolAuthenticationProvider({ userPool, userPoolClient: client })],
        google: { clientId: '1234.apps.googleusercontent.com' },
      },
    });
    // aws-cdk-lib's pool both references the user pool and depends on it; cfn-lint (W3005)
    // flags the redundant dependency, which is aws-cdk-lib's and harmless.
    (pool.node.defaultChild as CfnResource).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
  } else {
    const users = IdentityProvider.userPool(userPool, client);
    const google = IdentityProvider.google('1234.apps.googleusercontent.com');
    const pool = new IdentityPool(stack, 'Pool', {
      identityPoolName: 'app-users',
      allowUnauthenticatedIdentities: true,
      authenticationProviders: [users, google],
    });
    new RoleMapping(stack, 'Mapping', { identityPool: pool, provider: google, rules: [RoleMappingRule.equalTo('hd', 'example.com', pool.createRole('Staff'))] });
  }
  return Template.fromStack(stack);
}

function logicalIds(template: Template, type: string): string[] {
  return Object.keys(template.findResources(type)).sort();
}

test('the pool, its default roles and its role attachment keep aws-cdk-lib\'s logical ids', () => {
  const before = app('builtin');
  const after = app('ours');
  expect(logicalIds(after, 'AWS::Cognito::IdentityPool')).toEqual(logicalIds(before, 'AWS::Cognito::IdentityPool'));
  expect(logicalIds(after, 'AWS::Cognito::IdentityPoolRoleAttachment')).toEqual(logicalIds(before, 'AWS::Cognito::IdentityPoolRoleAttachment'));
  expect(logicalIds(after, 'AWS::Cognito::IdentityPoolRoleAttachment')).toHaveLength(1);
  // Our app adds one role (the mapping's); the default roles are the built-in module's.
  const roles = logicalIds(before, 'AWS::IAM::Role');
  expect(roles).toEqual(['PoolAuthenticatedRoleF46F2D22', 'PoolUnauthenticatedRoleD84FEE8E']);
  expect(logicalIds(after, 'AWS::IAM::Role')).toEqual(expect.arrayContaining(roles));
  expect(logicalIds(after, 'AWS::Cognito::IdentityPool')).toEqual(['PoolD3F588B8']);
});

test('docs/migration.md names the changes a move makes to the template', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'migration.md'), 'utf-8');
  for (const topic of ['UnauthenticatedRole', 'AllowClassicFlow', 'RETAIN', 'DefaultRoleAttachment', 'cdk diff']) {
    expect({ topic, mentioned: doc.includes(topic) }).toEqual({ topic, mentioned: true });
  }
  // What the move changes, shown by the templates themselves.
  const before = app('builtin');
  const after = app('ours');
  const pool = (t: Template) => Object.values<any>(t.findResources('AWS::Cognito::IdentityPool'))[0];
  expect(pool(before).DeletionPolicy).toBeUndefined();
  expect(pool(after).DeletionPolicy).toBe('Retain');
  expect(pool(after).Properties.AllowClassicFlow).toBe(false);
});

test('docs/migration.md\'s table names only what each library has (aws-cdk-lib 2.276\'s built-in pool has no addRoleMappings)', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'migration.md'), 'utf-8');
  const table = doc.split('## Props side by side')[1].split('\n## ')[0];
  const rows = table.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('|---')).slice(1)
    .map((line) => line.slice(2, -2).split(' | '));
  expect(rows.length).toBeGreaterThan(10);
  const codeSpans = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/'[^']*'/g, "''"));

  // The built-in column: every prop, field and method it names is declared by aws-cdk-lib's
  // module (its .d.ts: props, struct fields, methods).
  const builtinDir = path.join(path.dirname(require.resolve('aws-cdk-lib/package.json')), 'aws-cognito-identitypool', 'lib');
  const declarations = fs.readdirSync(builtinDir).filter((f) => f.endsWith('.d.ts'))
    .map((f) => fs.readFileSync(path.join(builtinDir, f), 'utf-8')).join('\n');
  const builtinNames = new Set([
    ...[...declarations.matchAll(/readonly (\w+)\??:/g)].map((m) => m[1]),
    ...[...declarations.matchAll(/^\s+(?:static )?(\w+)\(/gm)].map((m) => m[1]),
  ]);
  const named = rows.flatMap(([builtinCell]) => codeSpans(builtinCell)
    .flatMap((span) => [...span.matchAll(/(?<![\w.])(?:pool\.)?([a-z]\w*)(?=\s*(?:[:,}()]|$))/g)].map((m) => m[1])));
  expect(named).toEqual(expect.arrayContaining(['roleMappings', 'addUserPoolAuthentication', 'resolveAmbiguousRoles']));
  expect(named.filter((name) => !builtinNames.has(name))).toEqual([]);
  // And the methods, on the class itself.
  const methods = (cell: string) => codeSpans(cell).flatMap((span) => [...span.matchAll(/\bpool\.(\w+)\(/g)].map((m) => m[1]));
  for (const method of rows.flatMap(([builtinCell]) => methods(builtinCell))) {
    expect({ method, builtin: typeof (builtin.IdentityPool.prototype as any)[method] }).toEqual({ method, builtin: 'function' });
  }
  expect('addRoleMappings' in builtin.IdentityPool.prototype).toBe(false);

  // Our column: every pool method and provider factory it names exists.
  for (const method of rows.flatMap(([, ours]) => methods(ours))) {
    expect({ method, ours: typeof (IdentityPool.prototype as any)[method] }).toEqual({ method, ours: 'function' });
  }
  const factories = rows.flatMap(([, ours]) => codeSpans(ours).flatMap((span) => [...span.matchAll(/\bIdentityProvider\.(\w+)\(/g)].map((m) => m[1])));
  expect(factories.length).toBeGreaterThan(3);
  for (const factory of factories) {
    expect({ factory, ours: typeof (IdentityProvider as any)[factory] }).toEqual({ factory, ours: 'function' });
  }
});
