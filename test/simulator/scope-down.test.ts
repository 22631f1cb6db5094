/**
 * §6: the enhanced flow's scope-down for guests. Golden cases from the Amazon Cognito Developer
 * Guide, "IAM roles", "Access policies" (archived awsdocs/amazon-cognito-developer-guide,
 * doc_source/iam-roles.md): the services guests reach, the four services with only some
 * actions (KMS Encrypt, Decrypt, ReEncrypt, GenerateDataKey; SageMaker InvokeEndpoint; Textract
 * DetectDocumentText, AnalyzeDocument; Sumerian View*), and everything else refused; plus
 * rum:PutRumEvents from the managed session policy AmazonCognitoUnauthenticatedIdentities.
 */
import { Decision } from '../../src/iam/decision';
import { evaluatePolicies } from '../../src/iam/evaluation';
import { PolicySource } from '../../src/iam/policy';
import { globCovers, globsIntersect } from '../../src/iam/wildcards';
import { GUEST_SCOPE_DOWN_LABEL, guestScopeDownPolicy, scopeDownReach, ScopeDownReach } from '../../src/service/scope-down';

/** A guest role that allows everything: what guests get is then decided by the scope-down alone. */
const guestRole: PolicySource = {
  label: 'inline policy Everything of role Stack/Pool/UnauthenticatedRole',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

function asGuest(action: string, role: PolicySource = guestRole) {
  return evaluatePolicies({
    action,
    resource: '*',
    context: {},
    identityPolicies: [role],
    unseenPolicies: [],
    sessionPolicies: [guestScopeDownPolicy()],
  });
}

describe('§6 guests reach the services the developer guide lists', () => {
  test.each([
    'appsync:GraphQL', 'cloudwatch:PutMetricData', 'cognito-identity:GetId', 'cognito-sync:ListRecords', 'comprehend:DetectSentiment',
    'dynamodb:PutItem', 'gamelift:SearchGameSessions', 'iot:Publish', 'firehose:PutRecord', 'lambda:InvokeFunction', 'lex:RecognizeText',
    'geo:SearchPlaceIndexForText', 'machinelearning:Predict', 'mobileanalytics:PutEvents', 'polly:SynthesizeSpeech',
    'rekognition:DetectLabels', 'sdb:Select', 'ses:SendEmail', 'sns:Publish', 'sqs:SendMessage', 's3:GetObject', 's3:PutObject',
    'transcribe:StartStreamTranscription', 'translate:TranslateText',
  ])('%s is allowed', (action) => {
    expect(asGuest(action).decision).toBe(Decision.ALLOWED);
  });

  test('the reason names the role\'s statement and the scope-down\'s', () => {
    const result = asGuest('s3:GetObject');
    expect(result.reason).toContain('statement 0 of inline policy Everything of role Stack/Pool/UnauthenticatedRole');
    expect(result.reason).toContain(`of ${GUEST_SCOPE_DOWN_LABEL}`);
  });

  test('rum:PutRumEvents through AmazonCognitoUnauthenticatedIdentities', () => {
    expect(asGuest('rum:PutRumEvents').decision).toBe(Decision.ALLOWED);
    expect(asGuest('rum:CreateAppMonitor').decision).toBe(Decision.DENIED);
  });
});

describe('§6 four services allow only some actions', () => {
  test.each([
    'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext',
    'sagemaker:InvokeEndpoint', 'textract:DetectDocumentText', 'textract:AnalyzeDocument',
  ])('%s is allowed', (action) => {
    expect(asGuest(action).decision).toBe(Decision.ALLOWED);
  });

  test.each([
    'kms:Sign', 'kms:CreateKey', 'kms:ScheduleKeyDeletion', 'sagemaker:CreateEndpoint', 'textract:StartDocumentAnalysis',
    // Amazon Sumerian, which the guide's list still names, was retired in February 2023: its actions exist no more.
    'sumerian:ViewRelease', 'sumerian:Login',
  ])('%s is denied, saying it is outside the scope-down', (action) => {
    const result = asGuest(action);
    expect(result.decision).toBe(Decision.DENIED);
    expect(result.reason).toContain(`${action} is outside it`);
  });
});

describe('§6 anything else is refused to guests whatever the role allows', () => {
  test.each(['bedrock:InvokeModel', 'iam:CreateUser', 'ec2:RunInstances', 'secretsmanager:GetSecretValue', 'sts:AssumeRole'])('%s is denied', (action) => {
    const result = asGuest(action);
    expect(result.decision).toBe(Decision.DENIED);
    expect(result.reason).toContain('guests in the enhanced flow get a session policy that only allows');
    expect(result.reason).toContain(`; ${action} is outside it`);
  });

  test('the scope-down grants nothing by itself: a role without s3 leaves guests without s3', () => {
    const narrow: PolicySource = { label: 'policy P of role Guest', document: { Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }] } };
    const result = asGuest('s3:GetObject', narrow);
    expect(result.decision).toBe(Decision.DENIED);
    expect(result.reason).toContain("no statement of the role's policies allows s3:GetObject");
  });
});

