/**
 * IAM's policy evaluation, golden cases from the IAM User Guide. Each describe names the page
 * (docs.aws.amazon.com/IAM/latest/UserGuide/<page>.html) its expectations come from; the
 * policies are the pages' examples or their shape, and the expected answers are what the pages
 * say, not what the code does. docs/service-contract.md §6 makes this the reference for `evaluate`.
 */
import { Decision } from '../../src/iam/decision';
import { EvaluationInput, evaluatePolicies } from '../../src/iam/evaluation';
import { PolicySource } from '../../src/iam/policy';
import { Unresolved } from '../../src/iam/unresolved';

const ACCOUNT = '111122223333';
const SUB_KEY = 'cognito-identity.amazonaws.com:sub';
const ALICE = 'us-east-1:12345678-1234-1234-1234-123456790ab';
const BOB = 'us-east-1:98765432-1234-1234-1243-123456790ab';

function policy(label: string, ...statements: any[]): PolicySource {
  return { label, document: { Version: '2012-10-17', Statement: statements } };
}

type Options = Partial<Omit<EvaluationInput, 'action' | 'resource' | 'identityPolicies'>>;

function decide(policies: PolicySource[], action: string, resource: string, options: Options = {}) {
  return evaluatePolicies({
    action,
    resource,
    context: {},
    identityPolicies: policies,
    unseenPolicies: [],
    ...options,
  });
}

function expectDecision(result: { decision: Decision; reason: string }, decision: Decision, ...reasonParts: string[]) {
  expect(result.decision).toBe(decision);
  for (const part of reasonParts) {
    expect(result.reason).toContain(part);
  }
}

const allowAll = policy('inline policy All of role R', { Effect: 'Allow', Action: '*', Resource: '*' });

