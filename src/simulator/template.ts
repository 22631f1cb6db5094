import { createHash } from 'crypto';
import * as fs from 'fs';
import { join as joinPath } from 'path';
import { IResolvable, Reference, Stack, Stage, Token, Tokenization } from 'aws-cdk-lib';
import { Unresolved } from './policy-evaluation';

/**
 * The synthesized template of one stack, with its intrinsics resolved the way CloudFormation
 * would resolve them once deployed, using deterministic stand-ins for what only a deploy knows
 * (physical ids, and the account and region of an environment-agnostic stack).
 *
 * A value that no stand-in can honestly give (`Fn::ImportValue`, a parameter without a
 * default, a resource of another stack, an attribute whose form is not modelled) becomes an
 * `Unresolved` that names it, so that whatever depends on it is answered "undetermined"
 * rather than guessed.
 *
 * Tokens a user gives (`role.roleArn`, `bucket.arnForObjects('a/*')`) are resolved by the same
 * resolver (`resolveToken`), so one resource means the same thing in a question and in the
 * policies.
 */
export class ResolvedTemplate {
  /**
   * Synthesize the stack as `Template.fromStack` does (the app's cached synthesis when it has
   * one, so a test that already called `Template.fromStack` pays nothing more) and get ready
   * to resolve it. Reads the template the way `Template.fromStack` does, without its
   * cyclic-dependency check and without loading `aws-cdk-lib/assertions`.
   */
  public static of(stack: Stack): ResolvedTemplate {
    const stage = Stage.of(stack);
    if (!stage || !Stage.isStage(stage)) {
      throw new Error(`IdentityPoolSimulator.of: invalid pool stack ${stack.node.path}: the stack must belong to an App or a Stage to be synthesized`);
    }
    const assembly = stage.synth();
    const template = stack.nestedStackParent
      ? JSON.parse(fs.readFileSync(joinPath(assembly.directory, stack.templateFile), 'utf-8'))
      : assembly.getStackArtifact(stack.artifactId).template;
    return new ResolvedTemplate(stack, template);
  }

  /** The stack's region, or the documented stand-in `us-east-1` for an env-agnostic stack. */
  public readonly region: string;
  /** The stack's account, or the documented stand-in `123456789012` for an env-agnostic stack. */
  public readonly account: string;
  public readonly partition: string;
  public readonly urlSuffix: string;
  /** The resources of the template, by logical id, as synthesized (unresolved). */
  public readonly resources: { [logicalId: string]: { Type: string; Properties?: any; Condition?: string } };

  private readonly conditions: { [name: string]: any };
  private readonly parameters: { [name: string]: any };
  private readonly mappings: { [name: string]: any };
  private readonly conditionValues = new Map<string, boolean | Unresolved>();
  /** The tokens of users' questions, each resolved once. */
  private readonly tokens = new Map<IResolvable, string | Unresolved>();

  private constructor(private readonly stack: Stack, template: any) {
    this.resources = template.Resources ?? {};
    this.conditions = template.Conditions ?? {};
    this.parameters = template.Parameters ?? {};
    this.mappings = template.Mappings ?? {};
    this.region = Token.isUnresolved(stack.region) ? STAND_IN_REGION : stack.region;
    this.account = Token.isUnresolved(stack.account) ? STAND_IN_ACCOUNT : stack.account;
    this.partition = this.region.startsWith('cn-') ? 'aws-cn' : this.region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
    this.urlSuffix = this.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  }

  /** The stack whose template this is. */
  public get stackName(): string {
    return Token.isUnresolved(this.stack.stackName) ? 'Stack' : this.stack.stackName;
  }

  /** Whether a resource is deployed (its `Condition`, if any, holds). */
  public isDeployed(logicalId: string): boolean | Unresolved {
    const condition = this.resources[logicalId]?.Condition;
    return condition === undefined ? true : this.condition(condition);
  }

  /** The logical ids of the resources of a type that are deployed (a resource whose condition is undetermined is kept). */
  public resourcesOfType(type: string): string[] {
    return Object.keys(this.resources).filter((id) => this.resources[id].Type === type && this.isDeployed(id) !== false);
  }

  /** A resource's properties, fully resolved. */
  public properties(logicalId: string): any {
    return this.resolve(this.resources[logicalId]?.Properties ?? {});
  }

