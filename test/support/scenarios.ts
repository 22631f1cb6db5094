/**
 * End-to-end scenarios as data: an app (built fresh each time) and the users who sign in to
 * it. The same list is run by the emulator (deploy the template, then the real SDK's GetId and
 * GetCredentialsForIdentity) and by the access simulator (`IdentityPoolSimulator.of(pool)`), in
 * test/simulator/differential.test.ts; test/credentials.test.ts builds its apps with the helpers
 * here too.
 *
 * Neutral ground: this module imports neither the emulator nor the simulator.
 */
import { Lazy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AmbiguousRoleResolution, DeveloperProvider, IdentityPool, IdentityProvider, RoleMapping, RoleMappingRule } from '../../src';
import { newStack } from '../util';

/** A user pool with custom attributes and a web client, and a pool that accepts its users. */
export function userPoolApp() {
  const stack = newStack();
  const userPool = new cognito.UserPool(stack, 'Users', {
    customAttributes: { department: new cognito.StringAttribute({ mutable: true }) },
  });
  const web = userPool.addClient('Web');
  const users = IdentityProvider.userPool(userPool, web);
  const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users] });
  return { stack, userPool, web, users, pool };
}

/**
 * A role trusting the pool for `sts:AssumeRoleWithWebIdentity` only (no `sts:TagSession`), with
 * `amr` = the given value and, unless `aud` is undefined, `aud` = what `aud()` returns (read
 * late, so the pool can be made after the role).
 */
export function roleTrustingWebIdentityOnly(stack: Stack, id: string, aud: (() => string) | undefined, amr = 'authenticated'): iam.Role {
  return new iam.Role(stack, id, {
    assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
      ...(aud ? { StringEquals: { 'cognito-identity.amazonaws.com:aud': Lazy.string({ produce: aud }) } } : {}),
      'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
    }, 'sts:AssumeRoleWithWebIdentity'),
  });
}

/** Claims: strings, or lists of strings (`cognito:groups`); values may be tokens of the app. */
export type ScenarioClaims = Record<string, string | string[]>;

/** One user's sign-in: what a client sends, in the simulator's terms. */
export interface SignIn {
  /** Who this is, for messages. */
  readonly user: string;
  /** The provider signed in with; undefined for a guest. */
  readonly provider?: IdentityProvider;
  /**
   * The token's claims. `sub` (or Amazon's `user_id`) is always given: the two sides fill in
   * different stand-ins for it. The token's `iss` and, unless given, its `aud` come from the
   * provider, on both sides.
   */
  readonly claims?: ScenarioClaims;
  /** `CustomRoleArn` of GetCredentialsForIdentity (a token of the app's role, usually). */
  readonly customRoleArn?: string;
  /** Developer identities: the `PrincipalTags` of GetOpenIdTokenForDeveloperIdentity. */
  readonly principalTags?: Record<string, string>;
}

/** An app as built for one run, and its users. */
export interface ScenarioApp {
  readonly stack: Stack;
  readonly pool: IdentityPool;
  readonly signIns: SignIn[];
}

/** A scenario's app: the stack, the pool and who signs in. */
function withSignIns(stack: Stack, pool: IdentityPool, signIns: SignIn[]): ScenarioApp {
  return { stack, pool, signIns };
}

export interface Scenario {
  /** Names the contract sections it relies on. */
  readonly title: string;
  /** Builds a fresh app: each side builds its own, from the same code. */
  readonly build: () => ScenarioApp;
}

/** credentials.test.ts's first app: a rule on custom:department, AuthenticatedRole for the rest, a department tag. */
export function departmentRuleApp() {
  const app = userPoolApp();
  const engineers = app.pool.createRole('Engineers');
  new RoleMapping(app.stack, 'Departments', {
    identityPool: app.pool,
    provider: app.users,
    rules: [RoleMappingRule.equalTo('custom:department', 'eng', engineers)],
    ambiguousRoleResolution: AmbiguousRoleResolution.AUTHENTICATED_ROLE,
  });
  app.pool.addPrincipalTags(app.users, { tags: { department: 'custom:department' } });
  return { ...app, engineers };
}

