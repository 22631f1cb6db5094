/**
 * The credentials the simulator gives: trust (docs/service-contract.md §5, §6), sts:TagSession and
 * principal tags (§2), developer identities (§1, §2), identity ids (§3), guests and the
 * enhanced flow's scope-down (§6), and what a session may do (§6, IAM policy evaluation).
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  Decision, DeveloperProvider, IdentityPool, IdentityPoolSimulator, IdentityProvider, RoleMapping, RoleMappingRule,
} from '../../src';
import { newStack, userPoolWithClient } from '../util';

function app(props: { guests?: boolean; tags?: { [tag: string]: string }; useDefaults?: boolean; env?: { account: string; region: string } } = {}) {
  const stack = newStack(props.env ? { env: props.env } : undefined);
  const { userPool, client } = userPoolWithClient(stack);
  const users = IdentityProvider.userPool(userPool, client);
  const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users], allowUnauthenticatedIdentities: props.guests });
  if (props.tags || props.useDefaults) {
    pool.addPrincipalTags(users, { tags: props.tags, useDefaults: props.useDefaults });
  }
  const bucket = new s3.Bucket(stack, 'Photos');
  return { stack, users, pool, bucket, userPool, client };
}

describe('§2 principal tags', () => {
  test('§2: a custom map turns claims into session tags; a claim absent from the token gives no tag', () => {
    const { pool, users } = app({ tags: { department: 'custom:department', team: 'custom:team' } });
    const sim = IdentityPoolSimulator.of(pool);
    const alice = sim.signIn(users, { claims: { 'sub': 'alice', 'custom:department': 'eng' } });
    expect(alice.granted).toBe(true);
    expect(alice.principalTags).toEqual({ department: 'eng' });
    expect(alice.reason).toContain('with the session tags department=eng');
  });

  test('§2: useDefaults maps aud to client and sub to username; aud defaults to the app client id of the template', () => {
    const { pool, users } = app({ useDefaults: true });
    const sim = IdentityPoolSimulator.of(pool);
    const alice = sim.signIn(users, { claims: { sub: 'alice' } });
    expect(alice.principalTags.username).toBe('alice');
    expect(alice.principalTags.client).toMatch(/^[a-z0-9]{26}$/);
    expect(sim.signIn(users, { claims: { sub: 'bob' } }).principalTags.client).toBe(alice.principalTags.client);
    expect(sim.signIn(users, { claims: { sub: 'carol', aud: 'given' } }).principalTags).toEqual({ client: 'given', username: 'carol' });
  });

  test('§2 §6: principal tags on a role whose trust lacks sts:TagSession: no credentials, and the reason says why', () => {
    const { stack, pool, users } = app({ tags: { department: 'custom:department' } });
    const plain = new iam.Role(stack, 'Plain', {
      assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
        'StringEquals': { 'cognito-identity.amazonaws.com:aud': pool.identityPoolId },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
      }, 'sts:AssumeRoleWithWebIdentity'),
    });
    new RoleMapping(stack, 'Mapping', { identityPool: pool, provider: users, rules: [RoleMappingRule.equalTo('custom:duty', 'ops', plain)] });
    const sim = IdentityPoolSimulator.of(pool);
    const ops = sim.signIn(users, { claims: { 'custom:duty': 'ops', 'custom:department': 'eng' } });
    expect(ops.granted).toBe(false);
    expect(ops.role).toBe(plain);
    expect(ops.principalTags).toEqual({});
    expect(ops.reason).toContain('no credentials (InvalidIdentityPoolConfigurationException)');
    expect(ops.reason).toContain('whose trust policy does not allow sts:TagSession, which the session tags department need (Cognito developer guide, "Using attributes for access control": ' +
      'no statement of its trust policy allows sts:TagSession to cognito-identity.amazonaws.com for this session; it has no Allow statement for sts:TagSession)');
    expect(ops.evaluate('s3:GetObject', '*').decision).toBe(Decision.DENIED);
    // Without a tag to pass, the same role is fine: nothing asks for sts:TagSession.
    const untagged = sim.signIn(users, { claims: { 'custom:duty': 'ops' } });
    expect(untagged.granted).toBe(true);
    expect(untagged.role).toBe(plain);
  });
});

describe('§5 §6 trust', () => {
  test('§5 §6: a role that trusts another pool (aud) gives no credentials', () => {
    const { stack, pool, users } = app();
    const other = new iam.Role(stack, 'Other', {
      assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
        'StringEquals': { 'cognito-identity.amazonaws.com:aud': 'us-east-1:11111111-2222-3333-4444-555555555555' },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
      }, 'sts:AssumeRoleWithWebIdentity'),
    });
    new RoleMapping(stack, 'Mapping', { identityPool: pool, provider: users, rules: [RoleMappingRule.equalTo('sub', 'alice', other)] });
    const alice = IdentityPoolSimulator.of(pool).signIn(users, { claims: { sub: 'alice' } });
    expect(alice.granted).toBe(false);
    expect(alice.reason).toContain('no statement of its trust policy allows sts:AssumeRoleWithWebIdentity to cognito-identity.amazonaws.com for this session; ' +
      'a statement admits the identity pool us-east-1:11111111-2222-3333-4444-555555555555, not this pool');
    expect(alice.reason).toMatch(/whose trust policy does not admit this session: sts:AssumeRoleWithWebIdentity by cognito-identity.amazonaws.com with aud us-east-1:\S+ and amr authenticated, cognito-idp\.us-east-1\.amazonaws\.com\/us-east-1_\w+ is denied \(Cognito developer guide, "IAM roles"/);
  });

  test('§5 §6: a role whose trust lets Cognito in without pinning aud admits nobody (IAM refuses such a trust policy)', () => {
    const { stack, pool, users } = app();
    const unpinned = new iam.Role(stack, 'Unpinned', {
      assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
      }, 'sts:AssumeRoleWithWebIdentity'),
    });
    new RoleMapping(stack, 'Mapping', { identityPool: pool, provider: users, rules: [RoleMappingRule.equalTo('sub', 'alice', unpinned)] });
    const alice = IdentityPoolSimulator.of(pool).signIn(users, { claims: { sub: 'alice' } });
    expect(alice.granted).toBe(false);
    expect(alice.reason).toContain('without a condition on cognito-identity.amazonaws.com:aud, which IAM refuses for this principal');
  });

  test('§5 §6: a role for guests (amr unauthenticated) does not admit signed-in users', () => {
    const { stack, pool, users } = app({ guests: true });
    // A guest role made by hand (the library refuses its own guest role in a mapping).
    const guestsOnly = new iam.Role(stack, 'GuestsOnly', {
      assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
        'StringEquals': { 'cognito-identity.amazonaws.com:aud': pool.identityPoolId },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' },
      }, 'sts:AssumeRoleWithWebIdentity'),
    });
    new RoleMapping(stack, 'Mapping', { identityPool: pool, provider: users, rules: [RoleMappingRule.equalTo('sub', 'alice', guestsOnly)] });
    const alice = IdentityPoolSimulator.of(pool).signIn(users, { claims: { sub: 'alice' } });
    expect(alice.granted).toBe(false);
    expect(alice.reason).toContain('does not admit this session');
    expect(alice.reason).toMatch(/a statement admits amr unauthenticated, and this session's amr is authenticated, cognito-idp\./);
  });

  test('§6: a role from outside the app: the session exists, evaluate answers UNDETERMINED naming the role', () => {
    const stack = newStack();
    const google = IdentityProvider.google('g');
    const outside = iam.Role.fromRoleArn(stack, 'Outside', 'arn:aws:iam::123456789012:role/made-elsewhere');
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [google], authenticatedRole: outside });
    const user = IdentityPoolSimulator.of(pool).signIn(google);
    expect(user.reason).toContain('a role that is not in the stack\'s template');
    const decision = user.evaluate('s3:GetObject', 'arn:aws:s3:::b/k');
    expect(decision.decision).toBe(Decision.UNDETERMINED);
    expect(decision.reason).toContain('arn:aws:iam::123456789012:role/made-elsewhere');
    // A question given as a token is resolved all the same.
    const bucket = new s3.Bucket(stack, 'Later');
    expect(user.evaluate('s3:GetObject', bucket.arnForObjects('a')).decision).toBe(Decision.UNDETERMINED);
  });
});

describe('§3 identity ids', () => {
  test('§3: stable per subject, different between subjects, in the pool\'s region', () => {
    const { pool, users } = app({ env: { account: '111111111111', region: 'eu-west-1' } });
    const sim = IdentityPoolSimulator.of(pool);
    const a1 = sim.signIn(users, { claims: { sub: 'alice' } }).identityId;
    expect(a1).toMatch(/^eu-west-1:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sim.signIn(users, { claims: { sub: 'alice' } }).identityId).toBe(a1);
    expect(IdentityPoolSimulator.of(pool).signIn(users, { claims: { sub: 'alice' } }).identityId).toBe(a1);
    expect(sim.signIn(users, { claims: { sub: 'bob' } }).identityId).not.toBe(a1);
  });
});

describe('§6 guests', () => {
  test('§6: a pool that does not allow guests refuses them', () => {
    const { pool, bucket } = app();
    const guest = IdentityPoolSimulator.of(pool).signInAsGuest();
    expect(guest.granted).toBe(false);
    expect(guest.identityId).toBeUndefined();
    expect(guest.reason).toContain('the pool does not allow unauthenticated identities');
    expect(guest.evaluate('s3:GetObject', '*').decision).toBe(Decision.DENIED);
    expect(guest.evaluate('s3:GetObject', bucket.arnForObjects('a')).decision).toBe(Decision.DENIED);
  });

  test('§6: guests get the unauthenticated role, scoped down: a grant outside the list is DENIED and the reason says so', () => {
    const { pool, bucket } = app({ guests: true });
    const guestRole = pool.unauthenticatedRole!;
    bucket.grantRead(guestRole);
    guestRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: ['*'] }));
    const sim = IdentityPoolSimulator.of(pool);
    const guest = sim.signInAsGuest();
    expect(guest.granted).toBe(true);
    expect(guest.role).toBe(guestRole);
    expect(guest.reason).toContain('scope-down session policy (Cognito developer guide, "IAM roles")');
    expect(guest.evaluate('s3:GetObject', bucket.arnForObjects('a.jpg')).decision).toBe(Decision.ALLOWED);
    const bedrock = guest.evaluate('bedrock:InvokeModel', '*');
    expect(bedrock.decision).toBe(Decision.DENIED);
    expect(bedrock.reason).toContain('bedrock:InvokeModel is outside it');
    // Each guest is a new identity; the sequence is the same in every run.
    const second = sim.signInAsGuest();
    expect(second.identityId).not.toBe(guest.identityId);
    expect(IdentityPoolSimulator.of(pool).signInAsGuest().identityId).toBe(guest.identityId);
  });

  test('§6: the classic flow escapes the scope-down; the simulator answers for the enhanced flow and says so', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool', { allowUnauthenticatedIdentities: true, allowClassicFlow: true });
    expect(IdentityPoolSimulator.of(pool).signInAsGuest().reason).toContain('the pool also allows the classic flow');
  });
});

describe('§1 §2 developer identities', () => {
  test('§2: per-call principal tags need sts:TagSession in the role\'s trust, which the pool adds only when it maps principal tags', () => {
    const stack = newStack();
    const pool = new IdentityPool(stack, 'Pool');
    const backend = new DeveloperProvider(stack, 'Login', { identityPool: pool, providerName: 'login.example.com' });
    const sim = IdentityPoolSimulator.of(pool);
    const untagged = sim.signIn(backend.provider, { claims: { sub: 'user-1' } });
    expect(untagged.granted).toBe(true);
    const tagged = sim.signIn(backend.provider, { claims: { sub: 'user-1' }, principalTags: { team: 'blue' } });
    expect(tagged.granted).toBe(false);
    expect(tagged.identityId).toBe(untagged.identityId);
    expect(tagged.reason).toContain('does not allow sts:TagSession, which the session tags team need');
  });

  test('§2: on a role that allows sts:TagSession, the per-call tags are the session\'s tags', () => {
    const stack = newStack();
    const { userPool, client } = userPoolWithClient(stack);
    const users = IdentityProvider.userPool(userPool, client);
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users] });
    pool.addPrincipalTags(users, { tags: { team: 'custom:team' } });
    const backend = new DeveloperProvider(stack, 'Login', { identityPool: pool, providerName: 'login.example.com' });
    const bucket = new s3.Bucket(stack, 'Docs');
    pool.grantPrincipalTagFolder(pool.authenticatedRole, bucket, 'team');
    const user = IdentityPoolSimulator.of(pool).signIn(backend.provider, { claims: { sub: 'user-1' }, principalTags: { team: 'blue' } });
    expect(user.granted).toBe(true);
    expect(user.principalTags).toEqual({ team: 'blue' });
    expect(user.evaluate('s3:GetObject', bucket.arnForObjects('shared/blue/x.txt')).decision).toBe(Decision.ALLOWED);
    expect(user.evaluate('s3:GetObject', bucket.arnForObjects('shared/red/x.txt')).decision).toBe(Decision.DENIED);
  });
});

describe('§6 evaluate over the template\'s policies', () => {
  test('§6: the identity\'s own folder, given as a token, with the identity id in the key', () => {
    const { pool, users, bucket } = app();
    pool.grantIdentityFolder(pool.authenticatedRole, bucket);
    const sim = IdentityPoolSimulator.of(pool);
    const alice = sim.signIn(users, { claims: { sub: 'alice' } });
    const bob = sim.signIn(users, { claims: { sub: 'bob' } });
    const own = alice.evaluate('s3:GetObject', bucket.arnForObjects(`private/${alice.identityId}/a.jpg`));
    expect(own.decision).toBe(Decision.ALLOWED);
    const others = alice.evaluate('s3:GetObject', bucket.arnForObjects(`private/${bob.identityId}/a.jpg`));
    expect(others.decision).toBe(Decision.DENIED);
    expect(others.reason).toContain('IAM\'s implicit deny');
  });

  test('§6: an AWS managed policy on the role makes an otherwise denied answer UNDETERMINED, naming it', () => {
    const { pool, users } = app();
    pool.authenticatedRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3ReadOnlyAccess'));
    const user = IdentityPoolSimulator.of(pool).signIn(users);
    const decision = user.evaluate('s3:GetObject', 'arn:aws:s3:::any/key');
    expect(decision.decision).toBe(Decision.UNDETERMINED);
    expect(decision.reason).toContain('arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess (an AWS managed policy)');
  });

  test('§6: a customer managed policy and a permissions boundary of the stack both count', () => {
    const { stack, pool, users, bucket } = app();
    const role = pool.authenticatedRole as iam.Role;
    role.addManagedPolicy(new iam.ManagedPolicy(stack, 'ReadPhotos', {
      statements: [new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [bucket.arnForObjects('*')] })],
    }));
    iam.PermissionsBoundary.of(role).apply(new iam.ManagedPolicy(stack, 'Boundary', {
      statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })],
    }));
    const user = IdentityPoolSimulator.of(pool).signIn(users);
    expect(user.evaluate('s3:GetObject', bucket.arnForObjects('a.jpg')).decision).toBe(Decision.ALLOWED);
    const put = user.evaluate('s3:PutObject', bucket.arnForObjects('a.jpg'));
    expect(put.decision).toBe(Decision.DENIED);
    expect(put.reason).toContain('permissions boundary');
  });

  test('§6: the session keys are filled in; other condition keys come from context, else UNDETERMINED', () => {
    const { pool, users, bucket } = app();
    pool.authenticatedRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:GetObject'],
      resources: [bucket.arnForObjects('*')],
      conditions: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
    }));
    const user = IdentityPoolSimulator.of(pool).signIn(users);
    const unknown = user.evaluate('s3:GetObject', bucket.arnForObjects('a'));
    expect(unknown.decision).toBe(Decision.UNDETERMINED);
    expect(unknown.reason).toContain('aws:SourceIp');
    expect(user.evaluate('s3:GetObject', bucket.arnForObjects('a'), { context: { 'aws:SourceIp': '10.1.2.3' } }).decision).toBe(Decision.ALLOWED);
    expect(user.evaluate('s3:GetObject', bucket.arnForObjects('a'), { context: { 'aws:SourceIp': '192.168.0.1' } }).decision).toBe(Decision.DENIED);
  });

  test('§6: a bucket policy\'s explicit Deny applies (enforceSSL): UNDETERMINED until aws:SecureTransport is given', () => {
    const stack = newStack();
    const { userPool, client } = userPoolWithClient(stack);
    const users = IdentityProvider.userPool(userPool, client);
    const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users] });
    const bucket = new s3.Bucket(stack, 'Secure', { enforceSSL: true });
    bucket.grantRead(pool.authenticatedRole);
    const user = IdentityPoolSimulator.of(pool).signIn(users);
    const open = user.evaluate('s3:GetObject', bucket.arnForObjects('a.jpg'));
    expect(open.decision).toBe(Decision.UNDETERMINED);
    expect(open.reason).toContain('aws:SecureTransport');
    const plain = user.evaluate('s3:GetObject', bucket.arnForObjects('a.jpg'), { context: { 'aws:SecureTransport': 'false' } });
    expect(plain.decision).toBe(Decision.DENIED);
    expect(plain.reason).toContain('explicitly denied by');
    expect(plain.reason).toContain('AWS::S3::BucketPolicy');
    expect(user.evaluate('s3:GetObject', bucket.arnForObjects('a.jpg'), { context: { 'aws:SecureTransport': 'true' } }).decision).toBe(Decision.ALLOWED);
  });

  test('§6: a bucket policy that allows the role grants what the role\'s own policies do not; one for another principal does not', () => {
    const { stack, pool, users, bucket } = app();
    bucket.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ArnPrincipal(pool.authenticatedRole.roleArn)],
      actions: ['s3:GetObject'],
      resources: [bucket.arnForObjects('public/*')],
    }));
    const other = new iam.Role(stack, 'Other', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    bucket.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ArnPrincipal(other.roleArn)],
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects('*')],
    }));
    const user = IdentityPoolSimulator.of(pool).signIn(users);
    const read = user.evaluate('s3:GetObject', bucket.arnForObjects('public/a.jpg'));
    expect(read.decision).toBe(Decision.ALLOWED);
    expect(read.reason).toContain('a resource policy that allows the role');
    expect(user.evaluate('s3:GetObject', bucket.arnForObjects('private/a.jpg')).decision).toBe(Decision.DENIED);
    expect(user.evaluate('s3:PutObject', bucket.arnForObjects('public/a.jpg')).decision).toBe(Decision.DENIED);
  });

  test('§6: a KMS key of the template: IAM policies grant only what its key policy lets them (the default key policy delegates to the account)', () => {
    const { stack, pool, users } = app();
    const delegating = new kms.Key(stack, 'Delegating');
    delegating.grantDecrypt(pool.authenticatedRole);
    const admin = new iam.Role(stack, 'KeyAdmin', { assumedBy: new iam.AccountRootPrincipal() });
    const closed = new kms.Key(stack, 'Closed', {
      policy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ principals: [admin], actions: ['kms:*'], resources: ['*'] })] }),
    });
    pool.authenticatedRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [closed.keyArn] }));
    const direct = new kms.Key(stack, 'Direct', {
      policy: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({ principals: [new iam.ArnPrincipal(pool.authenticatedRole.roleArn)], actions: ['kms:Encrypt'], resources: ['*'] })],
      }),
    });
    const user = IdentityPoolSimulator.of(pool).signIn(users);
    expect(user.evaluate('kms:Decrypt', delegating.keyArn).decision).toBe(Decision.ALLOWED);
    const refused = user.evaluate('kms:Decrypt', closed.keyArn);
    expect(refused.decision).toBe(Decision.DENIED);
    expect(refused.reason).toMatch(/^the key policy Closed\w+ \(AWS::KMS::Key\) does not let IAM policies grant kms:Decrypt, so only the key policy can allow it/);
    expect(user.evaluate('kms:Encrypt', direct.keyArn).decision).toBe(Decision.ALLOWED);
    expect(user.evaluate('kms:Decrypt', direct.keyArn).decision).toBe(Decision.DENIED);
  });
});