  /**
   * Resolve a value a user gave (a string that may hold tokens): through the stack's own
   * resolver, then through this template's intrinsics. A token of a resource of another
   * stack becomes `Unresolved`.
   */
  public resolveToken(value: string): string | Unresolved {
    if (!Token.isUnresolved(value)) {
      return value;
    }
    // Token by token (each resolved once per template), literals kept: a question like
    // `bucket.arnForObjects(`private/${id}/a.jpg`)` is a new string every time, its tokens are not.
    const fragments = Tokenization.reverseString(value);
    const unresolved: Unresolved[] = [];
    const mapped = fragments.mapTokens({
      mapToken: (token) => {
        const resolved = this.resolveOneToken(token);
        if (resolved instanceof Unresolved) {
          unresolved.push(resolved);
          return '';
        }
        return resolved;
      },
    });
    if (unresolved.length > 0) {
      return combine(unresolved);
    }
    const joined = mapped.join({ join: (left: any, right: any) => `${left}${right}` });
    return typeof joined === 'string' ? joined : String(joined);
  }

  private resolveOneToken(token: IResolvable): string | Unresolved {
    let resolved = this.tokens.get(token);
    if (resolved === undefined) {
      resolved = this.resolveFreshToken(token);
      this.tokens.set(token, resolved);
    }
    return resolved;
  }

  private resolveFreshToken(token: IResolvable): string | Unresolved {
    if (Reference.isReference(token) && Stack.of(token.target) !== this.stack) {
      return new Unresolved(`${token.target.node.path} (a resource of the stack ${Stack.of(token.target).stackName}, not of the pool's stack ${this.stackName})`);
    }
    const raw = this.stack.resolve(token);
    const resolved = this.resolve(raw);
    if (typeof resolved === 'string' || resolved instanceof Unresolved) {
      return resolved;
    }
    if (typeof resolved === 'number' || typeof resolved === 'boolean') {
      return String(resolved);
    }
    return new Unresolved(`${JSON.stringify(raw)} (not a string once resolved)`);
  }

