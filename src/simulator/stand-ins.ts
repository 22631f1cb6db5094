import * as crypto from 'crypto';
import { combineUnresolved, Unresolved } from '../iam/unresolved';

/*
 * Stand-ins for what only a deploy knows: the physical ids and attributes CloudFormation gives a
 * resource. Names given in the template are used as they are; others are derived from the stack
 * name and logical id, the way CloudFormation names them (deterministic, so a question and a
 * policy agree, and every run gives the same ids).
 */

/** A resource of a template, as written. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: any;
  readonly Condition?: string;
}

/** Where the stand-ins live: the deployment's partition, region, account and stack. */
export interface StandInEnvironment {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly urlSuffix: string;
  readonly stackName: string;
}

/** A resource's stand-in physical id (its `Ref`) and attributes (`Fn::GetAtt`). */
export interface PhysicalStandIn {
  readonly ref: any;
  readonly attributes: { [name: string]: any };
}

/** The stand-in physical id and attributes of a resource; `resolve` resolves its properties. */
export function standIn(logicalId: string, resource: TemplateResource, env: StandInEnvironment, resolve: (value: any) => any): PhysicalStandIn {
  const props = resource.Properties ?? {};
  const p = env.partition;
  const r = env.region;
  const a = env.account;
  const named = (property: string, fallback: string): any => {
    if (props[property] === undefined) return fallback;
    return resolve(props[property]);
  };
  const generated = standInName(env.stackName, logicalId);
  const arnOf = (service: string, resourcePart: any, region = r, account = a) =>
    joinOrUnresolved([`arn:${p}:${service}:${region}:${account}:`, resourcePart], '');
  switch (resource.Type) {
    case 'AWS::IAM::Role': {
      const name = named('RoleName', generated.slice(0, 64));
      const path = props.Path ? resolve(props.Path) : '/';
      return { ref: name, attributes: { Arn: arnOf('iam', joinOrUnresolved(['role', path, name], ''), ''), RoleId: `AROA${hashText(logicalId, 17).toUpperCase()}` } };
    }
    case 'AWS::IAM::ManagedPolicy': {
      const name = named('ManagedPolicyName', generated.slice(0, 128));
      const path = props.Path ? resolve(props.Path) : '/';
      const arn = arnOf('iam', joinOrUnresolved(['policy', path, name], ''), '');
      return { ref: arn, attributes: { PolicyArn: arn } };
    }
    case 'AWS::IAM::OIDCProvider':
    case 'Custom::AWSCDKOpenIdConnectProvider': {
      const url = resolve(props.Url);
      const arn = typeof url === 'string' ? arnOf('iam', `oidc-provider/${url.replace(/^https:\/\//, '')}`, '') : url;
      return { ref: arn, attributes: { Arn: arn } };
    }
    case 'AWS::IAM::SAMLProvider': {
      const arn = arnOf('iam', joinOrUnresolved(['saml-provider/', named('Name', generated)], ''), '');
      return { ref: arn, attributes: { Arn: arn } };
    }
    case 'AWS::IAM::User':
    case 'AWS::IAM::Group': {
      const kind = resource.Type === 'AWS::IAM::User' ? 'user' : 'group';
      const name = named(kind === 'user' ? 'UserName' : 'GroupName', generated);
      return { ref: name, attributes: { Arn: arnOf('iam', joinOrUnresolved([`${kind}/`, name], ''), '') } };
    }
    case 'AWS::Cognito::IdentityPool': {
      const id = `${r}:${guid(`${env.stackName}/${logicalId}`)}`;
      return { ref: id, attributes: { Name: named('IdentityPoolName', logicalId), Id: id } };
    }
    case 'AWS::Cognito::UserPool': {
      const id = `${r}_${hashText(`${env.stackName}/${logicalId}`, 9, ALNUM)}`;
      return {
        ref: id,
        attributes: {
          Arn: arnOf('cognito-idp', `userpool/${id}`),
          ProviderName: `cognito-idp.${r}.${env.urlSuffix}/${id}`,
          ProviderURL: `https://cognito-idp.${r}.${env.urlSuffix}/${id}`,
          UserPoolId: id,
        },
      };
    }
    case 'AWS::Cognito::UserPoolGroup': {
      // Ref is the group's name (GroupName, or one CloudFormation generates).
      const name = named('GroupName', generated.slice(0, 128));
      return { ref: name, attributes: {} };
    }
    case 'AWS::Cognito::UserPoolClient': {
      const id = hashText(`${env.stackName}/${logicalId}`, 26, LOWER_ALNUM);
      return { ref: id, attributes: { ClientId: id, Name: named('ClientName', logicalId) } };
    }
    case 'AWS::S3::Bucket': {
      const name = named('BucketName', generated.toLowerCase().replace(/[^a-z0-9-]/g, '').slice(0, 63));
      const arn = joinOrUnresolved([`arn:${p}:s3:::`, name], '');
      return {
        ref: name,
        attributes: {
          Arn: arn,
          DomainName: joinOrUnresolved([name, `.s3.${env.urlSuffix}`], ''),
          RegionalDomainName: joinOrUnresolved([name, `.s3.${r}.${env.urlSuffix}`], ''),
        },
      };
    }
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable': {
      const name = named('TableName', generated);
      return { ref: name, attributes: { Arn: arnOf('dynamodb', joinOrUnresolved(['table/', name], '')) } };
    }
    case 'AWS::SQS::Queue': {
      const name = named('QueueName', generated.slice(0, 80));
      return {
        ref: joinOrUnresolved([`https://sqs.${r}.${env.urlSuffix}/${a}/`, name], ''),
        attributes: { Arn: arnOf('sqs', name), QueueName: name, QueueUrl: joinOrUnresolved([`https://sqs.${r}.${env.urlSuffix}/${a}/`, name], '') },
      };
    }
    case 'AWS::SNS::Topic': {
      const name = named('TopicName', generated);
      const arn = arnOf('sns', name);
      return { ref: arn, attributes: { TopicArn: arn, TopicName: name } };
    }
    case 'AWS::Lambda::Function': {
      const name = named('FunctionName', generated.slice(0, 64));
      return { ref: name, attributes: { Arn: arnOf('lambda', joinOrUnresolved(['function:', name], '')) } };
    }
    case 'AWS::KMS::Key': {
      const id = guid(`${env.stackName}/${logicalId}`);
      return { ref: id, attributes: { Arn: arnOf('kms', `key/${id}`), KeyId: id } };
    }
    case 'AWS::Kinesis::Stream': {
      const name = named('Name', generated);
      return { ref: name, attributes: { Arn: arnOf('kinesis', joinOrUnresolved(['stream/', name], '')) } };
    }
    case 'AWS::KinesisFirehose::DeliveryStream': {
      const name = named('DeliveryStreamName', generated);
      return { ref: name, attributes: { Arn: arnOf('firehose', joinOrUnresolved(['deliverystream/', name], '')) } };
    }
    case 'AWS::Logs::LogGroup': {
      const name = named('LogGroupName', generated);
      return { ref: name, attributes: { Arn: arnOf('logs', joinOrUnresolved(['log-group:', name, ':*'], '')) } };
    }
    case 'AWS::IAM::Policy':
    case 'AWS::IAM::RolePolicy':
    case 'AWS::Cognito::IdentityPoolRoleAttachment':
    case 'AWS::Cognito::IdentityPoolPrincipalTag':
      return { ref: generated, attributes: {} };
    default:
      return {
        ref: new Unresolved(`Ref ${logicalId} (the physical id of a ${resource.Type}, whose form the simulator does not model)`),
        attributes: {},
      };
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Join strings, or one `Unresolved` naming every unresolved part. */
export function joinOrUnresolved(parts: any[], separator: string): string | Unresolved {
  const unresolved = parts.filter((part) => part instanceof Unresolved);
  if (unresolved.length > 0) {
    return combineUnresolved(unresolved);
  }
  return parts.map(String).join(separator);
}

/** A deterministic UUID-shaped id from a seed. */
export function guid(seed: string): string {
  const h = sha256(seed).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function hashText(seed: string, length: number, alphabet = LOWER_ALNUM): string {
  const bytes = sha256(seed);
  let out = '';
  for (let i = 0; i < length; i++) {
    out += alphabet[bytes[i % bytes.length] % alphabet.length];
  }
  return out;
}

/** SHA-256 of a text: one-shot `crypto.hash` where Node.js has it (much cheaper per identity id). */
function sha256(text: string): Buffer {
  return ONE_SHOT_HASH ? ONE_SHOT_HASH('sha256', text, 'buffer') : crypto.createHash('sha256').update(text).digest();
}

const ONE_SHOT_HASH: ((algorithm: string, data: string, encoding: 'buffer') => Buffer) | undefined =
  typeof (crypto as any).hash === 'function' ? (crypto as any).hash : undefined;

/** The name CloudFormation generates for an unnamed resource: `<stack>-<logicalId>-<suffix>`. */
function standInName(stackName: string, logicalId: string): string {
  return `${stackName}-${logicalId}-${hashText(`${stackName}/${logicalId}`, 12, ALNUM.slice(0, 26))}`;
}