/** Two app clients of one user pool, useDefaults on both, a Deny mapping for the mobile client only. */
export function twoClientsApp() {
  const app = userPoolApp();
  const mobile = app.userPool.addClient('Mobile');
  const mobileUsers = IdentityProvider.userPool(app.userPool, mobile);
  app.pool.addAuthenticationProvider(mobileUsers);
  app.pool.addPrincipalTags(app.users, { useDefaults: true });
  app.pool.addPrincipalTags(mobileUsers, { useDefaults: true });
  const admins = app.pool.createRole('Admins');
  new RoleMapping(app.stack, 'MobileAdmins', { identityPool: app.pool, provider: mobileUsers, rules: [RoleMappingRule.equalTo('custom:department', 'admin', admins)] });
  return { ...app, mobile, mobileUsers, admins };
}

/** A user pool whose users get a department tag, and a default role made elsewhere without sts:TagSession. */
export function roleWithoutTagSessionApp() {
  const stack = newStack();
  const userPool = new cognito.UserPool(stack, 'Users');
  const web = userPool.addClient('Web');
  const users = IdentityProvider.userPool(userPool, web);
  let pool: IdentityPool | undefined;
  const given = roleTrustingWebIdentityOnly(stack, 'Given', () => pool!.identityPoolId);
  pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users], authenticatedRole: given });
  pool.addPrincipalTags(users, { tags: { department: 'custom:department' } });
  return { stack, userPool, web, users, pool, given };
}

/** An IAM OIDC provider of the stack: a rule on `org` (Deny for the rest) and the org and team tags. */
export function oidcApp() {
  const stack = newStack();
  const oidc = new iam.OidcProviderNative(stack, 'Corporate', { url: 'https://login.example.com/tenant', clientIds: ['corp-app'] });
  const corporate = IdentityProvider.openIdConnect(oidc);
  const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [corporate] });
  const acme = pool.createRole('Acme');
  // Passed inline again, as users write it: still the same provider.
  new RoleMapping(stack, 'Orgs', {
    identityPool: pool,
    provider: IdentityProvider.openIdConnect(oidc),
    rules: [RoleMappingRule.equalTo('org', 'acme', acme)],
  });
  pool.addPrincipalTags(IdentityProvider.openIdConnect(oidc), { tags: { org: 'org', team: 'team' } });
  return { stack, oidc, corporate, pool, acme };
}

/** Google with useDefaults tags and a rule on `hd` (AuthenticatedRole for the rest). */
export function googleApp() {
  const stack = newStack();
  const google = IdentityProvider.google('1234.apps.googleusercontent.com');
  const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [google] });
  const staff = pool.createRole('Staff');
  new RoleMapping(stack, 'Staff', {
    identityPool: pool,
    provider: IdentityProvider.google('1234.apps.googleusercontent.com'),
    rules: [RoleMappingRule.equalTo('hd', 'example.com', staff)],
    ambiguousRoleResolution: AmbiguousRoleResolution.AUTHENTICATED_ROLE,
  });
  pool.addPrincipalTags(IdentityProvider.google('1234.apps.googleusercontent.com'), { useDefaults: true });
  return { stack, google, pool, staff };
}

/** A role mapping of the user pool's web client, with rules and an ambiguous resolution. */
function userPoolRules(rules: (roles: { engineers: iam.Role; admins: iam.Role }) => RoleMappingRule[], ambiguous?: AmbiguousRoleResolution) {
  const app = userPoolApp();
  const engineers = app.pool.createRole('Engineers');
  const admins = app.pool.createRole('Admins');
  new RoleMapping(app.stack, 'Mapping', {
    identityPool: app.pool,
    provider: app.users,
    rules: rules({ engineers, admins }),
    ambiguousRoleResolution: ambiguous,
  });
  return { ...app, engineers, admins };
}

