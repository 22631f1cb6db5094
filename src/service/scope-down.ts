import { PolicySource } from '../iam/policy';
import { Unresolved } from '../iam/unresolved';
import { globCovers, globsIntersect } from '../iam/wildcards';

/*
 * The enhanced flow's scope-down for guests (SERVICE-CONTRACT.md §6): GetCredentialsForIdentity
 * adds session policies to unauthenticated credentials, so whatever the guest role allows,
 * guests reach only the services below. Authenticated sessions get no such policy, and the
 * basic (classic) flow, where the client calls AssumeRoleWithWebIdentity itself, escapes it.
 *
 * Sources, read side by side:
 * - SERVICE-CONTRACT.md §6 (the project's reference), which names services, with the service
 *   prefixes left to our reading (Location Service is `geo`, API Gateway `execute-api`, ...).
 * - Amazon Cognito Developer Guide, "IAM roles", "Access policies" (archived
 *   awsdocs/amazon-cognito-developer-guide, doc_source/iam-roles.md): the services guests
 *   reach, and the four services with only some actions (KMS Encrypt, Decrypt, ReEncrypt,
 *   GenerateDataKey; SageMaker InvokeEndpoint; Textract DetectDocumentText, AnalyzeDocument;
 *   Sumerian View*).
 * - The AWS managed session policy AmazonCognitoUnauthenticatedIdentities (AWS Managed Policy
 *   reference): one statement allowing rum:PutRumEvents on "*".
 * - The AWS managed policy AmazonCognitoUnAuthedIdentitiesSessionPolicy (AWS Managed Policy
 *   reference, v3), which Cognito also names as a scope-down for guests: its actions (RUM,
 *   SageMaker InvokeEndpoint, Polly, Comprehend, Translate, Transcribe, Rekognition, Pinpoint,
 *   Firehose, Personalize, some Location Service actions, the four KMS groups) are all within
 *   the list below except Pinpoint (mobiletargeting:*), which is disputed.
 * The session policies together allow what any of them allows.
 *
 * Where the sources disagree the simulator does not pick a side: the developer guide lists
 * Kinesis Data Streams and Amazon Pinpoint (and the managed policy Pinpoint), which §6 leaves
 * out, and §6 lists Kinesis Data Analytics, which the developer guide leaves out. Those three
 * are answered UNDETERMINED, with the disagreement as the reason, and never warned about at
 * synth.
 */

/** One entry of the scope-down: the action patterns it allows for one service. */
interface ScopeDownService {
  readonly service: string;
  readonly actions: string[];
}

/** What every source agrees guests reach in the enhanced flow, in the order of §6. */
const AGREED: ScopeDownService[] = [
  { service: 'Kinesis Data Firehose', actions: ['firehose:*'] },
  { service: 'SQS', actions: ['sqs:*'] },
  { service: 'Sumerian', actions: ['sumerian:View*'] },
  { service: 'Mobile Analytics', actions: ['mobileanalytics:*'] },
  { service: 'SES', actions: ['ses:*'] },
  { service: 'Lambda', actions: ['lambda:*'] },
  { service: 'KMS', actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'] },
  { service: 'DynamoDB', actions: ['dynamodb:*'] },
  { service: 'SimpleDB', actions: ['sdb:*'] },
  { service: 'AppSync', actions: ['appsync:*'] },
  { service: 'Location Service', actions: ['geo:*'] },
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

/** The managed session policy AmazonCognitoUnauthenticatedIdentities. */
const RUM: ScopeDownService = { service: 'CloudWatch RUM', actions: ['rum:PutRumEvents'] };

/** Where the sources disagree (see the module comment). */
const DISPUTED_SERVICES: ScopeDownService[] = [
  { service: 'Kinesis Data Streams', actions: ['kinesis:*'] },
  { service: 'Pinpoint', actions: ['mobiletargeting:*'] },
  { service: 'Kinesis Data Analytics', actions: ['kinesisanalytics:*'] },
];

const DISPUTE = 'the sources disagree on whether guests in the enhanced flow reach Kinesis Data Streams (kinesis:*), ' +
  'Pinpoint (mobiletargeting:*) and Kinesis Data Analytics (kinesisanalytics:*): the Cognito developer guide ("IAM roles") ' +
  'lists the first two (and the managed policy AmazonCognitoUnAuthedIdentitiesSessionPolicy Pinpoint), ' +
  'SERVICE-CONTRACT.md §6 only the third';

/** How reasons name the scope-down. */
export const GUEST_SCOPE_DOWN_LABEL = 'the enhanced flow\'s session policy for guests';

/** The action patterns the scope-down surely lets through. */
const AGREED_ACTIONS = [...AGREED, RUM].flatMap((s) => s.actions);

/** The action patterns of the disputed services. */
const DISPUTED_ACTIONS = DISPUTED_SERVICES.flatMap((s) => s.actions);

/**
 * The scope-down as one session policy: the inline list and the managed policy's statement
 * (together they allow what either allows), and a statement for the disputed services whose
 * condition the simulator cannot know, so that they come out UNDETERMINED. One object for every
 * guest session, never changed.
 */
export const GUEST_SCOPE_DOWN_POLICY: PolicySource = Object.freeze({
  label: GUEST_SCOPE_DOWN_LABEL,
  outsideNote: 'guests in the enhanced flow get a session policy that only allows ' + AGREED_ACTIONS.join(', '),
  document: {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'InlineSessionPolicy', Effect: 'Allow', Action: AGREED.flatMap((s) => s.actions), Resource: '*' },
      { Sid: 'AmazonCognitoUnauthenticatedIdentities', Effect: 'Allow', Action: RUM.actions, Resource: '*' },
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