describe('reference_policies_evaluation-logic: explicit deny, allow, implicit deny', () => {
  test('a request no statement allows is denied by default (implicit deny)', () => {
    const p = policy('inline policy P of role R', { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' });
    expectDecision(decide([p], 's3:PutObject', 'arn:aws:s3:::bucket/a'), Decision.DENIED,
      "no statement of the role's policies allows s3:PutObject on arn:aws:s3:::bucket/a", 'implicit deny');
    expectDecision(decide([], 's3:GetObject', '*'), Decision.DENIED, 'implicit deny');
  });

  test('an allow applies when nothing denies, and the reason names the statement', () => {
    const p = policy('inline policy P of role R', { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' });
    expectDecision(decide([p], 's3:GetObject', 'arn:aws:s3:::bucket/a'), Decision.ALLOWED,
      'allowed by statement "Read" (index 0) of inline policy P of role R');
  });

  test('an explicit deny in any policy overrides an allow', () => {
    const allow = policy('policy A of role R', { Effect: 'Allow', Action: 's3:*', Resource: '*' });
    const deny = policy('policy D of role R', { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' });
    expectDecision(decide([allow, deny], 's3:DeleteObject', 'arn:aws:s3:::b/k'), Decision.DENIED,
      'explicitly denied by statement 0 of policy D of role R');
    expectDecision(decide([allow, deny], 's3:GetObject', 'arn:aws:s3:::b/k'), Decision.ALLOWED, 'statement 0 of policy A of role R');
  });
});

describe('access_policies_boundaries: a permissions boundary must allow too', () => {
  // The page's example: the boundary allows S3, CloudWatch and EC2; the identity policy allows
  // iam:CreateUser, which the boundary does not, so the user cannot create users.
  const boundary: PolicySource = policy('the permissions boundary B', {
    Effect: 'Allow', Action: ['s3:*', 'cloudwatch:*', 'ec2:*'], Resource: '*',
  });
  const identity = policy('policy P of role R', { Effect: 'Allow', Action: ['iam:CreateUser', 's3:GetObject'], Resource: '*' });

  test('allowed by the identity policy but not by the boundary: denied, naming the boundary', () => {
    expectDecision(decide([identity], 'iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/Bob`, { permissionsBoundary: boundary }),
      Decision.DENIED, 'permissions boundary the permissions boundary B');
  });

  test('allowed by both: allowed (the intersection)', () => {
    expectDecision(decide([identity], 's3:GetObject', 'arn:aws:s3:::b/k', { permissionsBoundary: boundary }), Decision.ALLOWED);
  });

  test('allowed by the boundary only: the boundary grants nothing by itself', () => {
    expectDecision(decide([identity], 'ec2:RunInstances', '*', { permissionsBoundary: boundary }), Decision.DENIED, 'implicit deny');
  });

  test('an explicit deny in the boundary wins', () => {
    const denying = policy('the permissions boundary D', { Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: '*' });
    expectDecision(decide([identity], 's3:GetObject', 'arn:aws:s3:::b/k', { permissionsBoundary: denying }), Decision.DENIED,
      'explicitly denied by statement 1 of the permissions boundary D');
  });
});

describe('access_policies (session policies): a session policy limits, never grants', () => {
  const identity = policy('policy P of role R', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
  const session = policy('session policy S', { Effect: 'Allow', Action: 's3:*', Resource: '*' });

  test('the session is the intersection of the role\'s policies and the session policy', () => {
    expectDecision(decide([identity], 's3:GetObject', 'arn:aws:s3:::b/k', { sessionPolicies: [session] }), Decision.ALLOWED);
    expectDecision(decide([identity], 's3:PutObject', 'arn:aws:s3:::b/k', { sessionPolicies: [session] }), Decision.DENIED, 'implicit deny');
  });

  test('a session policy that does not allow the action denies it, naming the session policy', () => {
    const narrow = policy('session policy N', { Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' });
    expectDecision(decide([identity], 's3:GetObject', 'arn:aws:s3:::b/k', { sessionPolicies: [narrow] }), Decision.DENIED,
      'no statement of session policy N allows s3:GetObject');
  });
});

describe('reference_policies_elements_action and _notaction', () => {
  test('action names are matched case-insensitively', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: 'S3:getobject', Resource: '*' });
    expectDecision(decide([p], 's3:GetObject', '*'), Decision.ALLOWED);
  });

  test('wildcards * and ? in actions (the page\'s iam:*AccessKey* shape)', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: ['iam:*AccessKey*', 's3:?etObject'], Resource: '*' });
    expectDecision(decide([p], 'iam:CreateAccessKey', '*'), Decision.ALLOWED);
    expectDecision(decide([p], 'iam:ListAccessKeys', '*'), Decision.ALLOWED);
    expectDecision(decide([p], 's3:GetObject', '*'), Decision.ALLOWED);
    expectDecision(decide([p], 'iam:CreateUser', '*'), Decision.DENIED);
    expectDecision(decide([p], 's3:PutObjectAcl', '*'), Decision.DENIED);
  });

  test('Allow with NotAction allows every action except the listed ones (and the rest stay implicitly denied)', () => {
    const p = policy('policy P', { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' });
    expectDecision(decide([p], 's3:GetObject', '*'), Decision.ALLOWED);
    expectDecision(decide([p], 'iam:CreateUser', '*'), Decision.DENIED, 'implicit deny');
  });

  test('Deny with NotAction denies everything not listed', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', NotAction: ['s3:*'], Resource: '*' });
    expectDecision(decide([p], 'dynamodb:GetItem', '*'), Decision.DENIED, 'explicitly denied by statement 1');
    expectDecision(decide([p], 's3:GetObject', '*'), Decision.ALLOWED);
  });
});

describe('reference_policies_elements_resource and _notresource', () => {
  test('resource ARNs are matched case-sensitively (the page: the IAM user name is case sensitive)', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws:iam::${ACCOUNT}:user/Bob` });
    expectDecision(decide([p], 'iam:GetUser', `arn:aws:iam::${ACCOUNT}:user/Bob`), Decision.ALLOWED);
    expectDecision(decide([p], 'iam:GetUser', `arn:aws:iam::${ACCOUNT}:user/bob`), Decision.DENIED);
  });

  test('a * replaces everything within a segment, slashes included (arn:aws:s3:::bucket/*)', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/*' });
    expectDecision(decide([p], 's3:GetObject', 'arn:aws:s3:::amzn-s3-demo-bucket/a/b/c.txt'), Decision.ALLOWED);
    expectDecision(decide([p], 's3:GetObject', 'arn:aws:s3:::other-bucket/a'), Decision.DENIED);
  });

  test('a * that ends a segment may match across colons; ? matches one character', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: ['arn:aws:sqs:us-east-2:*', 'arn:aws:sqs:eu-west-?:*:queue1'] });
    expectDecision(decide([p], 'sqs:SendMessage', `arn:aws:sqs:us-east-2:${ACCOUNT}:queue9`), Decision.ALLOWED);
    expectDecision(decide([p], 'sqs:SendMessage', `arn:aws:sqs:eu-west-1:${ACCOUNT}:queue1`), Decision.ALLOWED);
    expectDecision(decide([p], 'sqs:SendMessage', `arn:aws:sqs:eu-west-10:${ACCOUNT}:queue1`), Decision.DENIED);
  });

  test('Allow with NotResource: everything but the listed resources (the page\'s HRBucket/Payroll example)', () => {
    const p = policy('policy P', {
      Effect: 'Allow',
      Action: 's3:*',
      NotResource: ['arn:aws:s3:::HRBucket/Payroll', 'arn:aws:s3:::HRBucket/Payroll/*'],
    });
    expectDecision(decide([p], 's3:GetObject', 'arn:aws:s3:::HRBucket/Payroll/salaries.csv'), Decision.DENIED);
    expectDecision(decide([p], 's3:GetObject', 'arn:aws:s3:::HRBucket/Payroll'), Decision.DENIED);
    expectDecision(decide([p], 's3:GetObject', 'arn:aws:s3:::HRBucket/Benefits/plan.pdf'), Decision.ALLOWED);
  });
});

describe('reference_policies_variables: variables and tags', () => {
  // The Cognito developer guide's "IAM roles" example 2: each identity reads and writes its own folder.
  const folders = policy('policy Folders', {
    Effect: 'Allow',
    Action: ['s3:GetObject', 's3:PutObject'],
    Resource: [`arn:aws:s3:::mybucket/\${${SUB_KEY}}/*`],
  }, {
    Effect: 'Allow',
    Action: 's3:ListBucket',
    Resource: 'arn:aws:s3:::mybucket',
    Condition: { StringLike: { 's3:prefix': [`\${${SUB_KEY}}/*`] } },
  });

  test('${cognito-identity.amazonaws.com:sub} in Resource: an identity reaches its own folder only', () => {
    const context = { [SUB_KEY]: ALICE };
    expectDecision(decide([folders], 's3:GetObject', `arn:aws:s3:::mybucket/${ALICE}/photo.jpg`, { context }), Decision.ALLOWED);
    expectDecision(decide([folders], 's3:GetObject', `arn:aws:s3:::mybucket/${BOB}/photo.jpg`, { context }), Decision.DENIED);
  });

  test('the same variable in a StringLike condition value', () => {
    const context = { [SUB_KEY]: ALICE, 's3:prefix': `${ALICE}/2024/` };
    expectDecision(decide([folders], 's3:ListBucket', 'arn:aws:s3:::mybucket', { context }), Decision.ALLOWED);
    expectDecision(decide([folders], 's3:ListBucket', 'arn:aws:s3:::mybucket', { context: { ...context, 's3:prefix': `${BOB}/` } }), Decision.DENIED);
  });

  test('variable names are case-insensitive', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::mybucket/${Cognito-Identity.amazonaws.com:SUB}/*' });
    expectDecision(decide([p], 's3:GetObject', `arn:aws:s3:::mybucket/${ALICE}/a`, { context: { [SUB_KEY]: ALICE } }), Decision.ALLOWED);
  });

  test('a default value stands in when the key has no value: ${aws:PrincipalTag/team, \'company-wide\'}', () => {
    const p = policy('policy P', {
      Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/${aws:PrincipalTag/team, \'company-wide\'}/*',
    });
    const complete = { completeKeys: ['aws:PrincipalTag/*'] };
    expectDecision(decide([p], 's3:GetObject', 'arn:aws:s3:::amzn-s3-demo-bucket/company-wide/a', { ...complete }), Decision.ALLOWED);
    expectDecision(decide([p], 's3:GetObject', 'arn:aws:s3:::amzn-s3-demo-bucket/red/a', { ...complete, context: { 'aws:PrincipalTag/team': 'red' } }),
      Decision.ALLOWED);
    expectDecision(decide([p], 's3:GetObject', 'arn:aws:s3:::amzn-s3-demo-bucket/company-wide/a', { ...complete, context: { 'aws:PrincipalTag/team': 'red' } }),
      Decision.DENIED);
  });

  test('${*}, ${?} and ${$} stand for the literal characters', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/a${*}b${?}c${$}' });
    expectDecision(decide([p], 's3:GetObject', 'arn:aws:s3:::b/a*b?c$'), Decision.ALLOWED);
    expectDecision(decide([p], 's3:GetObject', 'arn:aws:s3:::b/aXXbYc$'), Decision.DENIED);
  });

  test('a variable with no value (key surely absent, no default) matches no resource', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:PrincipalTag/team}/*' });
    expectDecision(decide([p], 's3:GetObject', 'arn:aws:s3:::b/red/a', { completeKeys: ['aws:PrincipalTag/*'] }), Decision.DENIED, 'implicit deny');
  });

  test('UNDETERMINED: a variable whose key nobody supplied names the key', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:PrincipalTag/team}/*' });
    expectDecision(decide([p], 's3:GetObject', 'arn:aws:s3:::b/red/a'), Decision.UNDETERMINED,
      'the policy variable ${aws:PrincipalTag/team} needs aws:PrincipalTag/team', 'pass it in `context`');
  });

  test('UNDETERMINED: a multivalued key is not a policy variable (reference_policies_condition-single-vs-multi-valued-context-keys)', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${cognito-identity.amazonaws.com:amr}/*' });
    const context = { 'cognito-identity.amazonaws.com:amr': ['authenticated', 'graph.facebook.com'] };
    expectDecision(decide([p], 's3:GetObject', 'arn:aws:s3:::b/authenticated/a', { context }), Decision.UNDETERMINED,
      '${cognito-identity.amazonaws.com:amr} names a multivalued key');
  });
});

describe('reference_policies_elements_condition_operators: String, Arn, Bool, Numeric, Date, IP', () => {
  // The page's string example: only principals tagged job-category=iamuser-admin manage access keys.
  const keys = policy('policy Keys', {
    Effect: 'Allow',
    Action: 'iam:*AccessKey*',
    Resource: `arn:aws:iam::${ACCOUNT}:user/*`,
    Condition: { StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } },
  });
  const user = `arn:aws:iam::${ACCOUNT}:user/Bob`;

  test('StringEquals: matching tag allowed, other value denied', () => {
    expectDecision(decide([keys], 'iam:CreateAccessKey', user, { context: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } }), Decision.ALLOWED);
    expectDecision(decide([keys], 'iam:CreateAccessKey', user, { context: { 'aws:PrincipalTag/job-category': 'IAMUSER-ADMIN' } }), Decision.DENIED);
  });

  test('condition key names are case-insensitive: aws:PrincipalTag/Job-Category is the same key', () => {
    expectDecision(decide([keys], 'iam:CreateAccessKey', user, { context: { 'AWS:PrincipalTag/Job-Category': 'iamuser-admin' } }), Decision.ALLOWED);
  });

  test('a key absent from the request: the condition is false (and true for negated operators)', () => {
    const complete = { completeKeys: ['aws:PrincipalTag/*'] };
    expectDecision(decide([keys], 'iam:CreateAccessKey', user, complete), Decision.DENIED);
    const negated = policy('policy N', {
      Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'red' } },
    });
    expectDecision(decide([negated], 's3:GetObject', '*', complete), Decision.ALLOWED);
  });

  test('UNDETERMINED: a condition key absent from the context names the key', () => {
    expectDecision(decide([keys], 'iam:CreateAccessKey', user), Decision.UNDETERMINED,
      'condition key aws:PrincipalTag/job-category is not in the context; pass it in `context`', 'statement 0 of policy Keys could allow');
  });

  test('StringEqualsIgnoreCase and StringNotEqualsIgnoreCase', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Red' } } });
    expectDecision(decide([p], 's3:GetObject', '*', { context: { 'aws:PrincipalTag/team': 'RED' } }), Decision.ALLOWED);
    const n = policy('policy N', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Red' } } });
    expectDecision(decide([n], 's3:GetObject', '*', { context: { 'aws:PrincipalTag/team': 'rEd' } }), Decision.DENIED);
  });

  test('StringLike: * and ? anywhere in the value; case-sensitive', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: 's3:ListBucket', Resource: '*', Condition: { StringLike: { 's3:prefix': ['home/*', 'tmp/??/x'] } } });
    expectDecision(decide([p], 's3:ListBucket', '*', { context: { 's3:prefix': 'home/alice/docs' } }), Decision.ALLOWED);
    expectDecision(decide([p], 's3:ListBucket', '*', { context: { 's3:prefix': 'tmp/ab/x' } }), Decision.ALLOWED);
    expectDecision(decide([p], 's3:ListBucket', '*', { context: { 's3:prefix': 'tmp/abc/x' } }), Decision.DENIED);
    expectDecision(decide([p], 's3:ListBucket', '*', { context: { 's3:prefix': 'HOME/alice' } }), Decision.DENIED);
  });

  test('ArnLike/ArnEquals: each of the six components matched on its own; ArnNotLike negates', () => {
    const p = policy('policy P', {
      Effect: 'Allow', Action: 'sns:Publish', Resource: '*', Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:lambda:*:${ACCOUNT}:function:*` } },
    });
    expectDecision(decide([p], 'sns:Publish', '*', { context: { 'aws:SourceArn': `arn:aws:lambda:us-east-1:${ACCOUNT}:function:my-fn` } }), Decision.ALLOWED);
    expectDecision(decide([p], 'sns:Publish', '*', { context: { 'aws:SourceArn': 'arn:aws:lambda:us-east-1:444455556666:function:my-fn' } }), Decision.DENIED);
    const n = policy('policy N', {
      Effect: 'Allow', Action: 'sns:Publish', Resource: '*', Condition: { ArnNotEquals: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${ACCOUNT}:topic` } },
    });
    expectDecision(decide([n], 'sns:Publish', '*', { context: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${ACCOUNT}:topic` } }), Decision.DENIED);
    expectDecision(decide([n], 'sns:Publish', '*', { context: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${ACCOUNT}:other` } }), Decision.ALLOWED);
  });

  test('Bool: deny requests without TLS (aws:SecureTransport false)', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: 's3:*', Resource: '*' }, {
      Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expectDecision(decide([p], 's3:GetObject', '*', { context: { 'aws:SecureTransport': 'false' } }), Decision.DENIED, 'explicitly denied by statement 1');
    expectDecision(decide([p], 's3:GetObject', '*', { context: { 'aws:SecureTransport': 'true' } }), Decision.ALLOWED);
  });

  test('Numeric: NumericLessThanEquals s3:max-keys 10 (the page\'s example)', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: 's3:ListBucket', Resource: '*', Condition: { NumericLessThanEquals: { 's3:max-keys': '10' } } });
    expectDecision(decide([p], 's3:ListBucket', '*', { context: { 's3:max-keys': '10' } }), Decision.ALLOWED);
    expectDecision(decide([p], 's3:ListBucket', '*', { context: { 's3:max-keys': '11' } }), Decision.DENIED);
  });

  test('Date: DateGreaterThan / DateLessThan on aws:CurrentTime', () => {
    const p = policy('policy P', {
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: '*',
      Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-04-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2020-06-30T23:59:59Z' } },
    });
    expectDecision(decide([p], 's3:GetObject', '*', { context: { 'aws:CurrentTime': '2020-05-01T12:00:00Z' } }), Decision.ALLOWED);
    expectDecision(decide([p], 's3:GetObject', '*', { context: { 'aws:CurrentTime': '2021-01-01T00:00:00Z' } }), Decision.DENIED);
    expectDecision(decide([p], 's3:GetObject', '*'), Decision.UNDETERMINED, 'condition key aws:CurrentTime is not in the context');
  });

  test('IpAddress / NotIpAddress with IPv4 and IPv6 CIDRs (the page\'s 203.0.113.0/24 and 2001:DB8:1234:5678::/64)', () => {
    const p = policy('policy P', {
      Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } },
    });
    expectDecision(decide([p], 's3:GetObject', '*', { context: { 'aws:SourceIp': '203.0.113.77' } }), Decision.ALLOWED);
    expectDecision(decide([p], 's3:GetObject', '*', { context: { 'aws:SourceIp': '203.0.114.1' } }), Decision.DENIED);
    expectDecision(decide([p], 's3:GetObject', '*', { context: { 'aws:SourceIp': '2001:db8:1234:5678:abcd::1' } }), Decision.ALLOWED);
    expectDecision(decide([p], 's3:GetObject', '*', { context: { 'aws:SourceIp': '2001:db8:1234:5679::1' } }), Decision.DENIED);
    const deny = policy('policy D', allowAll.document.Statement[0], {
      Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } },
    });
    expectDecision(decide([deny], 's3:GetObject', '*', { context: { 'aws:SourceIp': '192.0.2.9' } }), Decision.ALLOWED);
    expectDecision(decide([deny], 's3:GetObject', '*', { context: { 'aws:SourceIp': '198.51.100.1' } }), Decision.DENIED);
  });

  test('...IfExists: true when the key is absent, checked when present (the page\'s ec2:InstanceType example)', () => {
    const p = policy('policy P', {
      Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*', Condition: { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } },
    });
    expectDecision(decide([p], 'ec2:RunInstances', '*', { context: { 'ec2:InstanceType': 't2.micro' } }), Decision.ALLOWED);
    expectDecision(decide([p], 'ec2:RunInstances', '*', { context: { 'ec2:InstanceType': 'm5.large' } }), Decision.DENIED);
    expectDecision(decide([p], 'ec2:RunInstances', '*'), Decision.ALLOWED);
  });

  test('Null: "true" holds when the key is absent, "false" when it is present', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: 's3:PutObject', Resource: '*', Condition: { Null: { 's3:x-amz-server-side-encryption': 'false' } } });
    expectDecision(decide([p], 's3:PutObject', '*', { context: { 's3:x-amz-server-side-encryption': 'aws:kms' } }), Decision.ALLOWED);
    expectDecision(decide([p], 's3:PutObject', '*'), Decision.DENIED);
    const t = policy('policy T', { Effect: 'Allow', Action: 's3:PutObject', Resource: '*', Condition: { Null: { 's3:x-amz-server-side-encryption': 'true' } } });
    expectDecision(decide([t], 's3:PutObject', '*'), Decision.ALLOWED);
  });

  test('UNDETERMINED: Null and IfExists on a key every request carries (aws:TokenIssueTime) need it in the context', () => {
    const p = policy('policy P', allowAll.document.Statement[0], {
      Effect: 'Deny', Action: '*', Resource: '*', Condition: { Null: { 'aws:TokenIssueTime': 'true' } },
    });
    expectDecision(decide([p], 's3:GetObject', '*'), Decision.UNDETERMINED, 'condition key aws:TokenIssueTime is not in the context');
    expectDecision(decide([p], 's3:GetObject', '*', { context: { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' } }), Decision.ALLOWED);
    expectDecision(decide([p], 's3:GetObject', '*', { completeKeys: ['aws:TokenIssueTime'] }), Decision.DENIED, 'explicitly denied');
  });

  test('UNDETERMINED: ...IfExists on aws:SourceIp, which every request carries, needs it in the context', () => {
    const p = policy('policy P', {
      Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddressIfExists: { 'aws:SourceIp': '203.0.113.0/24' } },
    });
    expectDecision(decide([p], 's3:GetObject', '*'), Decision.UNDETERMINED, 'condition key aws:SourceIp is not in the context');
    expectDecision(decide([p], 's3:GetObject', '*', { context: { 'aws:SourceIp': '203.0.113.5' } }), Decision.ALLOWED);
  });

  test('UNDETERMINED: an operator name the simulator does not know is named', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringStartsWith: { 's3:prefix': 'home/' } } });
    expectDecision(decide([p], 's3:GetObject', '*', { context: { 's3:prefix': 'home/a' } }), Decision.UNDETERMINED,
      'the condition operator StringStartsWith is not modeled');
  });

  test('UNDETERMINED: an operator the simulator does not model is named', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { BinaryEquals: { 'some:key': 'QmluYXJ5' } } });
    expectDecision(decide([p], 's3:GetObject', '*', { context: { 'some:key': 'QmluYXJ5' } }), Decision.UNDETERMINED,
      'the condition operator BinaryEquals is not modeled');
  });
});

describe('reference_policies_multi-value-conditions: AND across keys and operators, OR across values, NOR for negated operators', () => {
  test('several values of one key are ORed', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/role': ['audit', 'security'] } } });
    expectDecision(decide([p], 's3:GetObject', '*', { context: { 'aws:PrincipalTag/role': 'security' } }), Decision.ALLOWED);
  });

  test('several values under a negated operator are NORed: the key must match none of them', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalTag/role': ['audit', 'security'] } } });
    expectDecision(decide([p], 's3:GetObject', '*', { context: { 'aws:PrincipalTag/role': 'audit' } }), Decision.DENIED);
    expectDecision(decide([p], 's3:GetObject', '*', { context: { 'aws:PrincipalTag/role': 'dev' } }), Decision.ALLOWED);
  });

  test('several keys, and several operators, are ANDed', () => {
    const p = policy('policy P', {
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:PrincipalTag/department': 'eng', 'aws:PrincipalTag/role': 'dev' },
        ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/*` },
      },
    });
    const context = { 'aws:PrincipalTag/department': 'eng', 'aws:PrincipalTag/role': 'dev', 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/R` };
    expectDecision(decide([p], 's3:GetObject', '*', { context }), Decision.ALLOWED);
    expectDecision(decide([p], 's3:GetObject', '*', { context: { ...context, 'aws:PrincipalTag/role': 'ops' } }), Decision.DENIED);
    expectDecision(decide([p], 's3:GetObject', '*', { context: { ...context, 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/U` } }), Decision.DENIED);
  });
});

describe('reference_policies_condition_examples-multi-valued-context-keys: ForAllValues and ForAnyValue', () => {
  // The page's table for a Deny with "ForAllValues:StringNotLike": { "aws:TagKeys": "key1*" }.
  const p = policy('policy Tags', allowAll.document.Statement[0], {
    Sid: 'DenyRestrictedTags',
    Effect: 'Deny',
    Action: ['iam:Tag*', 'iam:UnTag*'],
    Resource: ['*'],
    Condition: { 'ForAllValues:StringNotLike': { 'aws:TagKeys': 'key1*' } },
  });

  test.each([
    [['key1:legal'], Decision.ALLOWED],
    [['key1:hr', 'key1:personnel'], Decision.ALLOWED],
    [['key2:audit'], Decision.DENIED],
  ])('aws:TagKeys %j: %s', (tagKeys, expected) => {
    expect(decide([p], 'iam:TagUser', '*', { context: { 'aws:TagKeys': tagKeys } }).decision).toBe(expected);
  });

  test('no aws:TagKeys in the request: ForAllValues returns true, so the Deny matches', () => {
    expectDecision(decide([p], 'iam:TagUser', '*', { completeKeys: ['aws:TagKeys'] }), Decision.DENIED, 'DenyRestrictedTags');
  });

  test('an empty set: ForAllValues is true, ForAnyValue false', () => {
    const all = policy('policy All', { Effect: 'Allow', Action: 'iam:TagUser', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } } });
    const any = policy('policy Any', { Effect: 'Allow', Action: 'iam:TagUser', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env', 'team'] } } });
    expectDecision(decide([all], 'iam:TagUser', '*', { context: { 'aws:TagKeys': [] } }), Decision.ALLOWED);
    expectDecision(decide([any], 'iam:TagUser', '*', { context: { 'aws:TagKeys': [] } }), Decision.DENIED);
    expectDecision(decide([any], 'iam:TagUser', '*', { completeKeys: ['aws:TagKeys'] }), Decision.DENIED);
  });

  test('ForAllValues: every value must match one policy value; ForAnyValue: one value is enough', () => {
    const all = policy('policy All', { Effect: 'Allow', Action: 'iam:TagUser', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } } });
    const any = policy('policy Any', { Effect: 'Allow', Action: 'iam:TagUser', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env', 'team'] } } });
    expect(decide([all], 'iam:TagUser', '*', { context: { 'aws:TagKeys': ['env', 'team'] } }).decision).toBe(Decision.ALLOWED);
    expect(decide([all], 'iam:TagUser', '*', { context: { 'aws:TagKeys': ['env', 'cost'] } }).decision).toBe(Decision.DENIED);
    expect(decide([any], 'iam:TagUser', '*', { context: { 'aws:TagKeys': ['env', 'cost'] } }).decision).toBe(Decision.ALLOWED);
    expect(decide([any], 'iam:TagUser', '*', { context: { 'aws:TagKeys': ['cost'] } }).decision).toBe(Decision.DENIED);
  });

  test('the Cognito amr clause (developer guide "IAM roles"): ForAnyValue:StringLike on a multivalued amr', () => {
    const p2 = policy('policy Facebook', {
      Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'graph.facebook.com' } },
    });
    const fb = { 'cognito-identity.amazonaws.com:amr': ['authenticated', 'graph.facebook.com', 'graph.facebook.com:123'] };
    const guest = { 'cognito-identity.amazonaws.com:amr': ['unauthenticated'] };
    expectDecision(decide([p2], 's3:GetObject', '*', { context: fb }), Decision.ALLOWED);
    expectDecision(decide([p2], 's3:GetObject', '*', { context: guest }), Decision.DENIED);
  });

  test('UNDETERMINED: a single-valued operator on a key with several values names the key', () => {
    const p2 = policy('policy P', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:TagKeys': 'env' } } });
    expectDecision(decide([p2], 's3:GetObject', '*', { context: { 'aws:TagKeys': ['env', 'team'] } }), Decision.UNDETERMINED,
      'the condition key aws:TagKeys has several values');
  });
});

describe('what the simulator cannot see: UNDETERMINED names the missing piece, unless the answer is the same either way', () => {
  const allowS3 = policy('inline policy P of role R', { Effect: 'Allow', Action: 's3:*', Resource: '*' });
  const ipDeny = policy('inline policy D of role R', {
    Sid: 'OfficeOnly', Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } },
  });

  test('a Deny that could flip an allow: undetermined, naming the statement and the key', () => {
    expectDecision(decide([allowS3, ipDeny], 's3:GetObject', '*'), Decision.UNDETERMINED,
      'statement "OfficeOnly" (index 0) of inline policy D of role R could deny', 'condition key aws:SourceIp is not in the context');
  });

  test('a Deny that could not change the answer: still denied', () => {
    expectDecision(decide([allowS3, ipDeny], 'dynamodb:GetItem', '*'), Decision.DENIED, 'implicit deny');
  });

  test('a template value the simulator could not resolve, in Resource', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: 's3:GetObject', Resource: [new Unresolved('Fn::ImportValue SharedBucketArn')] });
    expectDecision(decide([p], 's3:GetObject', 'arn:aws:s3:::b/k'), Decision.UNDETERMINED, 'Fn::ImportValue SharedBucketArn');
  });

  test('an unresolved action next to one that surely matches does not matter', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: ['s3:GetObject', new Unresolved('a parameter without default')], Resource: '*' });
    expectDecision(decide([p], 's3:GetObject', '*'), Decision.ALLOWED);
    expectDecision(decide([p], 's3:PutObject', '*'), Decision.UNDETERMINED, 'a parameter without default');
  });

  test('a whole document the simulator could not resolve', () => {
    const p: PolicySource = { label: 'policy X of role R', document: new Unresolved('Fn::ImportValue PolicyJson') };
    expectDecision(decide([allowS3, p], 's3:GetObject', '*'), Decision.UNDETERMINED, 'policy X of role R is not resolved (Fn::ImportValue PolicyJson)');
  });

  test('an unresolved statement, Effect or condition block', () => {
    const statement = policy('policy S', new Unresolved('Fn::If UseStatement'));
    expectDecision(decide([statement], 's3:GetObject', '*'), Decision.UNDETERMINED, 'statement 0 of policy S is not resolved (Fn::If UseStatement)');
    const effect = policy('policy E', { Effect: new Unresolved('Ref EffectParameter'), Action: 's3:*', Resource: '*' });
    expectDecision(decide([allowS3, effect], 's3:GetObject', '*'), Decision.UNDETERMINED, 'statement 0 of policy E could deny', 'Ref EffectParameter');
    const block = policy('policy B', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: new Unresolved('Fn::ImportValue Conditions') } });
    expectDecision(decide([block], 's3:GetObject', '*'), Decision.UNDETERMINED, 'the StringEquals block is not resolved');
  });

  test('an unresolved value in a condition', () => {
    const p = policy('policy P', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': new Unresolved('Ref TeamParameter') } } });
    expectDecision(decide([p], 's3:GetObject', '*', { context: { 'aws:PrincipalTag/team': 'red' } }), Decision.UNDETERMINED, 'Ref TeamParameter');
  });

  describe('policies the template does not hold', () => {
    const managed = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';

    test('next to a sure allow: undetermined (an unseen policy may deny), naming it', () => {
      expectDecision(decide([allowS3], 's3:GetObject', '*', { unseenPolicies: [managed] }), Decision.UNDETERMINED, managed, 'could allow or deny');
    });

    test('with no seen allow: undetermined (an unseen policy may allow), naming it', () => {
      expectDecision(decide([], 's3:GetObject', '*', { unseenPolicies: [managed] }), Decision.UNDETERMINED, managed);
    });

    test('with a sure explicit deny: denied whatever the unseen policy says', () => {
      const deny = policy('policy D', { Effect: 'Deny', Action: 's3:*', Resource: '*' });
      expectDecision(decide([allowS3, deny], 's3:GetObject', '*', { unseenPolicies: [managed] }), Decision.DENIED, 'explicitly denied');
    });

    test('with a session policy that surely does not allow: denied (an unseen role policy cannot widen a session)', () => {
      const session = policy('session policy S', { Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' });
      expectDecision(decide([], 's3:GetObject', '*', { unseenPolicies: [managed], sessionPolicies: [session] }), Decision.DENIED, 'session policy S');
    });

    test('an unseen permissions boundary: undetermined when the role allows, denied when it does not', () => {
      const boundary = 'arn:aws:iam::111122223333:policy/Boundary';
      expectDecision(decide([allowS3], 's3:GetObject', '*', { unseenPermissionsBoundary: boundary }), Decision.UNDETERMINED,
        `the permissions boundary ${boundary} is not in the template`);
      expectDecision(decide([allowS3], 'dynamodb:GetItem', '*', { unseenPermissionsBoundary: boundary }), Decision.DENIED, 'implicit deny');
    });
  });
});

describe('reference_policies_evaluation-logic (resource-based policies within one account): who the Principal names decides which implicit denies limit it', () => {
  const ROLE = `arn:aws:iam::${ACCOUNT}:role/App`;
  const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/App/CognitoIdentityCredentials`;
  const principal = { roleArn: ROLE, sessionArn: SESSION, account: ACCOUNT };
  const OBJECT = 'arn:aws:s3:::photos/a.jpg';
  const bucketPolicy = (who: any, effect = 'Allow', extra: Record<string, unknown> = {}): PolicySource =>
    policy('the resource policy BucketPolicy', { Effect: effect, Principal: who, Action: 's3:GetObject', Resource: 'arn:aws:s3:::photos/*', ...extra });
  const withPolicy = (rp: PolicySource, options: Options = {}) => ({ principal, resourcePolicy: { policy: rp }, ...options });
  const boundary = policy('the permissions boundary B', { Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' });
  const session = policy('session policy S', { Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' });

  test('a grant to the role ARN allows without an identity policy, and stays within the boundary and the session policies', () => {
    const rp = bucketPolicy({ AWS: ROLE });
    expectDecision(decide([], 's3:GetObject', OBJECT, withPolicy(rp)), Decision.ALLOWED, 'the resource policy BucketPolicy', 'a resource policy that allows the role');
    expectDecision(decide([], 's3:GetObject', OBJECT, withPolicy(rp, { permissionsBoundary: boundary })), Decision.DENIED, 'permissions boundary the permissions boundary B');
    expectDecision(decide([], 's3:GetObject', OBJECT, withPolicy(rp, { sessionPolicies: [session] })), Decision.DENIED, 'session policy S');
  });

  test('a grant to the session ARN (or to everyone) is not limited by an implicit deny of the boundary or the session policies', () => {
    for (const who of [{ AWS: SESSION }, '*', { AWS: '*' }]) {
      expectDecision(decide([], 's3:GetObject', OBJECT, withPolicy(bucketPolicy(who), { permissionsBoundary: boundary, sessionPolicies: [session] })),
        Decision.ALLOWED, 'a resource policy that allows this session itself');
    }
  });

  test('a grant to the account only delegates: the role\'s own policies must allow, within the boundary', () => {
    for (const who of [{ AWS: ACCOUNT }, { AWS: `arn:aws:iam::${ACCOUNT}:root` }]) {
      expectDecision(decide([], 's3:GetObject', OBJECT, withPolicy(bucketPolicy(who))), Decision.DENIED, 'implicit deny');
      expectDecision(decide([allowAll], 's3:GetObject', OBJECT, withPolicy(bucketPolicy(who))), Decision.ALLOWED);
    }
  });

  test('a grant to another principal allows nothing; a Deny to the role, the session or the account applies', () => {
    expectDecision(decide([], 's3:GetObject', OBJECT, withPolicy(bucketPolicy({ AWS: `arn:aws:iam::${ACCOUNT}:role/Other` }))), Decision.DENIED);
    for (const who of [{ AWS: ROLE }, { AWS: SESSION }, { AWS: ACCOUNT }, '*']) {
      expectDecision(decide([allowAll], 's3:GetObject', OBJECT, withPolicy(bucketPolicy(who, 'Deny'))), Decision.DENIED, 'explicitly denied by statement 0 of the resource policy BucketPolicy');
    }
    expectDecision(decide([allowAll], 's3:GetObject', OBJECT, withPolicy(bucketPolicy({ Service: 'lambda.amazonaws.com' }, 'Deny'))), Decision.ALLOWED);
  });

  test('NotPrincipal (reference_policies_elements_notprincipal): a Deny leaves the session out only when its account and its role or session are listed', () => {
    const denyAllBut = (listed: string[]) => policy('the resource policy BucketPolicy', { Effect: 'Deny', NotPrincipal: { AWS: listed }, Action: 's3:*', Resource: '*' });
    const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
    expectDecision(decide([allowAll], 's3:GetObject', OBJECT, withPolicy(denyAllBut([SESSION, ROLE, ROOT]))), Decision.ALLOWED);
    expectDecision(decide([allowAll], 's3:GetObject', OBJECT, withPolicy(denyAllBut([ROLE, ACCOUNT]))), Decision.ALLOWED);
    // Without the account, "the policy might deny access to the entire account": undetermined.
    expectDecision(decide([allowAll], 's3:GetObject', OBJECT, withPolicy(denyAllBut([SESSION, ROLE]))), Decision.UNDETERMINED, 'might');
    expectDecision(decide([allowAll], 's3:GetObject', OBJECT, withPolicy(denyAllBut([ROOT]))), Decision.UNDETERMINED, 'might');
    expectDecision(decide([allowAll], 's3:GetObject', OBJECT, withPolicy(denyAllBut([`arn:aws:iam::${ACCOUNT}:role/Other`]))), Decision.DENIED, 'explicitly denied');
    // A principal with a permissions boundary is always denied by it.
    const boundaryAll = policy('the permissions boundary B', { Effect: 'Allow', Action: '*', Resource: '*' });
    expectDecision(decide([allowAll], 's3:GetObject', OBJECT, withPolicy(denyAllBut([SESSION, ROLE, ROOT]), { permissionsBoundary: boundaryAll })),
      Decision.DENIED, 'explicitly denied');
  });

  test('a resource policy nobody can see: undetermined whether the role allows or not, unless an explicit Deny decides', () => {
    const unseen = { principal, resourcePolicy: { unseen: 'the resource policy of arn:aws:s3:::photos' } };
    expectDecision(decide([allowAll], 's3:GetObject', OBJECT, unseen), Decision.UNDETERMINED, 'the resource policy of arn:aws:s3:::photos');
    expectDecision(decide([], 's3:GetObject', OBJECT, unseen), Decision.UNDETERMINED, 'the resource policy of arn:aws:s3:::photos');
    const deny = policy('policy D', { Effect: 'Deny', Action: 's3:*', Resource: '*' });
    expectDecision(decide([allowAll, deny], 's3:GetObject', OBJECT, unseen), Decision.DENIED, 'explicitly denied by statement 0 of policy D');
  });

  test('a KMS key (key-policies.html): IAM policies count only when the key policy delegates to the account', () => {
    const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234`;
    const key = (statement: any) => ({ principal, resourcePolicy: { policy: policy('the key policy K', { Resource: KEY, ...statement }), keyPolicy: true } });
    const decrypt = policy('policy P', { Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY });
    expectDecision(decide([decrypt], 'kms:Decrypt', KEY, key({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*' })), Decision.ALLOWED);
    const closed = decide([decrypt], 'kms:Decrypt', KEY, key({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/Admin` }, Action: 'kms:*' }));
    expectDecision(closed, Decision.DENIED);
    expect(closed.reason).toMatch(/^the key policy K does not let IAM policies grant kms:Decrypt, so only the key policy can allow it/);
    expectDecision(decide([], 'kms:Decrypt', KEY, key({ Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'kms:Decrypt' })), Decision.ALLOWED);
  });

  test('across accounts (reference_policies_evaluation-logic-cross-account): the identity side and the resource policy must both allow', () => {
    const QUEUE = 'arn:aws:sqs:us-east-1:999988887777:jobs';
    const queuePolicy = policy('the resource policy Q', { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'sqs:SendMessage', Resource: QUEUE });
    const send = policy('policy P', { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' });
    const cross = (rp: PolicySource) => ({ principal, resourcePolicy: { policy: rp, crossAccount: true } });
    expectDecision(decide([send], 'sqs:SendMessage', QUEUE, cross(queuePolicy)), Decision.ALLOWED);
    expectDecision(decide([], 'sqs:SendMessage', QUEUE, cross(queuePolicy)), Decision.DENIED);
    expectDecision(decide([send], 'sqs:SendMessage', QUEUE, cross(policy('the resource policy Q'))), Decision.DENIED);
  });
});

describe('where IAM\'s documentation is silent: UNDETERMINED, naming the case', () => {
  const allowIf = (condition: Record<string, unknown>) => policy('policy P', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: condition });

  test('numeric values that are not plain integers or decimals', () => {
    for (const value of ['1e1', 'abc', '0x5', ' 10']) {
      expectDecision(decide([allowIf({ NumericEquals: { 's3:max-keys': value } })], 's3:GetObject', '*', { context: { 's3:max-keys': '10' } }),
        Decision.UNDETERMINED, 'not a plain integer or decimal');
      expectDecision(decide([allowIf({ NumericLessThan: { 's3:max-keys': '20' } })], 's3:GetObject', '*', { context: { 's3:max-keys': value } }),
        Decision.UNDETERMINED, 'not a plain integer or decimal');
    }
    expectDecision(decide([allowIf({ NumericEquals: { 's3:max-keys': '10.0' } })], 's3:GetObject', '*', { context: { 's3:max-keys': '10' } }), Decision.ALLOWED);
  });

  test('a single-valued operator on a multivalued key: also a one-element or empty list, also with IfExists', () => {
    for (const values of [['a', 'b'], ['a'], []]) {
      for (const operator of ['StringEquals', 'StringNotEquals', 'StringEqualsIfExists']) {
        expectDecision(decide([allowIf({ [operator]: { 'aws:TagKeys': 'a' } })], 's3:GetObject', '*', { context: { 'aws:TagKeys': values } }),
          Decision.UNDETERMINED, 'the condition key aws:TagKeys has several values');
      }
    }
  });

  test('ARN operators on a value that is not an ARN', () => {
    expectDecision(decide([allowIf({ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::b' } })], 's3:GetObject', '*', { context: { 'aws:SourceArn': 'not-an-arn' } }),
      Decision.UNDETERMINED, 'which is not an ARN');
    expectDecision(decide([allowIf({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:s3:::b' } })], 's3:GetObject', '*', { context: { 'aws:SourceArn': 'arn:aws:s3' } }),
      Decision.UNDETERMINED, 'which is not an ARN');
    expectDecision(decide([allowIf({ ArnLike: { 'aws:SourceArn': '*' } })], 's3:GetObject', '*', { context: { 'aws:SourceArn': 'arn:aws:s3:::b' } }),
      Decision.UNDETERMINED, 'which is not an ARN');
  });

  test('Null on an empty list', () => {
    expectDecision(decide([allowIf({ Null: { 'aws:TagKeys': 'true' } })], 's3:GetObject', '*', { context: { 'aws:TagKeys': [] } }),
      Decision.UNDETERMINED, 'is an empty list');
    expectDecision(decide([allowIf({ Null: { 'aws:TagKeys': 'false' } })], 's3:GetObject', '*', { context: { 'aws:TagKeys': ['a'] } }), Decision.ALLOWED);
  });

  test('what the documentation settles stays settled: a variable with no value under a negated operator matches, epoch seconds, 0.0.0.0/0', () => {
    // "Policy variables with no value": inverted operators such as StringNotEquals match the null value.
    const negated = allowIf({ StringNotEquals: { 's3:prefix': '${aws:PrincipalTag/team}' } });
    expectDecision(decide([negated], 's3:GetObject', '*', { context: { 's3:prefix': 'x' }, completeKeys: ['aws:PrincipalTag/*'] }), Decision.ALLOWED);
    expectDecision(decide([allowIf({ DateGreaterThan: { 'aws:CurrentTime': '1577836800' } })], 's3:GetObject', '*', { context: { 'aws:CurrentTime': '2021-01-01T00:00:00Z' } }),
      Decision.ALLOWED);
    expectDecision(decide([allowIf({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } })], 's3:GetObject', '*', { context: { 'aws:SourceIp': '203.0.113.9' } }), Decision.ALLOWED);
  });
});
