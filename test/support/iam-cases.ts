/**
 * Seeded, reproducible IAM requests for the differential against an independent evaluator
 * (test/simulator/oracle.test.ts) and for the benchmark (scripts/bench.ts): one role session
 * asking for one action on one resource, decided by identity policies, maybe a permissions
 * boundary, a session policy and the resource's own policy.
 *
 * Two families:
 * - general cases draw from everything whose meaning IAM's documentation settles: actions and
 *   NotAction, resources and NotResource with `*` and `?`, policy variables, every condition
 *   operator family with IfExists and the set operators, missing and multivalued keys,
 *   explicit denies, boundaries, session policies, resource policies naming the role, the
 *   session, the account or everyone, KMS key policies. Both evaluators must agree on them.
 * - edge cases each carry one tag: a case where the two evaluators are known to read the
 *   documentation differently (test/simulator/oracle-known-differences.ts), alone in its case.
 */

export const ACCOUNT = '111122223333';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/App`;
export const SESSION_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/App/CognitoIdentityCredentials`;
const OTHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/Other`;

/** A policy document. */
export type Doc = { Version: string; Statement: any[] };

export interface IamCase {
  readonly id: number;
  /** For an edge case: the known difference it exercises. */
  readonly tag?: string;
  readonly action: string;
  readonly resource: string;
  readonly context: Record<string, string | string[]>;
  readonly identity: Doc[];
  readonly boundary?: Doc;
  readonly session?: Doc;
  readonly resourcePolicy?: Doc;
  /** The resource is a KMS key and `resourcePolicy` its key policy. */
  readonly keyPolicy?: boolean;
}

/** mulberry32: a small seeded generator, the same sequence on every machine. */
/* eslint-disable no-bitwise */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/* eslint-enable no-bitwise */

interface Target {
  readonly action: string;
  readonly resource: string;
  readonly patterns: string[];
  readonly keyPolicy?: boolean;
}

const TARGETS: Target[] = [
  { action: 's3:GetObject', resource: 'arn:aws:s3:::photos/private/team-red/a.jpg', patterns: ['arn:aws:s3:::photos/*', 'arn:aws:s3:::photos/private/*', 'arn:aws:s3:::photos/private/team-???/*', 'arn:aws:s3:::photos/private/${aws:PrincipalTag/team}/*', 'arn:aws:s3:::other/*', 'arn:aws:s3:::photos/public/*'] },
  { action: 's3:PutObject', resource: 'arn:aws:s3:::photos/private/team-red/a.jpg', patterns: ['arn:aws:s3:::photos/*', 'arn:aws:s3:::photo?/*', 'arn:aws:s3:::*', 'arn:aws:s3:::photos/private/team-blue/*'] },
  { action: 's3:ListBucket', resource: 'arn:aws:s3:::photos', patterns: ['arn:aws:s3:::photos', 'arn:aws:s3:::photos/*', 'arn:aws:s3:::p*', '*'] },
  { action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Orders`, patterns: [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Orders`, `arn:aws:dynamodb:*:${ACCOUNT}:table/*`, 'arn:aws:dynamodb:us-east-1:*:table/Ord?rs', `arn:aws:dynamodb:us-west-2:${ACCOUNT}:table/*`] },
  { action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`, patterns: [`arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`, `arn:aws:sqs:*:${ACCOUNT}:*`, `arn:aws:sqs:us-east-1:${ACCOUNT}:j?bs`, `arn:aws:sqs:us-east-1:${ACCOUNT}:other`] },
  { action: 'logs:PutLogEvents', resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:app:log-stream:s1`, patterns: [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:app*`, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:app:*`, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:other:*`] },
  { action: 'kms:Decrypt', resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd`, patterns: [`arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd`, `arn:aws:kms:*:${ACCOUNT}:key/*`, `arn:aws:kms:us-east-1:${ACCOUNT}:key/other`], keyPolicy: true },
];

const ACTION_PATTERNS = (action: string): string[] => {
  const [service, name] = action.split(':');
  return [action, `${service}:*`, `${service}:${name.slice(0, 3)}*`, `${service}:?${name.slice(1)}`, '*', `${service}:${name.toUpperCase()}`, `${service}:Other`, 'sns:Publish'];
};

/** Condition keys: how their values look, whether they are multivalued. */
interface KeySpec {
  readonly key: string;
  readonly family: 'string' | 'numeric' | 'date' | 'bool' | 'ip' | 'arn';
  readonly multi: boolean;
  readonly values: string[];
}

const KEYS: KeySpec[] = [
  { key: 'aws:PrincipalTag/team', family: 'string', multi: false, values: ['team-red', 'team-blue', 'Team-Red'] },
  { key: 's3:prefix', family: 'string', multi: false, values: ['private/team-red/', 'public/', 'private/'] },
  { key: 'cognito-identity.amazonaws.com:sub', family: 'string', multi: false, values: ['us-east-1:1111', 'us-east-1:2222'] },
  { key: 'aws:TagKeys', family: 'string', multi: true, values: ['env', 'team', 'owner'] },
  { key: 'cognito-identity.amazonaws.com:amr', family: 'string', multi: true, values: ['authenticated', 'unauthenticated', 'graph.facebook.com'] },
  { key: 's3:max-keys', family: 'numeric', multi: false, values: ['10', '50', '100', '7.5'] },
  { key: 'aws:CurrentTime', family: 'date', multi: false, values: ['2024-01-01T00:00:00Z', '2026-06-01T12:00:00Z', '2030-01-01T00:00:00Z'] },
  { key: 'aws:EpochTime', family: 'date', multi: false, values: ['1704067200', '1780315200', '1893456000'] },
  { key: 'aws:SecureTransport', family: 'bool', multi: false, values: ['true', 'false'] },
  { key: 'aws:SourceIp', family: 'ip', multi: false, values: ['10.1.2.3', '192.168.0.9', '203.0.113.7', '2001:db8::1'] },
  { key: 'aws:SourceArn', family: 'arn', multi: false, values: [`arn:aws:sns:us-east-1:${ACCOUNT}:topic`, 'arn:aws:s3:::photos', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:f`] },
];

const OPERATORS: Record<KeySpec['family'], string[]> = {
  string: ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'],
  numeric: ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'],
  date: ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'],
  bool: ['Bool'],
  ip: ['IpAddress', 'NotIpAddress'],
  arn: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'],
};

const POLICY_VALUES: Record<KeySpec['family'], string[]> = {
  string: ['team-red', 'team-*', 'TEAM-RED', 'private/*', 'public/', '${aws:PrincipalTag/team}', 'us-east-1:1111', 'env', 'authenticated', 'graph.*', 'own?r'],
  numeric: ['10', '50', '99', '7.5'],
  date: ['2025-01-01T00:00:00Z', '2028-01-01T00:00:00Z'],
  bool: ['true', 'false'],
  ip: ['10.0.0.0/8', '192.168.0.0/16', '203.0.113.7', '2001:db8::/32'],
  arn: [`arn:aws:sns:us-east-1:${ACCOUNT}:*`, 'arn:aws:s3:::photos', `arn:aws:lambda:*:${ACCOUNT}:function:*`, 'arn:aws:s3:::ph?tos'],
};

const EPOCH_VALUES = ['1735689600', '1830297600'];

/** `count` general cases and the edge cases, from `seed`. */
export function iamCases(count: number, seed = 20261207): IamCase[] {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const chance = (p: number) => rnd() < p;
  const cases: IamCase[] = [];

  const condition = (): Record<string, Record<string, unknown>> | undefined => {
    if (!chance(0.55)) return undefined;
    const out: Record<string, Record<string, unknown>> = {};
    const n = chance(0.3) ? 2 : 1;
    for (let i = 0; i < n; i++) {
      const spec = pick(KEYS);
      let operator = pick(OPERATORS[spec.family]);
      // Multivalued keys take a set operator; single-valued keys none (documented use).
      if (spec.multi) operator = `${pick(['ForAnyValue', 'ForAllValues'])}:${operator}`;
      if (!spec.multi && chance(0.2)) operator += 'IfExists';
      const pool = spec.key === 'aws:EpochTime' ? EPOCH_VALUES : POLICY_VALUES[spec.family];
      let values: string[] = [pick(pool)];
      if (chance(0.3)) values.push(pick(pool));
      // A variable inside a negated operator needs its key present (tagged edge case otherwise).
      if (/Not/.test(operator)) values = values.filter((v) => !v.includes('${'));
      if (values.length === 0) values = ['team-blue'];
      if (chance(0.15)) {
        out.Null = { ...(out.Null ?? {}), [pick(KEYS.filter((k) => !k.multi)).key]: pick(['true', 'false']) };
      }
      out[operator] = { ...(out[operator] ?? {}), [spec.key]: values.length === 1 ? values[0] : values };
    }
    return out;
  };

  const statement = (target: Target, effect: 'Allow' | 'Deny', withPrincipal?: any): any => {
    const s: any = { Effect: effect };
    if (withPrincipal !== undefined) Object.assign(s, withPrincipal);
    const patterns = ACTION_PATTERNS(target.action);
    const actions = chance(0.3) ? [pick(patterns), pick(patterns)] : [pick(patterns)];
    if (chance(0.12)) s.NotAction = actions; else s.Action = actions.length === 1 ? actions[0] : actions;
    const resources = [pick(target.patterns), ...(chance(0.25) ? [pick(target.patterns)] : [])];
    // NotResource with a variable: a tagged edge case.
    if (chance(0.12)) s.NotResource = resources.filter((r) => !r.includes('${')).concat(resources.some((r) => !r.includes('${')) ? [] : ['arn:aws:s3:::other/*']);
    else s.Resource = chance(0.1) ? '*' : resources;
    const c = condition();
    if (c) s.Condition = c;
    if (chance(0.15)) s.Sid = `S${Math.floor(rnd() * 1000)}`;
    return s;
  };

  const doc = (statements: any[]): Doc => ({ Version: '2012-10-17', Statement: statements });

  const context = (): Record<string, string | string[]> => {
    const out: Record<string, string | string[]> = {};
    for (const spec of KEYS) {
      if (!chance(0.6)) continue;
      if (spec.multi) {
        const n = Math.floor(rnd() * 3) + (chance(0.15) ? 0 : 1);
        out[spec.key] = [...new Set(Array.from({ length: n }, () => pick(spec.values)))];
      } else {
        out[spec.key] = pick(spec.values);
      }
    }
    return out;
  };

  const principals = [{ Principal: { AWS: ROLE_ARN } }, { Principal: { AWS: SESSION_ARN } }, { Principal: { AWS: ACCOUNT } },
    { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }, { Principal: '*' }, { Principal: { AWS: OTHER_ROLE } },
    { Principal: { Service: 'lambda.amazonaws.com' } }, { NotPrincipal: { AWS: [SESSION_ARN, ROLE_ARN, `arn:aws:iam::${ACCOUNT}:root`] } },
    { NotPrincipal: { AWS: OTHER_ROLE } }];

  for (let id = 0; id < count; id++) {
    const target = pick(TARGETS);
    const identity = Array.from({ length: chance(0.2) ? 2 : 1 }, () =>
      doc(Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => statement(target, chance(0.22) ? 'Deny' : 'Allow'))));
    const boundary = chance(0.2) ? doc([statement(target, 'Allow')]) : undefined;
    const session = chance(0.2) ? doc([statement(target, 'Allow'), ...(chance(0.2) ? [statement(target, 'Deny')] : [])]) : undefined;
    let resourcePolicy: Doc | undefined;
    if (target.keyPolicy || chance(0.35)) {
      const statements = Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => {
        let who = pick(principals);
        // A grant to the session itself next to a session policy: a tagged edge case.
        if (session && (who.Principal === '*' || JSON.stringify(who).includes(SESSION_ARN) || 'NotPrincipal' in who)) who = { Principal: { AWS: ROLE_ARN } };
        // NotPrincipal goes with Deny only (with Allow IAM does not support it: a tagged edge case).
        const effect = 'NotPrincipal' in who || chance(0.25) ? 'Deny' : 'Allow';
        return statement(target, effect, who);
      });
      resourcePolicy = doc(statements);
    }
    const { action, resource, keyPolicy } = target;
    cases.push({ id, action, resource, context: context(), identity, boundary, session, resourcePolicy, keyPolicy });
  }
  return [...cases, ...edgeCases(count)];
}

/** One case per known difference and variant: each isolates the one point the evaluators read differently. */
function edgeCases(firstId: number): IamCase[] {
  const object = 'arn:aws:s3:::photos/a.jpg';
  const allowIf = (condition: any): Doc => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: condition }] });
  const cases: Array<Omit<IamCase, 'id'>> = [
    { tag: 'ip-zero-prefix', action: 's3:GetObject', resource: object, context: { 'aws:SourceIp': '203.0.113.7' }, identity: [allowIf({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } })] },
    {
      tag: 'ip-zero-prefix',
      action: 's3:GetObject',
      resource: object,
      context: { 'aws:SourceIp': '10.1.2.3' },
      identity: [{
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } },
        ],
      }],
    },
    { tag: 'epoch-and-iso-dates', action: 's3:GetObject', resource: object, context: { 'aws:CurrentTime': '2026-06-01T12:00:00Z' }, identity: [allowIf({ DateLessThan: { 'aws:CurrentTime': '1893456000' } })] },
    { tag: 'epoch-and-iso-dates', action: 's3:GetObject', resource: object, context: { 'aws:EpochTime': '1780315200' }, identity: [allowIf({ DateGreaterThan: { 'aws:EpochTime': '2020-01-01T00:00:00Z' } })] },
    ...[{ StringNotEquals: { 's3:prefix': '${aws:PrincipalTag/team}' } }, { StringNotLike: { 's3:prefix': '${aws:PrincipalTag/team}/*' } }].map((condition) => ({
      tag: 'negated-operator-variable-without-value',
      action: 's3:GetObject',
      resource: object,
      context: { 's3:prefix': 'private/' },
      identity: [allowIf(condition)],
    })),
    {
      tag: 'not-resource-variable-without-value',
      action: 's3:GetObject',
      resource: object,
      context: {},
      identity: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::photos/${aws:PrincipalTag/team}/*' }] }],
    },
    { tag: 'if-exists-with-set-operator', action: 's3:GetObject', resource: object, context: {}, identity: [allowIf({ 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': 'env' } })] },
    ...[{ AWS: SESSION_ARN }, '*'].map((principal) => ({
      tag: 'session-policy-and-grant-to-the-session',
      action: 's3:GetObject',
      resource: object,
      context: {},
      identity: [],
      session: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] },
      resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::photos/*' }] },
    })),
    // Where the documentation is silent the simulator answers UNDETERMINED; the oracle decides.
    ...[['a', 'b'], ['a'], []].map((values) => ({
      tag: 'single-valued-operator-on-multivalued-key',
      action: 's3:GetObject',
      resource: object,
      context: { 'aws:TagKeys': values },
      identity: [allowIf({ StringEquals: { 'aws:TagKeys': 'a' } })],
    })),
    ...[['a'], []].map((values) => ({
      tag: 'single-valued-operator-on-multivalued-key',
      action: 's3:GetObject',
      resource: object,
      context: { 'aws:TagKeys': values },
      identity: [allowIf({ StringNotEqualsIfExists: { 'aws:TagKeys': 'z' } })],
    })),
    ...['1e1', 'abc', '0x5'].map((value) => ({
      tag: 'numeric-value-not-a-decimal',
      action: 's3:GetObject',
      resource: object,
      context: { 's3:max-keys': '10' },
      identity: [allowIf({ NumericEquals: { 's3:max-keys': value } })],
    })),
    { tag: 'numeric-value-not-a-decimal', action: 's3:GetObject', resource: object, context: { 's3:max-keys': 'abc' }, identity: [allowIf({ NumericNotEquals: { 's3:max-keys': '10' } })] },
    ...['not-an-arn', 'arn:aws:s3'].map((value) => ({
      tag: 'arn-operator-on-a-value-that-is-not-an-arn',
      action: 's3:GetObject',
      resource: object,
      context: { 'aws:SourceArn': value },
      identity: [allowIf({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:s3:::photos' } })],
    })),
    {
      tag: 'arn-operator-on-a-value-that-is-not-an-arn',
      action: 's3:GetObject',
      resource: object,
      context: { 'aws:SourceArn': 'arn:aws:s3:::photos' },
      identity: [allowIf({ ArnLike: { 'aws:SourceArn': '*' } })],
    },
    {
      tag: 'not-principal-with-allow',
      action: 's3:GetObject',
      resource: object,
      context: {},
      identity: [],
      resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: OTHER_ROLE }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::photos/*' }] },
    },
    {
      tag: 'not-principal-without-the-account',
      action: 's3:GetObject',
      resource: object,
      context: {},
      identity: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }],
      resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: [SESSION_ARN, ROLE_ARN] }, Action: 's3:*', Resource: '*' }] },
    },
    { tag: 'null-on-an-empty-list', action: 's3:GetObject', resource: object, context: { 'aws:TagKeys': [] }, identity: [allowIf({ Null: { 'aws:TagKeys': 'false' } })] },
  ];
  return cases.map((c, i) => ({ ...c, id: firstId + i }));
}
