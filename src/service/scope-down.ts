import { PolicySource } from '../iam/policy';
import { Unresolved } from '../iam/unresolved';
import { globCovers, globsIntersect } from '../iam/wildcards';

/*
 * The enhanced flow's scope-down for guests (docs/service-contract.md §6): GetCredentialsForIdentity
 * adds session policies to unauthenticated credentials, so whatever the guest role allows,
 * guests reach only what those policies allow. Authenticated sessions get no such policy, and
 * the basic (classic) flow, where the client calls AssumeRoleWithWebIdentity itself, escapes it.
 *
 * The session policies, and the evidence for each (strongest first):
 * - The AWS managed policy AmazonCognitoUnAuthedIdentitiesSessionPolicy (AWS Managed Policy
 *   reference; version 3 of November 2024 is the one AWS's page shows): published as JSON, and
 *   described there as the scope-down Cognito includes by itself when it creates guest
 *   credentials. Its actions are taken as written.
 * - The AWS managed policy AmazonCognitoUnauthenticatedIdentities (AWS Managed Policy
 *   reference): `rum:PutRumEvents`.
 * - The inline session policy, which the Cognito developer guide ("IAM roles", access
 *   policies; its newest archived version, 2023) describes by service names, not as JSON. The
 *   IAM prefix of each service is our reading of its name (Location Service is `geo`, API
 *   Gateway `execute-api`); every prefix is checked against an action catalogue in the tests.
 *   Amazon Sumerian, which that list names (`View*` actions), is left out: the service was
 *   retired in February 2023 and its actions are in no catalogue.
 * Cognito adds the inline policy and the managed policies together, the managed ones granting
 * "additional" permissions (the same page): the session policies allow what any of them allows.
 *
 * Where the sources disagree the simulator does not pick a side, and answers UNDETERMINED with
 * the disagreement as the reason (and the synth-time check never warns about them):
 * - Kinesis Data Streams (`kinesis:*`): earlier versions of the guide list it, its newest
 *   archived version does not;
 * - Kinesis Data Analytics (`kinesisanalytics:*`): the newest archived guide lists it, earlier
 *   versions do not;
 * - the Location Service actions beyond those the managed policy names: the guide names the
 *   whole service, the managed policy some of its actions (a later version of it, reported by
 *   trackers of managed policies but not on AWS's page, adds `geo:ListMaps`).
 */

/** One entry of a scope-down policy: the action patterns it allows for one service. */
interface ScopeDownService {
  readonly service: string;
  readonly actions: string[];
}

