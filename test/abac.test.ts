/**
 * The IAM half of ABAC, checked at synth: policy variables, policies against the pool's
 * principal-tag maps, roles' trust against the pool, and the per-identity S3 grants.
 */
import { CfnParameter, Lazy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DeveloperProvider, IdentityPool, IdentityProvider, ObjectAccess, PolicyVariable, RoleMapping, RoleMappingRule } from '../src';
import { newStack, only, userPoolWithClient, warnings } from './util';

const SUB = '${cognito-identity.amazonaws.com:sub}';

function poolWithTags(stack: Stack, tags: { [tag: string]: string } = { department: 'custom:department' }) {
  const { userPool, client } = userPoolWithClient(stack);
  const users = IdentityProvider.userPool(userPool, client);
  const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users] });
  pool.addPrincipalTags(users, { tags });
  return { pool, users };
}

function policyOf(template: Template, role: iam.IRole): any[] {
  const stack = Stack.of(role);
  const roleId = stack.getLogicalId(role.node.defaultChild as iam.CfnRole);
  return Object.values<any>(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

describe('policy variables', () => {
  test('the identity-id and principal-tag variables, escaped once for every jsii language', () => {
    expect(PolicyVariable.identityId()).toBe(SUB);
    expect(PolicyVariable.principalTag('department')).toBe('${aws:PrincipalTag/department}');
    expect(() => PolicyVariable.principalTag('bad}tag')).toThrow('invalid principal tag "bad}tag": must match the STS tag-key alphabet');
  });

  test('pool.principalTagVariable passes for a mapped tag and for the useDefaults tags', () => {
    const stack = newStack();
    const { pool } = poolWithTags(stack);
    pool.addAuthenticationProvider(IdentityProvider.google('g'));
    pool.addPrincipalTags(IdentityProvider.google('g'), { useDefaults: true });
    expect(pool.principalTagVariable('department')).toBe('${aws:PrincipalTag/department}');
    pool.principalTagVariable('username');
    pool.principalTagVariable('client');
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('pool.principalTagVariable of a tag no provider maps fails synthesis, naming the tag and the providers', () => {
    const stack = newStack();
    const { pool } = poolWithTags(stack);
    pool.principalTagVariable('project');
    expect(() => Template.fromStack(stack)).toThrow(
      '[Stack/Pool] invalid principal-tag variable ${aws:PrincipalTag/project}: no provider maps the tag "project" ' +
      '(the pool maps department for user pool Stack/Users with app client Stack/Users/Web)',
    );
  });

  test('a pool with a developer provider is not judged: its backend may pass any tag per call', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool');
    new DeveloperProvider(stack, 'Dev', { identityPool: pool, providerName: 'login.example.com' });
    pool.principalTagVariable('anything');
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
});

describe('policies checked against the maps', () => {
  test('a policy of a handed-out role that reads an unmapped tag leaves a warning naming the role, the policy and the tag', () => {
    const stack = newStack();
    const { pool, users } = poolWithTags(stack);
    const engineers = pool.createRole('Engineers');
    engineers.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:GetObject'],
      resources: ['arn:aws:s3:::docs/*'],
      conditions: { StringEquals: { 's3:ExistingObjectTag/project': '${aws:PrincipalTag/project}' } },
    }));
    // A mapped tag in the same policy is fine.
    engineers.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::docs/${aws:PrincipalTag/department}'] }));
    new RoleMapping(stack, 'Mapping', { identityPool: pool, provider: users, rules: [RoleMappingRule.equalTo('custom:department', 'eng', engineers)] });
    expect(warnings(stack)).toEqual([
      'The policy Stack/Pool/Engineers/DefaultPolicy of role Stack/Pool/Engineers reads ${aws:PrincipalTag/project}, but no provider of this pool ' +
      'maps the tag "project" (the pool maps department for user pool Stack/Users with app client Stack/Users/Web): the condition never matches ' +
      'and the statement grants nothing. [ack: cdk-identity-pool:unmappedPrincipalTag:Stack/Pool/Engineers:Stack/Pool/Engineers/DefaultPolicy:project]',
    ]);
  });

  test('the default role and its managed policies are read too; a pool without maps warns for every tag', () => {
    const stack = newStack();
    const managed = new iam.ManagedPolicy(stack, 'Managed', {
      statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/${aws:PrincipalTag/team}/*'] })],
    });
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [IdentityProvider.google('g')] });
    pool.authenticatedRole.addManagedPolicy(managed);
    const texts = warnings(stack);
    expect(texts).toEqual([expect.stringContaining('The policy Stack/Managed of role Stack/Pool/AuthenticatedRole reads ${aws:PrincipalTag/team}')]);
    expect(texts[0]).toContain('(the pool has no principal-tag map)');
  });

  test('§6: principal tags read as condition keys, in any letter case, are checked against the maps like variables', () => {
    const stack = newStack();
    const { pool, users } = poolWithTags(stack, { department: 'custom:department', Team: 'custom:team' });
    const engineers = pool.createRole('Engineers');
    // Mapped tags, whatever the case of the key: no warning.
    engineers.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:GetObject'],
      resources: ['arn:aws:s3:::docs/*'],
      conditions: { StringEquals: { 'aws:principaltag/Team': 'eng', 'AWS:PrincipalTag/DEPARTMENT': 'it' } },
    }));
    // An unmapped tag under a positive operator: never matches.
    engineers.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:PutObject'],
      resources: ['arn:aws:s3:::docs/*'],
      conditions: { StringEquals: { 'aws:principaltag/project': 'apollo' } },
    }));
    // Under a negated operator in a Deny: matches every session.
    engineers.addToPrincipalPolicy(new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      actions: ['s3:DeleteObject'],
      resources: ['arn:aws:s3:::docs/*'],
      conditions: { StringNotEquals: { 'aws:PrincipalTag/level': 'senior' } },
    }));
    new RoleMapping(stack, 'Mapping', { identityPool: pool, provider: users, rules: [RoleMappingRule.equalTo('custom:department', 'eng', engineers)] });
    const maps = '(the pool maps department, Team for user pool Stack/Users with app client Stack/Users/Web)';
    const ack = 'cdk-identity-pool:unmappedPrincipalTag:Stack/Pool/Engineers:Stack/Pool/Engineers/DefaultPolicy';
    expect(warnings(stack)).toEqual([
      'The policy Stack/Pool/Engineers/DefaultPolicy of role Stack/Pool/Engineers reads the condition key aws:principaltag/project (StringEquals), ' +
      `but no provider of this pool maps the tag "project" ${maps}: the key is absent from every session of the pool, so the condition never ` +
      `matches and the statement grants nothing. [ack: ${ack}:project]`,
      'The policy Stack/Pool/Engineers/DefaultPolicy of role Stack/Pool/Engineers reads the condition key aws:PrincipalTag/level (StringNotEquals), ' +
      `but no provider of this pool maps the tag "level" ${maps}: the key is absent from every session of the pool, so the condition matches ` +
      `every session and the statement denies every request it covers. [ack: ${ack}:level]`,
    ]);
  });

  test('§6: condition keys of managed and inline policies are read too; IfExists, Null and set operators hold without the key', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [IdentityProvider.google('g')] });
    pool.addPrincipalTags(IdentityProvider.google('g'), { useDefaults: true });
    const inline = new iam.Role(stack, 'Inline', {
      assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
        'StringEquals': { 'cognito-identity.amazonaws.com:aud': pool.identityPoolId },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
      }, 'sts:AssumeRoleWithWebIdentity'),
      inlinePolicies: {
        Reads: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({
            actions: ['s3:GetObject'],
            resources: ['*'],
            conditions: { StringEqualsIfExists: { 'aws:PrincipalTag/org': 'a' } },
          })],
        }),
      },
    });
    const managed = new iam.ManagedPolicy(stack, 'Managed', {
      statements: [new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: ['*'],
        conditions: { 'Null': { 'aws:PrincipalTag/region': 'false' }, 'ForAllValues:StringEquals': { 'aws:PrincipalTag/username': 'x' } },
      })],
    });
    inline.addManagedPolicy(managed);
    new RoleMapping(stack, 'Mapping', { identityPool: pool, provider: IdentityProvider.google('g'), rules: [RoleMappingRule.equalTo('sub', 'a', inline)] });
    // username is mapped (useDefaults); org and region are not. (The role, made elsewhere, also gets the sts:TagSession warning.)
    expect(warnings(stack).filter((w) => w.includes('reads the condition key'))).toEqual([
      expect.stringMatching(/^The policy Stack\/Inline\/Resource of role Stack\/Inline reads the condition key aws:PrincipalTag\/org \(StringEqualsIfExists\), .*matches every session and limits nothing\./),
      expect.stringMatching(/^The policy Stack\/Managed of role Stack\/Inline reads the condition key aws:PrincipalTag\/region \(Null\), .*never matches and the statement grants nothing\./),
    ]);
  });

  test('a tag name that is a token is skipped, never guessed', () => {
    const stack = newStack();
    const { pool } = poolWithTags(stack);
    const tag = new CfnParameter(stack, 'Tag').valueAsString;
    pool.authenticatedRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [`arn:aws:s3:::b/\${aws:PrincipalTag/${tag}}/*`] }));
    expect(warnings(stack)).toEqual([]);
  });
});

describe('trust checked against the pool', () => {
  test('a role made by another pool\'s createRole, in a mapping or as the default role, fails synthesis', () => {
    const stack = newStack();
    const other = new IdentityPool(stack, 'Other');
    const foreign = other.createRole('Admins');
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [IdentityProvider.google('g')] });
    new RoleMapping(stack, 'Mapping', { identityPool: pool, provider: IdentityProvider.google('g'), rules: [RoleMappingRule.equalTo('sub', 'a', foreign)] });
    expect(() => Template.fromStack(stack)).toThrow(
      '[Stack/Pool] invalid role Stack/Other/Admins: it was made by Stack/Other.createRole and trusts only that pool\'s identities, ' +
      'so this pool can never hand it out; make it with this pool\'s createRole',
    );

    const second = newStack();
    const owner = new IdentityPool(second, 'Owner');
    new IdentityPool(second, 'Pool', { authenticatedRole: owner.authenticatedRole });
    expect(() => Template.fromStack(second)).toThrow(/invalid role Stack\/Owner\/AuthenticatedRole: it was made by Stack\/Owner.createRole/);
  });

  test('a role made elsewhere that trusts Cognito Identity without an aud condition leaves an open-trust warning', () => {
    const stack = newStack();
    const open = new iam.Role(stack, 'Open', {
      assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
      }, 'sts:AssumeRoleWithWebIdentity'),
    });
    new IdentityPool(stack, 'Pool', { authenticatedRole: open });
    expect(warnings(stack)).toEqual([
      'The role Stack/Open lets cognito-identity.amazonaws.com assume it without an aud condition on this pool: identities of any identity pool, ' +
      'in any account, can get its credentials. Make it with createRole, or add the aud condition. [ack: cdk-identity-pool:trust:Stack/Open]',
    ]);
  });

  test('a role made elsewhere with the aud condition on this pool, an aud that is another token, and an imported role pass', () => {
    const stack = newStack();
    let pool: IdentityPool | undefined;
    const good = new iam.Role(stack, 'Good', {
      assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
        'StringEquals': { 'cognito-identity.amazonaws.com:aud': Lazy.string({ produce: () => pool!.identityPoolId }) },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
      }, 'sts:AssumeRoleWithWebIdentity'),
    });
    const param = new iam.Role(stack, 'Param', {
      assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
        StringEquals: { 'cognito-identity.amazonaws.com:aud': new CfnParameter(stack, 'PoolIdParam').valueAsString },
      }, 'sts:AssumeRoleWithWebIdentity'),
    });
    const imported = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::123456789012:role/imported');
    pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [IdentityProvider.google('g')], authenticatedRole: good });
    new RoleMapping(stack, 'Mapping', {
      identityPool: pool,
      provider: IdentityProvider.google('g'),
      rules: [RoleMappingRule.equalTo('sub', 'a', param), RoleMappingRule.equalTo('sub', 'b', imported)],
    });
    expect(warnings(stack)).toEqual([]);
  });
});

describe('per-identity S3 access', () => {
  test('grantIdentityFolder: each identity its own folder, listing limited to it', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool');
    const bucket = new s3.Bucket(stack, 'Bucket');
    pool.grantIdentityFolder(pool.authenticatedRole, bucket);
    const template = Template.fromStack(stack);
    const bucketArn = { 'Fn::GetAtt': [stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket), 'Arn'] };
    expect(policyOf(template, pool.authenticatedRole)).toEqual([
      {
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', [bucketArn, `/private/${SUB}/*`]] },
      },
      {
        Action: 's3:ListBucket',
        Condition: { StringLike: { 's3:prefix': [`private/${SUB}/`, `private/${SUB}/*`] } },
        Effect: 'Allow',
        Resource: bucketArn,
      },
    ]);
  });

  test('read-only access, another prefix, and a KMS key: decrypt only', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool');
    const key = new kms.Key(stack, 'Key');
    const bucket = new s3.Bucket(stack, 'Bucket', { encryptionKey: key });
    pool.grantIdentityFolder(pool.authenticatedRole, bucket, { prefix: 'users/home', access: ObjectAccess.READ });
    const statements = policyOf(Template.fromStack(stack), pool.authenticatedRole);
    expect(statements.map((s) => s.Action)).toEqual(['s3:GetObject', 's3:ListBucket', 'kms:Decrypt']);
    expect(statements[1].Condition.StringLike['s3:prefix']).toEqual([`users/home/${SUB}/`, `users/home/${SUB}/*`]);
  });

  test('grantPrincipalTagFolder: one folder per department, the tag checked against the maps', () => {
    const stack = newStack();
    const { pool } = poolWithTags(stack);
    const bucket = new s3.Bucket(stack, 'Bucket');
    pool.grantPrincipalTagFolder(pool.authenticatedRole, bucket, 'department', { access: ObjectAccess.WRITE });
    const statements = policyOf(Template.fromStack(stack), pool.authenticatedRole);
    expect(statements[0].Action).toEqual(['s3:PutObject', 's3:DeleteObject']);
    expect(JSON.stringify(statements[0].Resource)).toContain('/shared/${aws:PrincipalTag/department}/*');

    const other = newStack();
    const second = poolWithTags(other).pool;
    second.grantPrincipalTagFolder(second.authenticatedRole, new s3.Bucket(other, 'Bucket'), 'team');
    expect(() => Template.fromStack(other)).toThrow(/invalid principal-tag variable \$\{aws:PrincipalTag\/team\}: no provider maps the tag "team"/);
  });

  test('§6: grantPrincipalTagFolder to the guest role is refused: guests carry no principal tags; its identity folder is fine', () => {
    const stack = newStack();
    const { userPool, client } = userPoolWithClient(stack);
    const users = IdentityProvider.userPool(userPool, client);
    const pool = new IdentityPool(stack, 'Pool', { allowUnauthenticatedIdentities: true, authenticationProviders: [users] });
    pool.addPrincipalTags(users, { tags: { department: 'custom:department' } });
    const bucket = new s3.Bucket(stack, 'Bucket');
    expect(() => pool.grantPrincipalTagFolder(pool.unauthenticatedRole!, bucket, 'department')).toThrow(
      'Stack/Pool: invalid role Stack/Pool/UnauthenticatedRole of grantPrincipalTagFolder: it is a guest role: it trusts only the ' +
      'unauthenticated identities of Stack/Pool (amr = unauthenticated); guests carry no principal tags (they sign in with no provider), ' +
      'so ${aws:PrincipalTag/department} is never set in their sessions and the grant allows nothing; give the folder to a role of signed-in users',
    );
    // Guests have an identity id: a folder of their own works; signed-in users get the tag folder.
    pool.grantIdentityFolder(pool.unauthenticatedRole!, bucket);
    pool.grantPrincipalTagFolder(pool.authenticatedRole, bucket, 'department');
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('a folder grant to a role the pool does not hand out fails synthesis; a bad prefix is refused', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool');
    const bucket = new s3.Bucket(stack, 'Bucket');
    pool.grantIdentityFolder(pool.createRole('Unused'), bucket);
    expect(() => Template.fromStack(stack)).toThrow(
      '[Stack/Pool] invalid role Stack/Pool/Unused of a folder grant: this pool does not hand it out (not a default role, not in a role mapping)',
    );
    expect(() => pool.grantIdentityFolder(pool.authenticatedRole, bucket, { prefix: 'private/' })).toThrow(
      'Stack/Pool: invalid prefix "private/": give a key prefix without a leading or trailing slash',
    );
  });

  test('the role attachment keeps its one resource per pool', () => {
    const stack = newStack();
    new IdentityPool(stack, 'Pool');
    expect(only(Template.fromStack(stack), 'AWS::Cognito::IdentityPoolRoleAttachment').logicalId).toMatch(/^PoolDefaultRoleAttachment/);
  });
});