describe('§6 AmazonCognitoUnAuthedIdentitiesSessionPolicy (AWS managed policy reference, v3): its actions get through', () => {
  test.each(['mobiletargeting:PutEvents', 'geo:GetPlace', 'geo:SearchPlaceIndexForText', 'geo:BatchUpdateDevicePosition', 'geo:GetMapTile', 'kms:GenerateDataKeyPair'])(
    '%s is allowed', (action) => {
      expect(asGuest(action).decision).toBe(Decision.ALLOWED);
    });
});

describe('§6 where the sources disagree the simulator does not guess', () => {
  test.each(['kinesis:PutRecord', 'kinesisanalytics:DescribeApplication', 'geo:CreateMap', 'geo:ListMaps'])('%s is UNDETERMINED, naming the disagreement', (action) => {
    const result = asGuest(action);
    expect(result.decision).toBe(Decision.UNDETERMINED);
    expect(result.reason).toContain('the sources disagree on whether guests in the enhanced flow reach');
  });
});

describe('scopeDownReach: can the scope-down ever let a granted action pattern through', () => {
  test.each([
    ['bedrock:InvokeModel', ScopeDownReach.NONE],
    ['bedrock:*', ScopeDownReach.NONE],
    ['kms:Sign', ScopeDownReach.NONE],
    ['sagemaker:CreateModel', ScopeDownReach.NONE],
    ['s3:*', ScopeDownReach.ALL],
    ['s3:GetObject', ScopeDownReach.ALL],
    ['S3:getobject', ScopeDownReach.ALL],
    ['dynamodb:*', ScopeDownReach.ALL],
    ['kms:Decrypt', ScopeDownReach.ALL],
    ['kms:GenerateDataKeyPair', ScopeDownReach.ALL],
    ['kms:*', ScopeDownReach.SOME],
    ['kms:Generate*', ScopeDownReach.SOME],
    ['textract:*', ScopeDownReach.SOME],
    ['*', ScopeDownReach.SOME],
    ['kinesis:PutRecord', ScopeDownReach.DISPUTED],
    ['mobiletargeting:*', ScopeDownReach.ALL],
    ['geo:GetPlace', ScopeDownReach.ALL],
    ['geo:*', ScopeDownReach.SOME],
    ['geo:CreateMap', ScopeDownReach.DISPUTED],
    ['sumerian:View*', ScopeDownReach.NONE],
  ])('%s: %s', (granted, reach) => {
    expect(scopeDownReach(granted)).toBe(reach);
  });

  test('glob intersection and cover, case-insensitive', () => {
    expect(globsIntersect('kms:GenerateDataKey*', 'kms:Generate*')).toBe(true);
    expect(globsIntersect('kms:GenerateDataKey*', 'kms:Sign')).toBe(false);
    expect(globsIntersect('s3:?etObject', 'S3:GET*')).toBe(true);
    expect(globCovers('kms:GenerateDataKey*', 'kms:GenerateDataKeyPair')).toBe(true);
    expect(globCovers('kms:GenerateDataKey*', 'kms:Generate*')).toBe(false);
    expect(globCovers('s3:*', 'S3:Get?bject')).toBe(true);
    expect(globCovers('s3:Get?bject', 's3:Get*')).toBe(false);
  });
});