/** A token-based mapping on the user pool's web client: the role comes from `cognito:roles`. */
function userPoolTokenMapping(ambiguous?: AmbiguousRoleResolution) {
  const app = userPoolApp();
  const engineers = app.pool.createRole('Engineers');
  const admins = app.pool.createRole('Admins');
  new RoleMapping(app.stack, 'Groups', { identityPool: app.pool, provider: app.users, useToken: true, ambiguousRoleResolution: ambiguous });
  return { ...app, engineers, admins };
}

/**
 * Every end-to-end scenario of test/credentials.test.ts that a template holds, and more. (Not
 * here: the pool this stack does not own, since the simulator reads a pool of the app's own
 * template and refuses an imported one; and the map written through the SDK after deploy, which
 * is here as the same map written into the template through the L1.)
 */
export const SCENARIOS: Scenario[] = [
  {
    title: '§1 §2 §4: a rule on custom:department picks the role, AuthenticatedRole for the rest, the department tag for all',
    build: () => {
      const { stack, users, pool } = departmentRuleApp();
      return withSignIns(stack, pool, [
        { user: 'an engineer', provider: users, claims: { 'sub': 'u1', 'custom:department': 'eng' } },
        { user: 'a salesperson', provider: users, claims: { 'sub': 'u2', 'custom:department': 'sales' } },
        { user: 'a user without the claim', provider: users, claims: { sub: 'u3' } },
      ]);
    },
  },
  {
    title: '§1 §2 §4: two app clients share the user pool\'s one map (useDefaults); the mobile mapping denies an unmatched user',
    build: () => {
      const { stack, users, mobileUsers: app, pool } = twoClientsApp();
      return withSignIns(stack, pool, [
        { user: 'an admin on the mobile client', provider: app, claims: { 'sub': 'u1', 'custom:department': 'admin' } },
        { user: 'a salesperson on the mobile client', provider: app, claims: { 'sub': 'u3', 'custom:department': 'sales' } },
        { user: 'a salesperson on the web client (no mapping)', provider: users, claims: { 'sub': 'u4', 'custom:department': 'sales' } },
      ]);
    },
  },
  {
    title: '§1 §2: a map written through the L1 under the role-mapping key (with the client id) gives no tag',
    build: () => {
      const { stack, users, pool } = userPoolApp();
      new cognito.CfnIdentityPoolPrincipalTag(stack, 'WrongName', {
        identityPoolId: pool.identityPoolId,
        identityProviderName: users.roleMappingKey,
        useDefaults: false,
        principalTags: { department: 'custom:department' },
      });
      return { stack, pool, signIns: [{ user: 'an engineer', provider: users, claims: { 'sub': 'u1', 'custom:department': 'eng' } }] };
    },
  },
  {
    title: '§2 §6: a role made elsewhere without sts:TagSession: tagged users get no credentials, untagged users do',
    build: () => {
      const { stack, users, pool } = roleWithoutTagSessionApp();
      return withSignIns(stack, pool, [
        { user: 'an engineer (tagged)', provider: users, claims: { 'sub': 'u1', 'custom:department': 'eng' } },
        { user: 'a user without the claim (untagged)', provider: users, claims: { sub: 'u4' } },
      ]);
    },
  },
  {
    title: '§5 §6: a role whose trust does not pin aud, and one that trusts only guests, give no credentials',
    build: () => {
      const stack = newStack();
      const userPool = new cognito.UserPool(stack, 'Users');
      const web = userPool.addClient('Web');
      const users = IdentityProvider.userPool(userPool, web);
      const unpinned = roleTrustingWebIdentityOnly(stack, 'Unpinned', undefined);
      let pool: IdentityPool | undefined;
      const guestsOnly = roleTrustingWebIdentityOnly(stack, 'GuestsOnly', () => pool!.identityPoolId, 'unauthenticated');
      pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [users], authenticatedRole: unpinned });
      new RoleMapping(stack, 'Mapping', {
        identityPool: pool,
        provider: users,
        rules: [RoleMappingRule.equalTo('custom:tier', 'guest', guestsOnly)],
        ambiguousRoleResolution: AmbiguousRoleResolution.AUTHENTICATED_ROLE,
      });
      return withSignIns(stack, pool, [
        { user: 'a user given the unpinned default role', provider: users, claims: { sub: 'u1' } },
        { user: 'a user mapped to the guests-only role', provider: users, claims: { 'sub': 'u2', 'custom:tier': 'guest' } },
      ]);
    },
  },
  {
    title: '§1 §2 §4: OpenID Connect: the map under the provider\'s ARN gives the tags, a rule the role, Deny the rest',
    build: () => {
      const { stack, corporate, pool } = oidcApp();
      return withSignIns(stack, pool, [
        { user: 'an acme user', provider: corporate, claims: { sub: 'o1', aud: 'corp-app', org: 'acme', team: 'platform' } },
        { user: 'a user of another org', provider: corporate, claims: { sub: 'o2', aud: 'corp-app', org: 'other' } },
      ]);
    },
  },
  {
    title: '§1 §2 §4: Google with useDefaults: client and username tags, and the role a rule picks',
    build: () => {
      const { stack, google, pool } = googleApp();
      return withSignIns(stack, pool, [
        { user: 'a member of example.com', provider: google, claims: { sub: 'g-1', hd: 'example.com' } },
        { user: 'an outsider', provider: google, claims: { sub: 'g-2' } },
      ]);
    },
  },
  {
    title: '§2: Login with Amazon and useDefaults: username is user_id, not sub',
    build: () => {
      const stack = newStack();
      const amazon = IdentityProvider.amazon('amzn1.application.app');
      const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [amazon] });
      pool.addPrincipalTags(amazon, { useDefaults: true });
      return { stack, pool, signIns: [{ user: 'an Amazon customer', provider: amazon, claims: { user_id: 'amzn1.account.A', sub: 'ignored' } }] };
    },
  },
  {
    title: '§4: rules in order, first match wins, with all four match types (Deny for the rest)',
    build: () => {
      const app = userPoolRules(({ engineers, admins }) => [
        RoleMappingRule.startsWith('custom:department', 'eng', engineers),
        RoleMappingRule.contains('custom:title', 'admin', admins),
        RoleMappingRule.notEqual('custom:level', 'intern', admins),
        RoleMappingRule.equalTo('custom:department', 'ops', engineers),
      ]);
      const u = app.users;
      return withSignIns(app.stack, app.pool, [
        { user: 'engineering (StartsWith, before Contains)', provider: u, claims: { 'sub': 'u1', 'custom:department': 'engineering', 'custom:title': 'sysadmin' } },
        { user: 'a sysadmin (Contains)', provider: u, claims: { 'sub': 'u2', 'custom:department': 'sales', 'custom:title': 'sysadmin' } },
        { user: 'a senior (NotEqual)', provider: u, claims: { 'sub': 'u3', 'custom:level': 'senior' } },
        { user: 'an intern in ops (NotEqual fails, Equals matches)', provider: u, claims: { 'sub': 'u4', 'custom:level': 'intern', 'custom:department': 'ops' } },
        { user: 'an intern elsewhere (no rule)', provider: u, claims: { 'sub': 'u5', 'custom:level': 'intern', 'custom:department': 'sales' } },
      ]);
    },
  },
  {
    title: '§4 (unsettled): a rule on the multi-valued cognito:groups; both sides match when any group matches, the simulator notes it',
    build: () => {
      const app = userPoolRules(({ admins, engineers }) => [
        RoleMappingRule.equalTo('cognito:groups', 'admins', admins),
        RoleMappingRule.notEqual('cognito:groups', 'contractors', engineers),
      ]);
      const u = app.users;
      return withSignIns(app.stack, app.pool, [
        { user: 'in admins and staff', provider: u, claims: { 'sub': 'u1', 'cognito:groups': ['staff', 'admins'] } },
        { user: 'in staff only', provider: u, claims: { 'sub': 'u2', 'cognito:groups': ['staff'] } },
        { user: 'in staff and contractors', provider: u, claims: { 'sub': 'u3', 'cognito:groups': ['staff', 'contractors'] } },
      ]);
    },
  },
  {
    title: '§1 §2 §4: a SAML provider: named by its ARN for logins, the mapping and the map',
    build: () => {
      const stack = newStack();
      const saml = IdentityProvider.saml(iam.SamlProvider.fromSamlProviderArn(stack, 'Corp', 'arn:aws:iam::123456789012:saml-provider/corp'));
      const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [saml] });
      const engineers = pool.createRole('Engineers');
      new RoleMapping(stack, 'Teams', { identityPool: pool, provider: saml, rules: [RoleMappingRule.equalTo('team', 'eng', engineers)] });
      pool.addPrincipalTags(saml, { tags: { team: 'team' } });
      const nameId = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier';
      return withSignIns(stack, pool, [
        { user: 'an engineer', provider: saml, claims: { [nameId]: 'n1', sub: 'n1', team: 'eng' } },
        { user: 'someone else (Deny)', provider: saml, claims: { [nameId]: 'n2', sub: 'n2', team: 'ops' } },
      ]);
    },
  },
  {
    title: '§4: a NotEqual rule on a claim the token lacks is not evaluated (AuthenticatedRole and Deny)',
    build: () => {
      const app = userPoolRules(({ admins }) => [RoleMappingRule.notEqual('custom:level', 'intern', admins)], AmbiguousRoleResolution.AUTHENTICATED_ROLE);
      const mobile = app.userPool.addClient('Mobile');
      const strict = IdentityProvider.userPool(app.userPool, mobile);
      app.pool.addAuthenticationProvider(strict);
      new RoleMapping(app.stack, 'Strict', { identityPool: app.pool, provider: strict, rules: [RoleMappingRule.notEqual('custom:level', 'intern', app.admins)] });
      return withSignIns(app.stack, app.pool, [
        { user: 'no custom:level, AuthenticatedRole', provider: app.users, claims: { sub: 'u1' } },
        { user: 'no custom:level, Deny', provider: strict, claims: { sub: 'u2' } },
        { user: 'custom:level=senior, Deny', provider: strict, claims: { 'sub': 'u3', 'custom:level': 'senior' } },
      ]);
    },
  },
  {
    title: '§4: token-based mapping: cognito:preferred_role, CustomRoleArn among cognito:roles, and Deny when ambiguous',
    build: () => {
      const app = userPoolTokenMapping();
      const [eng, adm] = [app.engineers.roleArn, app.admins.roleArn];
      const u = app.users;
      return withSignIns(app.stack, app.pool, [
        { user: 'preferred role', provider: u, claims: { 'sub': 'u1', 'cognito:roles': [adm, eng], 'cognito:preferred_role': eng } },
        { user: 'custom role among the roles', provider: u, claims: { 'sub': 'u2', 'cognito:roles': [adm, eng], 'cognito:preferred_role': eng }, customRoleArn: adm },
        { user: 'custom role not among the roles', provider: u, claims: { 'sub': 'u3', 'cognito:roles': [eng], 'cognito:preferred_role': eng }, customRoleArn: adm },
        { user: 'several roles, none preferred', provider: u, claims: { 'sub': 'u4', 'cognito:roles': [adm, eng] } },
        { user: 'no role claims', provider: u, claims: { sub: 'u5' } },
      ]);
    },
  },
  {
    title: '§4: user pool groups fill the role claims of the ID token: the lowest precedence is preferred, a tie of roles is ambiguous',
    build: () => {
      const app = userPoolTokenMapping();
      const staff = app.pool.createRole('Staff');
      const group = (id: string, groupName: string, role: iam.IRole, precedence?: number) =>
        new cognito.UserPoolGroup(app.stack, id, { userPool: app.userPool, groupName, role, precedence });
      group('AdminsGroup', 'admins', app.admins, 1);
      group('EngineersGroup', 'engineers', app.engineers, 5);
      group('StaffGroup', 'staff', staff, 1);
      group('AlumniGroup', 'alumni', app.engineers);
      const u = app.users;
      return withSignIns(app.stack, app.pool, [
        { user: 'engineer and admin: admin ranks first', provider: u, claims: { 'sub': 'g1', 'cognito:groups': ['engineers', 'admins'] } },
        { user: 'alumni without precedence and engineer: one role', provider: u, claims: { 'sub': 'g2', 'cognito:groups': ['alumni', 'engineers'] } },
        { user: 'admin and staff share precedence 1: no preferred role', provider: u, claims: { 'sub': 'g3', 'cognito:groups': ['admins', 'staff'] } },
        { user: 'admin asking for the engineers role he does not have', provider: u, claims: { 'sub': 'g4', 'cognito:groups': ['admins'] }, customRoleArn: app.engineers.roleArn },
        { user: 'engineer and admin asking for the engineers role', provider: u, claims: { 'sub': 'g5', 'cognito:groups': ['engineers', 'admins'] }, customRoleArn: app.engineers.roleArn },
      ]);
    },
  },
  {
    title: '§4: token-based mapping with AuthenticatedRole: the default role when ambiguous, never for a CustomRoleArn outside the roles',
    build: () => {
      const app = userPoolTokenMapping(AmbiguousRoleResolution.AUTHENTICATED_ROLE);
      const [eng, adm] = [app.engineers.roleArn, app.admins.roleArn];
      const u = app.users;
      return withSignIns(app.stack, app.pool, [
        { user: 'several roles, none preferred', provider: u, claims: { 'sub': 'u1', 'cognito:roles': [adm, eng] } },
        { user: 'one role, none preferred', provider: u, claims: { 'sub': 'u2', 'cognito:roles': [eng] } },
        { user: 'custom role not among the roles', provider: u, claims: { 'sub': 'u3', 'cognito:roles': [eng], 'cognito:preferred_role': eng }, customRoleArn: adm },
        { user: 'no role claims', provider: u, claims: { sub: 'u4' } },
      ]);
    },
  },
  {
    title: '§3 §4 §5: guests get the unauthenticated role when the pool allows them',
    build: () => {
      const stack = newStack();
      const userPool = new cognito.UserPool(stack, 'Users');
      const users = IdentityProvider.userPool(userPool, userPool.addClient('Web'));
      const pool = new IdentityPool(stack, 'Open', { authenticationProviders: [users], allowUnauthenticatedIdentities: true });
      return { stack, pool, signIns: [{ user: 'a guest' }, { user: 'a signed-in user', provider: users, claims: { sub: 'u1' } }] };
    },
  },
  {
    title: '§3: guests are refused by a pool that does not allow them',
    build: () => {
      const { stack, pool } = userPoolApp();
      return { stack, pool, signIns: [{ user: 'a guest' }] };
    },
  },
  {
    title: '§1: a provider the pool lacks is refused',
    build: () => {
      const { stack, pool } = userPoolApp();
      return { stack, pool, signIns: [{ user: 'a Facebook user', provider: IdentityProvider.facebook('fb-app'), claims: { sub: 'f1' } }] };
    },
  },
  {
    title: '§1 §2 §6: developer identities: session tags per call, none from a map; the role needs sts:TagSession',
    build: () => {
      const { stack, users, pool } = userPoolApp();
      const developer = new DeveloperProvider(stack, 'Backend', { identityPool: pool, providerName: 'login.example.com' });
      return withSignIns(stack, pool, [
        { user: 'a tenant user', provider: developer.provider, claims: { sub: 'user-1' }, principalTags: { tenant: 'acme' } },
        { user: 'an untagged user', provider: developer.provider, claims: { sub: 'user-2' } },
        { user: 'a user pool user', provider: users, claims: { sub: 'u1' } },
      ]);
    },
  },
  {
    title: '§1 §2 §6: a developer provider with sessionTags: tagged developer identities get credentials and their per-call tags',
    build: () => {
      const { stack, pool } = userPoolApp();
      const developer = new DeveloperProvider(stack, 'Backend', { identityPool: pool, providerName: 'login.example.com', sessionTags: true });
      return withSignIns(stack, pool, [
        { user: 'a tenant user', provider: developer.provider, claims: { sub: 'user-1' }, principalTags: { tenant: 'acme' } },
        { user: 'an untagged user', provider: developer.provider, claims: { sub: 'user-2' } },
      ]);
    },
  },
];