/** The services of the inline session policy that every source agrees on, in the guide's order. */
const INLINE: ScopeDownService[] = [
  { service: 'Kinesis Data Firehose', actions: ['firehose:*'] },
  { service: 'SQS', actions: ['sqs:*'] },
  { service: 'Mobile Analytics', actions: ['mobileanalytics:*'] },
  { service: 'SES', actions: ['ses:*'] },
  { service: 'Lambda', actions: ['lambda:*'] },
  { service: 'KMS', actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'] },
  { service: 'DynamoDB', actions: ['dynamodb:*'] },
  { service: 'SimpleDB', actions: ['sdb:*'] },
  { service: 'AppSync', actions: ['appsync:*'] },
  { service: 'SNS', actions: ['sns:*'] },
  { service: 'GameLift', actions: ['gamelift:*'] },
  { service: 'IoT', actions: ['iot:*'] },
  { service: 'CodeWhisperer', actions: ['codewhisperer:*'] },
  { service: 'Comprehend', actions: ['comprehend:*'] },
  { service: 'Lex', actions: ['lex:*'] },
  { service: 'Machine Learning', actions: ['machinelearning:*'] },
  { service: 'Personalize', actions: ['personalize:*'] },
  { service: 'Polly', actions: ['polly:*'] },
  { service: 'Rekognition', actions: ['rekognition:*'] },
  { service: 'SageMaker', actions: ['sagemaker:InvokeEndpoint'] },
  { service: 'Textract', actions: ['textract:DetectDocumentText', 'textract:AnalyzeDocument'] },
  { service: 'Transcribe', actions: ['transcribe:*'] },
  { service: 'Translate', actions: ['translate:*'] },
  { service: 'CloudWatch', actions: ['cloudwatch:*'] },
  { service: 'CloudWatch Logs', actions: ['logs:*'] },
  { service: 'API Gateway', actions: ['execute-api:*'] },
  { service: 'Cognito Identity', actions: ['cognito-identity:*'] },
  { service: 'Cognito user pools', actions: ['cognito-idp:*'] },
  { service: 'Cognito Sync', actions: ['cognito-sync:*'] },
  { service: 'S3', actions: ['s3:*'] },
];

/** AmazonCognitoUnAuthedIdentitiesSessionPolicy, version 3, as AWS publishes it. */
const MANAGED_SESSION_POLICY_ACTIONS = [
  'rum:PutRumEvents', 'sagemaker:InvokeEndpoint', 'polly:*', 'comprehend:*', 'translate:*', 'transcribe:*', 'rekognition:*',
  'mobiletargeting:*', 'firehose:*', 'personalize:*',
  'geo:GetMap*', 'geo:SearchPlaceIndex*', 'geo:GetPlace', 'geo:CalculateRoute*', 'geo:*Geofence', 'geo:*Geofences', 'geo:*DevicePosition*',
  'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptTo', 'kms:ReEncryptFrom', 'kms:GenerateDataKey', 'kms:GenerateDataKeyPair',
  'kms:GenerateDataKeyPairWithoutPlaintext', 'kms:GenerateDataKeyWithoutPlaintext',
];

/** AmazonCognitoUnauthenticatedIdentities. */
const RUM_ACTIONS = ['rum:PutRumEvents'];

/** Where the sources disagree (see the module comment). */
const DISPUTED_SERVICES: ScopeDownService[] = [
  { service: 'Kinesis Data Streams', actions: ['kinesis:*'] },
  { service: 'Kinesis Data Analytics', actions: ['kinesisanalytics:*'] },
  { service: 'Location Service, beyond the actions the managed policy names', actions: ['geo:*'] },
];

const DISPUTE = 'the sources disagree on whether guests in the enhanced flow reach Kinesis Data Streams (kinesis:*), ' +
  'Kinesis Data Analytics (kinesisanalytics:*) and the Location Service actions the managed policy AmazonCognitoUnAuthedIdentitiesSessionPolicy ' +
  'does not name: versions of the Cognito developer guide ("IAM roles") differ on the first two, and the guide names the whole Location Service ' +
  'where the managed policy names some of its actions (docs/service-contract.md §6)';

/** How reasons name the scope-down. */
export const GUEST_SCOPE_DOWN_LABEL = 'the enhanced flow\'s session policy for guests';

/** The action patterns the scope-down surely lets through, each once (none that another covers). */
const AGREED_ACTIONS = ((all: string[]) => all.filter((a, i) => !all.some((b, j) => j !== i && globCovers(b, a) && (!globCovers(a, b) || j < i))))(
  [...INLINE.flatMap((s) => s.actions), ...MANAGED_SESSION_POLICY_ACTIONS, ...RUM_ACTIONS]);

/** The action patterns of the disputed services. */
const DISPUTED_ACTIONS = DISPUTED_SERVICES.flatMap((s) => s.actions);

/** Every action pattern the scope-down names, agreed or disputed: for the tests' catalogue check. */
export const SCOPE_DOWN_ACTION_PATTERNS: readonly string[] = [...AGREED_ACTIONS, ...DISPUTED_ACTIONS];

/**
 * The scope-down as one session policy: the inline policy and the managed policies' statements
 * (together they allow what any allows), and a statement for the disputed services whose
 * condition the simulator cannot know, so that they come out UNDETERMINED. One object for every
 * guest session, never changed.
 */
export const GUEST_SCOPE_DOWN_POLICY: PolicySource = Object.freeze({
  label: GUEST_SCOPE_DOWN_LABEL,
  outsideNote: 'guests in the enhanced flow get a session policy that only allows ' + AGREED_ACTIONS.join(', '),
  document: {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'InlineSessionPolicy', Effect: 'Allow', Action: INLINE.flatMap((s) => s.actions), Resource: '*' },
      { Sid: 'AmazonCognitoUnAuthedIdentitiesSessionPolicy', Effect: 'Allow', Action: MANAGED_SESSION_POLICY_ACTIONS, Resource: '*' },
      { Sid: 'AmazonCognitoUnauthenticatedIdentities', Effect: 'Allow', Action: RUM_ACTIONS, Resource: '*' },
      {
        Sid: 'DisputedServices',
        Effect: 'Allow',
        Action: DISPUTED_ACTIONS,
        Resource: '*',
        Condition: new Unresolved(DISPUTE),
      },
    ],
  },
});

/** The scope-down policy (see `GUEST_SCOPE_DOWN_POLICY`). */
export function guestScopeDownPolicy(): PolicySource {
  return GUEST_SCOPE_DOWN_POLICY;
}

/** How much of a granted action pattern the scope-down lets guests use. */
export enum ScopeDownReach {
  /** Every action the pattern names gets through (`s3:GetObject`, `dynamodb:*`, `kms:Decrypt`). */
  ALL = 'ALL',
  /** Some of them do (`kms:*`: only Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*; `*`). */
  SOME = 'SOME',
  /** Only through a service the sources disagree on (`kinesis:PutRecord`). */
  DISPUTED = 'DISPUTED',
  /** None ever does (`bedrock:InvokeModel`, `kms:Sign`): the grant is dead code for guests. */
  NONE = 'NONE',
}

/**
 * Whether the scope-down can ever let a granted action pattern through (IAM action matching:
 * case-insensitive, `*` and `?` wildcards on both sides).
 */
export function scopeDownReach(granted: string): ScopeDownReach {
  if (AGREED_ACTIONS.some((allowed) => globCovers(allowed, granted))) return ScopeDownReach.ALL;
  if (AGREED_ACTIONS.some((allowed) => globsIntersect(allowed, granted))) return ScopeDownReach.SOME;
  if (DISPUTED_ACTIONS.some((allowed) => globsIntersect(allowed, granted))) return ScopeDownReach.DISPUTED;
  return ScopeDownReach.NONE;
}