  /** Resolve intrinsic functions in a template value. */
  public resolve(value: any): any {
    if (value === null || typeof value !== 'object' || value instanceof Unresolved) {
      return value;
    }
    if (Array.isArray(value)) {
      return value.map((v) => this.resolve(v)).filter((v) => v !== NO_VALUE);
    }
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition')) {
      return this.intrinsic(keys[0], value[keys[0]]);
    }
    const out: any = {};
    for (const key of keys) {
      const v = this.resolve(value[key]);
      if (v !== NO_VALUE) {
        out[key] = v;
      }
    }
    return out;
  }

  private intrinsic(fn: string, arg: any): any {
    switch (fn) {
      case 'Ref':
        return this.ref(arg);
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(arg) ? arg : String(arg).split(/\.(.*)/s);
        return this.getAtt(logicalId, this.resolve(attribute));
      }
      case 'Fn::Join': {
        const [separator, parts] = arg;
        const list = this.resolve(parts);
        if (list instanceof Unresolved) return list;
        return joinOrUnresolved(list, separator);
      }
      case 'Fn::Sub':
        return this.sub(arg);
      case 'Fn::Select': {
        const index = this.resolve(arg[0]);
        const list = this.resolve(arg[1]);
        if (index instanceof Unresolved) return index;
        if (list instanceof Unresolved) return list;
        return list[Number(index)] ?? new Unresolved(`Fn::Select index ${index} out of range`);
      }
      case 'Fn::Split': {
        const separator = arg[0];
        const source = this.resolve(arg[1]);
        if (typeof source !== 'string') return source instanceof Unresolved ? source : new Unresolved('Fn::Split of a non-string');
        return source.split(separator);
      }
      case 'Fn::If': {
        const holds = this.condition(arg[0]);
        if (holds instanceof Unresolved) return holds;
        return this.resolve(holds ? arg[1] : arg[2]);
      }
      case 'Fn::Equals': case 'Fn::And': case 'Fn::Or': case 'Fn::Not': case 'Condition':
        return this.conditionFunction(fn, arg);
      case 'Fn::FindInMap': {
        const [map, top, second] = [arg[0], this.resolve(arg[1]), this.resolve(arg[2])];
        if (top instanceof Unresolved) return top;
        if (second instanceof Unresolved) return second;
        const found = this.mappings[map]?.[top]?.[second];
        return found === undefined ? new Unresolved(`Fn::FindInMap ${map}.${top}.${second}`) : this.resolve(found);
      }
      case 'Fn::Base64': {
        const text = this.resolve(arg);
        return typeof text === 'string' ? Buffer.from(text).toString('base64') : text;
      }
      case 'Fn::ImportValue': {
        const name = this.resolve(arg);
        return new Unresolved(`Fn::ImportValue ${typeof name === 'string' ? name : JSON.stringify(arg)} (an export of another stack)`);
      }
      default:
        return new Unresolved(`${fn} ${JSON.stringify(arg)} (an intrinsic the simulator does not resolve)`);
    }
  }

  private sub(arg: any): any {
    const [template, vars] = typeof arg === 'string' ? [arg, {}] : [arg[0], arg[1] ?? {}];
    const unresolved: Unresolved[] = [];
    const text = String(template).replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      let value: any;
      if (name in vars) {
        value = this.resolve(vars[name]);
      } else if (name.includes('.')) {
        const [logicalId, attribute] = name.split(/\.(.*)/s);
        value = this.getAtt(logicalId, attribute);
      } else {
        value = this.ref(name);
      }
      if (value instanceof Unresolved) {
        unresolved.push(value);
        return whole;
      }
      return String(value);
    });
    return unresolved.length > 0 ? combine(unresolved) : text;
  }

  private condition(name: string): boolean | Unresolved {
    if (!this.conditionValues.has(name)) {
      const definition = this.conditions[name];
      const value = definition === undefined ? new Unresolved(`condition ${name} (not in the template)`) : this.resolve(definition);
      this.conditionValues.set(name, typeof value === 'boolean' ? value : value instanceof Unresolved ? value : Boolean(value));
    }
    return this.conditionValues.get(name)!;
  }

  private conditionFunction(fn: string, arg: any): boolean | Unresolved {
    if (fn === 'Condition') return this.condition(arg);
    const values = (fn === 'Fn::Not' ? [arg[0]] : arg).map((a: any) => this.resolve(a));
    const unresolved = values.filter((v: any) => v instanceof Unresolved);
    if (unresolved.length > 0) return combine(unresolved);
    switch (fn) {
      case 'Fn::Equals': return JSON.stringify(values[0]) === JSON.stringify(values[1]);
      case 'Fn::And': return values.every(Boolean);
      case 'Fn::Or': return values.some(Boolean);
      default: return !values[0];
    }
  }

  private ref(name: string): any {
    switch (name) {
      case 'AWS::Region': return this.region;
      case 'AWS::AccountId': return this.account;
      case 'AWS::Partition': return this.partition;
      case 'AWS::URLSuffix': return this.urlSuffix;
      case 'AWS::StackName': return this.stackName;
      case 'AWS::StackId': return `arn:${this.partition}:cloudformation:${this.region}:${this.account}:stack/${this.stackName}/${guid(this.stackName)}`;
      case 'AWS::NoValue': return NO_VALUE;
      default: break;
    }
    const parameter = this.parameters[name];
    if (parameter) {
      if (String(parameter.Type).startsWith('AWS::SSM::Parameter::Value')) {
        return new Unresolved(`parameter ${name} (read from SSM at deploy time)`);
      }
      if (parameter.Default === undefined) {
        return new Unresolved(`parameter ${name} (no default value)`);
      }
      return String(parameter.Type).startsWith('List<') || parameter.Type === 'CommaDelimitedList'
        ? String(parameter.Default).split(',') : parameter.Default;
    }
    const resource = this.resources[name];
    if (!resource) {
      return new Unresolved(`Ref ${name} (not a resource or parameter of the stack ${this.stackName})`);
    }
    return this.physical(name).ref;
  }

  private getAtt(logicalId: string, attribute: string): any {
    if (!this.resources[logicalId]) {
      return new Unresolved(`Fn::GetAtt ${logicalId}.${attribute} (not a resource of the stack ${this.stackName})`);
    }
    const value = this.physical(logicalId).attributes[attribute];
    return value ?? new Unresolved(`Fn::GetAtt ${logicalId}.${attribute} (an attribute of ${this.resources[logicalId].Type} the simulator has no stand-in for)`);
  }

  /**
   * The stand-in physical id and attributes of a resource. Names given in the template are
   * used as they are; others are derived from the stack name and logical id, the way
   * CloudFormation names them (deterministic, so a question and a policy agree).
   */
  private physical(logicalId: string): { ref: any; attributes: { [name: string]: any } } {
    const resource = this.resources[logicalId];
    const props = resource.Properties ?? {};
    const p = this.partition;
    const r = this.region;
    const a = this.account;
    const named = (property: string, fallback: string): any => {
      if (props[property] === undefined) return fallback;
      return this.resolve(props[property]);
    };
    const generated = standInName(this.stackName, logicalId);
    const arnOf = (service: string, resourcePart: any, region = r, account = a) =>
      joinOrUnresolved([`arn:${p}:${service}:${region}:${account}:`, resourcePart], '');
    switch (resource.Type) {
      case 'AWS::IAM::Role': {
        const name = named('RoleName', generated.slice(0, 64));
        const path = props.Path ? this.resolve(props.Path) : '/';
        return { ref: name, attributes: { Arn: arnOf('iam', joinOrUnresolved(['role', path, name], ''), ''), RoleId: `AROA${hashText(logicalId, 17).toUpperCase()}` } };
      }
      case 'AWS::IAM::ManagedPolicy': {
        const name = named('ManagedPolicyName', generated.slice(0, 128));
        const path = props.Path ? this.resolve(props.Path) : '/';
        const arn = arnOf('iam', joinOrUnresolved(['policy', path, name], ''), '');
        return { ref: arn, attributes: { PolicyArn: arn } };
      }
      case 'AWS::IAM::OIDCProvider':
      case 'Custom::AWSCDKOpenIdConnectProvider': {
        const url = this.resolve(props.Url);
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
        const id = `${r}:${guid(`${this.stackName}/${logicalId}`)}`;
        return { ref: id, attributes: { Name: named('IdentityPoolName', logicalId), Id: id } };
      }
      case 'AWS::Cognito::UserPool': {
        const id = `${r}_${hashText(`${this.stackName}/${logicalId}`, 9, ALNUM)}`;
        return {
          ref: id,
          attributes: {
            Arn: arnOf('cognito-idp', `userpool/${id}`),
            ProviderName: `cognito-idp.${r}.${this.urlSuffix}/${id}`,
            ProviderURL: `https://cognito-idp.${r}.${this.urlSuffix}/${id}`,
            UserPoolId: id,
          },
        };
      }
      case 'AWS::Cognito::UserPoolClient': {
        const id = hashText(`${this.stackName}/${logicalId}`, 26, LOWER_ALNUM);
        return { ref: id, attributes: { ClientId: id, Name: named('ClientName', logicalId) } };
      }
      case 'AWS::S3::Bucket': {
        const name = named('BucketName', generated.toLowerCase().replace(/[^a-z0-9-]/g, '').slice(0, 63));
        const arn = joinOrUnresolved([`arn:${p}:s3:::`, name], '');
        return {
          ref: name,
          attributes: {
            Arn: arn,
            DomainName: joinOrUnresolved([name, `.s3.${this.urlSuffix}`], ''),
            RegionalDomainName: joinOrUnresolved([name, `.s3.${r}.${this.urlSuffix}`], ''),
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
          ref: joinOrUnresolved([`https://sqs.${r}.${this.urlSuffix}/${a}/`, name], ''),
          attributes: { Arn: arnOf('sqs', name), QueueName: name, QueueUrl: joinOrUnresolved([`https://sqs.${r}.${this.urlSuffix}/${a}/`, name], '') },
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
        const id = guid(`${this.stackName}/${logicalId}`);
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
}

/** The region of an environment-agnostic stack, as the simulator assumes it. */
export const STAND_IN_REGION = 'us-east-1';
/** The account of an environment-agnostic stack, as the simulator assumes it. */
export const STAND_IN_ACCOUNT = '123456789012';

/** `AWS::NoValue`: removed from the list or object holding it. */
const NO_VALUE = Symbol('AWS::NoValue');

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Join strings, or one `Unresolved` naming every unresolved part. */
export function joinOrUnresolved(parts: any[], separator: string): string | Unresolved {
  const unresolved = parts.filter((part) => part instanceof Unresolved);
  if (unresolved.length > 0) {
    return combine(unresolved);
  }
  return parts.map(String).join(separator);
}

/** One `Unresolved` for several (deduplicated). */
export function combine(unresolved: Unresolved[]): Unresolved {
  if (unresolved.length === 1) return unresolved[0];
  return new Unresolved([...new Set(unresolved.map((u) => u.what))].join('; '));
}

/** A deterministic UUID-shaped id from a seed. */
export function guid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function hashText(seed: string, length: number, alphabet = LOWER_ALNUM): string {
  const bytes = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; i < length; i++) {
    out += alphabet[bytes[i % bytes.length] % alphabet.length];
  }
  return out;
}

/** The name CloudFormation generates for an unnamed resource: `<stack>-<logicalId>-<suffix>`. */
function standInName(stackName: string, logicalId: string): string {
  return `${stackName}-${logicalId}-${hashText(`${stackName}/${logicalId}`, 12, ALNUM.slice(0, 26))}`;
}
