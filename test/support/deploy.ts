import { randomBytes } from 'crypto';
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  CreateIdentityPoolInput,
  RoleMapping,
  SetIdentityPoolRolesCommand,
  SetPrincipalTagAttributeMapCommand,
} from '@aws-sdk/client-cognito-identity';
import type { CognitoEmulator } from './cognito-emulator';
import { HandlerHarness, REGION as HARNESS_REGION } from './handler-harness';

/**
 * Deploys a synthesized CloudFormation template (`Template.toJSON()`) into the Cognito
 * emulator, the way CloudFormation would: resources in dependency order (DependsOn and
 * references), intrinsics resolved, each resource type with CloudFormation's documented
 * semantics. Identity pool resources go through the real SDK client (so every request is
 * model-checked and region-scoped); the library's `Custom::IdentityPool*` resources run the
 * SHIPPED handler bundle through `HandlerHarness`. IAM roles and OIDC providers are
 * registered in the emulator, which stands in for IAM and STS. Everything else is recorded
 * with a fake physical id and has no effect.
 */

export interface DeployOptions {
  readonly emulator: CognitoEmulator;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '123456789012' */
  readonly accountId?: string;
  /** @default 'TestStack' */
  readonly stackName?: string;
  /** Endpoint the settings handler talks to. @default the emulator's endpoint */
  readonly handlerEndpoint?: string;
  /** Parameter values; parameters not given take their Default. */
  readonly parameters?: Record<string, string>;
  /** Values for `Fn::ImportValue`, by export name. */
  readonly imports?: Record<string, string>;
}

export interface DeployedResource {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
  readonly attributes: Record<string, unknown>;
  /** Properties with every intrinsic resolved. */
  readonly properties: Record<string, unknown>;
}

export interface Deployment {
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  /** The id of the template's single AWS::Cognito::IdentityPool; throws unless there is exactly one. */
  readonly poolId: string;
  /** Resolved Outputs by name. */
  readonly outputs: Record<string, unknown>;
  /** Resources in the order they were created. */
  readonly resources: DeployedResource[];
  physicalId(logicalId: string): string;
  attribute(logicalId: string, attribute: string): unknown;
  resourcesOfType(type: string): string[];
  /**
   * Resolves a CloudFormation value (`Ref`, `Fn::GetAtt`, `Fn::Join`, ...; what `stack.resolve(token)`
   * gives) against this deployment, as CloudFormation would after creating the stack.
   */
  resolve(value: unknown): unknown;
}

const NO_VALUE = Symbol('AWS::NoValue');
const PSEUDO_PARAMETERS = ['AWS::Region', 'AWS::AccountId', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::StackName', 'AWS::StackId', 'AWS::NoValue', 'AWS::NotificationARNs'];

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly Condition?: string;
}

export async function deployTemplate(template: any, options: DeployOptions): Promise<Deployment> {
  const deployer = new Deployer(template, options);
  try {
    await deployer.deployAll();
  } finally {
    await deployer.close();
  }
  return deployer.deployment();
}

class Deployer {
  private readonly region: string;
  private readonly accountId: string;
  private readonly stackName: string;
  private readonly resources: Record<string, TemplateResource>;
  private readonly deployed = new Map<string, DeployedResource>();
  private readonly parameters: Record<string, unknown> = {};
  private readonly conditions = new Map<string, boolean>();
  private readonly outputs: Record<string, unknown> = {};
  private readonly client: CognitoIdentityClient;
  private harness?: HandlerHarness;

  constructor(private readonly template: any, private readonly options: DeployOptions) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.stackName = options.stackName ?? 'TestStack';
    this.resources = template.Resources ?? {};
    // Signed requests carry this region in their SigV4 scope: the emulator serves them there.
    this.client = new CognitoIdentityClient({
      region: this.region,
      endpoint: options.emulator.endpoint,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      maxAttempts: 1,
    });
    for (const [name, parameter] of Object.entries<any>(template.Parameters ?? {})) {
      const value = options.parameters?.[name] ?? parameter.Default;
      if (value === undefined) {
        throw new Error(`deployTemplate: parameter ${name} has no value and no Default`);
      }
      this.parameters[name] = String(parameter.Type).startsWith('List<') || parameter.Type === 'CommaDelimitedList' ? String(value).split(',') : value;
    }
  }

  async deployAll(): Promise<void> {
    for (const logicalId of this.creationOrder()) {
      const resource = this.resources[logicalId];
      try {
        this.deployed.set(logicalId, await this.create(logicalId, resource));
      } catch (e) {
        const error = e as Error;
        throw new Error(`deployTemplate: ${logicalId} (${resource.Type}) failed: ${error.name}: ${error.message}`, { cause: e });
      }
    }
    for (const [name, output] of Object.entries<any>(this.template.Outputs ?? {})) {
      if (output.Condition && !this.condition(output.Condition)) continue;
      this.outputs[name] = this.resolve(output.Value);
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
    await this.harness?.stop();
  }

  deployment(): Deployment {
    const deployed = this.deployed;
    const resource = (logicalId: string) => {
      const found = deployed.get(logicalId);
      if (!found) {
        throw new Error(`the deployment has no resource ${logicalId}`);
      }
      return found;
    };
    const resourcesOfType = (type: string) => [...deployed.values()].filter((r) => r.type === type).map((r) => r.logicalId);
    return {
      region: this.region,
      accountId: this.accountId,
      stackName: this.stackName,
      outputs: this.outputs,
      resources: [...deployed.values()],
      get poolId(): string {
        const pools = resourcesOfType('AWS::Cognito::IdentityPool');
        if (pools.length !== 1) {
          throw new Error(`expected exactly one AWS::Cognito::IdentityPool, the template has ${pools.length}`);
        }
        return resource(pools[0]).physicalId;
      },
      physicalId: (logicalId) => resource(logicalId).physicalId,
      attribute: (logicalId, attribute) => {
        const value = resource(logicalId).attributes[attribute];
        if (value === undefined) {
          throw new Error(`${logicalId} has no attribute ${attribute}`);
        }
        return value;
      },
      resourcesOfType,
      resolve: (value) => this.resolve(value),
    };
  }

  // ---------------------------------------------------------------- ordering

  /** Template order, except that every resource comes after what it depends on. */
  private creationOrder(): string[] {
    const ids = Object.keys(this.resources).filter((id) => {
      const condition = this.resources[id].Condition;
      return condition === undefined || this.condition(condition);
    });
    const dependencies = new Map(ids.map((id) => [id, this.dependenciesOf(id)]));
    const order: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (id: string, path: string[]) => {
      if (state.get(id) === 'done') return;
      if (state.get(id) === 'visiting') {
        throw new Error(`deployTemplate: circular dependency ${[...path, id].join(' -> ')}`);
      }
      state.set(id, 'visiting');
      for (const dependency of dependencies.get(id)!) {
        if (!dependencies.has(dependency)) {
          throw new Error(`deployTemplate: ${id} depends on ${dependency}, which is not a resource of the template (or its condition is false)`);
        }
        visit(dependency, [...path, id]);
      }
      state.set(id, 'done');
      order.push(id);
    };
    ids.forEach((id) => visit(id, []));
    return order;
  }

  private dependenciesOf(logicalId: string): Set<string> {
    const resource = this.resources[logicalId];
    const found = new Set<string>(resource.DependsOn === undefined ? [] : ([] as string[]).concat(resource.DependsOn));
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) {
        value.forEach(walk);
      } else if (isObject(value)) {
        for (const [key, inner] of Object.entries(value)) {
          if (key === 'Ref' && typeof inner === 'string' && this.resources[inner]) {
            found.add(inner);
          } else if (key === 'Fn::GetAtt') {
            found.add(Array.isArray(inner) ? String(inner[0]) : String(inner).split('.')[0]);
          } else if (key === 'Fn::Sub') {
            const text = Array.isArray(inner) ? inner[0] : inner;
            for (const match of String(text).matchAll(/\$\{([^!}][^}]*)\}/g)) {
              const name = match[1].split('.')[0];
              if (this.resources[name]) found.add(name);
            }
            walk(inner);
          } else {
            walk(inner);
          }
        }
      }
    };
    walk(resource.Properties);
    return found;
  }

  // ---------------------------------------------------------------- intrinsics

  private resolve(value: unknown): unknown {
    if (Array.isArray(value)) {
      return value.map((item) => this.resolve(item)).filter((item) => item !== NO_VALUE);
    }
    if (!isObject(value)) {
      return value;
    }
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition')) {
      return this.intrinsic(keys[0], value[keys[0]]);
    }
    const result: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const resolved = this.resolve(inner);
      if (resolved !== NO_VALUE) result[key] = resolved;
    }
    return result;
  }

  private intrinsic(name: string, args: any): unknown {
    switch (name) {
      case 'Ref': return this.ref(args);
      case 'Fn::GetAtt': {
        const [id, ...attr] = Array.isArray(args) ? args.map(String) : String(args).split('.');
        return this.getAtt(id, attr.join('.'));
      }
      case 'Fn::Join': {
        const [separator, items] = args;
        return (this.resolve(items) as unknown[]).map(String).join(separator);
      }
      case 'Fn::Select': {
        const list = this.resolve(args[1]) as unknown[];
        const index = Number(this.resolve(args[0]));
        if (!Array.isArray(list) || index < 0 || index >= list.length) {
          throw new Error(`Fn::Select index ${index} out of range of ${JSON.stringify(list)}`);
        }
        return list[index];
      }
      case 'Fn::Split': return String(this.resolve(args[1])).split(String(args[0]));
      case 'Fn::Sub': return this.sub(args);
      case 'Fn::If': return this.resolve(this.condition(args[0]) ? args[1] : args[2]);
      case 'Fn::Equals': return JSON.stringify(this.resolve(args[0])) === JSON.stringify(this.resolve(args[1]));
      case 'Fn::Not': return !this.truth(args[0]);
      case 'Fn::And': return (args as unknown[]).every((item) => this.truth(item));
      case 'Fn::Or': return (args as unknown[]).some((item) => this.truth(item));
      case 'Condition': return this.condition(args);
      case 'Fn::Base64': return Buffer.from(String(this.resolve(args))).toString('base64');
      case 'Fn::GetAZs': return ['a', 'b', 'c'].map((zone) => `${this.region}${zone}`);
      case 'Fn::FindInMap': {
        const [map, top, second] = (args as unknown[]).map((item) => String(this.resolve(item)));
        const found = this.template.Mappings?.[map]?.[top]?.[second];
        if (found === undefined) throw new Error(`Fn::FindInMap: no ${map}.${top}.${second}`);
        return found;
      }
      case 'Fn::ImportValue': {
        const exportName = String(this.resolve(args));
        const imported = this.options.imports?.[exportName];
        if (imported === undefined) throw new Error(`Fn::ImportValue: no export ${exportName} (pass it in options.imports)`);
        return imported;
      }
      default: throw new Error(`unsupported intrinsic ${name}`);
    }
  }

  private truth(value: unknown): boolean {
    const resolved = this.resolve(value);
    if (typeof resolved !== 'boolean') throw new Error(`condition expression gave ${JSON.stringify(resolved)}`);
    return resolved;
  }

  private condition(name: string): boolean {
    let value = this.conditions.get(name);
    if (value === undefined) {
      const expression = this.template.Conditions?.[name];
      if (expression === undefined) throw new Error(`unknown condition ${name}`);
      value = this.truth(expression);
      this.conditions.set(name, value);
    }
    return value;
  }

  private ref(name: string): unknown {
    if (PSEUDO_PARAMETERS.includes(name)) {
      switch (name) {
        case 'AWS::Region': return this.region;
        case 'AWS::AccountId': return this.accountId;
        case 'AWS::Partition': return 'aws';
        case 'AWS::URLSuffix': return 'amazonaws.com';
        case 'AWS::StackName': return this.stackName;
        case 'AWS::StackId': return `arn:aws:cloudformation:${this.region}:${this.accountId}:stack/${this.stackName}/00000000-0000-4000-8000-000000000000`;
        case 'AWS::NotificationARNs': return [];
        default: return NO_VALUE;
      }
    }
    if (name in this.parameters) {
      return this.parameters[name];
    }
    const resource = this.deployed.get(name);
    if (!resource) {
      throw new Error(`Ref ${name}: no such parameter or created resource`);
    }
    return resource.physicalId;
  }

  private getAtt(logicalId: string, attribute: string): unknown {
    const resource = this.deployed.get(logicalId);
    if (!resource) {
      throw new Error(`Fn::GetAtt ${logicalId}.${attribute}: no such created resource`);
    }
    const value = resource.attributes[attribute];
    if (value === undefined) {
      throw new Error(`Fn::GetAtt ${logicalId}.${attribute}: ${resource.type} has no attribute ${attribute}`);
    }
    return value;
  }

  /** `${Name}`, `${Name.Attr}`, `${!Literal}`, and variables given as the second argument. */
  private sub(args: unknown): string {
    const [text, variables] = Array.isArray(args) ? [String(args[0]), (this.resolve(args[1] ?? {}) as Record<string, unknown>)] : [String(args), {}];
    return text.replace(/\$\{([^}]*)\}/g, (_, expression: string) => {
      if (expression.startsWith('!')) return `\${${expression.slice(1)}}`;
      if (expression in variables) return String(variables[expression]);
      const dot = expression.indexOf('.');
      if (dot > 0 && !PSEUDO_PARAMETERS.includes(expression)) {
        return String(this.getAtt(expression.slice(0, dot), expression.slice(dot + 1)));
      }
      return String(this.ref(expression));
    });
  }

  // ---------------------------------------------------------------- resource types

  private async create(logicalId: string, resource: TemplateResource): Promise<DeployedResource> {
    const properties = (this.resolve(resource.Properties ?? {}) ?? {}) as Record<string, any>;
    const done = (physicalId: string, attributes: Record<string, unknown> = {}): DeployedResource =>
      ({ logicalId, type: resource.Type, physicalId, attributes, properties });
    const { region, accountId } = this;

    switch (resource.Type) {
      case 'AWS::IAM::Role': {
        const name = properties.RoleName ?? this.generatedName(logicalId, 64);
        const arn = `arn:aws:iam::${accountId}:role${properties.Path ?? '/'}${name}`;
        this.options.emulator.putRole(arn, properties.AssumeRolePolicyDocument);
        return done(name, { Arn: arn, RoleId: `AROA${randomUpper(17)}` });
      }
      case 'AWS::Cognito::UserPool': {
        const id = `${region}_${randomAlnum(10)}`;
        const providerName = `cognito-idp.${region}.amazonaws.com/${id}`;
        return done(id, {
          ProviderName: providerName,
          ProviderURL: `https://${providerName}`,
          Arn: `arn:aws:cognito-idp:${region}:${accountId}:userpool/${id}`,
          UserPoolId: id,
        });
      }
      case 'AWS::Cognito::UserPoolGroup': {
        // Ref is the group name; the group's role and precedence stay in its properties.
        return done(properties.GroupName ?? this.generatedName(logicalId, 128), {});
      }
      case 'AWS::Cognito::UserPoolClient': {
        const clientId = randomLowerAlnum(26);
        return done(clientId, { ClientId: clientId, Name: properties.ClientName ?? logicalId });
      }
      case 'AWS::IAM::OIDCProvider':
      case 'Custom::AWSCDKOpenIdConnectProvider': {
        // aws-cdk-lib's Lambda-backed provider: the same IAM object, without running its Lambda.
        const issuer = String(properties.Url).replace(/^https:\/\//, '');
        const arn = `arn:aws:iam::${accountId}:oidc-provider/${issuer}`;
        this.options.emulator.putOidcProvider(arn, (properties.ClientIdList ?? properties.ClientIDList ?? []).map(String));
        return done(arn, { Arn: arn, Thumbprints: properties.ThumbprintList ?? [] });
      }
      case 'AWS::IAM::SAMLProvider': {
        const arn = `arn:aws:iam::${accountId}:saml-provider/${properties.Name ?? this.generatedName(logicalId, 128)}`;
        return done(arn, { Arn: arn });
      }
      case 'AWS::Cognito::IdentityPool': {
        const pool = await this.client.send(new CreateIdentityPoolCommand(identityPoolInput(logicalId, properties)));
        return done(pool.IdentityPoolId!, { Name: pool.IdentityPoolName, Id: pool.IdentityPoolId });
      }
      case 'AWS::Cognito::IdentityPoolRoleAttachment': {
        await this.client.send(new SetIdentityPoolRolesCommand({
          IdentityPoolId: properties.IdentityPoolId,
          Roles: properties.Roles ?? {},
          RoleMappings: properties.RoleMappings === undefined ? undefined : roleMappings(properties.RoleMappings),
        }));
        return done(properties.IdentityPoolId, {});
      }
      case 'AWS::Cognito::IdentityPoolPrincipalTag': {
        await this.client.send(new SetPrincipalTagAttributeMapCommand({
          IdentityPoolId: properties.IdentityPoolId,
          IdentityProviderName: properties.IdentityProviderName,
          UseDefaults: properties.UseDefaults === undefined ? undefined : toBoolean(properties.UseDefaults),
          PrincipalTags: properties.PrincipalTags,
        }));
        return done(`${properties.IdentityPoolId}|${properties.IdentityProviderName}`, {});
      }
      case 'AWS::Lambda::Function': {
        const name = properties.FunctionName ?? this.generatedName(logicalId, 64);
        return done(name, { Arn: `arn:aws:lambda:${region}:${accountId}:function:${name}` });
      }
      case 'AWS::Logs::LogGroup': {
        const name = properties.LogGroupName ?? this.generatedName(logicalId, 512);
        return done(name, { Arn: `arn:aws:logs:${region}:${accountId}:log-group:${name}:*` });
      }
      case 'AWS::IAM::ManagedPolicy': {
        const arn = `arn:aws:iam::${accountId}:policy${properties.Path ?? '/'}${properties.ManagedPolicyName ?? this.generatedName(logicalId, 128)}`;
        return done(arn, { PolicyArn: arn });
      }
      case 'AWS::S3::Bucket': {
        const name = properties.BucketName ?? this.generatedName(logicalId, 63).toLowerCase();
        return done(name, { Arn: `arn:aws:s3:::${name}`, DomainName: `${name}.s3.amazonaws.com` });
      }
    }
    if (resource.Type.startsWith('Custom::IdentityPool') && this.isTemplateLambda(properties.ServiceToken)) {
      return this.runSettingsHandler(logicalId, resource.Type, properties, done);
    }
    // Anything else (IAM policies, permissions, metadata, other custom resources): recorded, no effect.
    const physicalId = this.generatedName(logicalId, 128);
    const service = resource.Type.split('::')[1]?.toLowerCase() ?? 'unknown';
    return done(physicalId, new Proxy({}, {
      get: (_, attribute) => (attribute === 'Arn' ? `arn:aws:${service}:${region}:${accountId}:${logicalId.toLowerCase()}/${physicalId}` : `${physicalId}.${String(attribute)}`),
    }));
  }

  private isTemplateLambda(serviceToken: unknown): boolean {
    return [...this.deployed.values()].some((r) => r.type === 'AWS::Lambda::Function' && r.attributes.Arn === serviceToken);
  }

  /** Runs the shipped handler bundle with a Create event, properties as CloudFormation sends them. */
  private async runSettingsHandler(
    logicalId: string,
    resourceType: string,
    properties: Record<string, unknown>,
    done: (physicalId: string, attributes?: Record<string, unknown>) => DeployedResource,
  ): Promise<DeployedResource> {
    const harness = await this.settingsHarness();
    const { ServiceToken: _token, ...rest } = properties;
    // CloudFormation hands custom resources every scalar as a string.
    const invocation = await harness.create({ resourceType, logicalId, properties: stringifyScalars(rest) as Record<string, unknown> });
    if (invocation.response.Status !== 'SUCCESS') {
      throw new Error(`the custom resource handler answered FAILED: ${invocation.response.Reason}`);
    }
    return done(invocation.response.PhysicalResourceId, { ...invocation.response.Data });
  }

  private async settingsHarness(): Promise<HandlerHarness> {
    if (!this.harness) {
      const endpoint = this.options.handlerEndpoint ?? this.options.emulator.endpoint;
      const harness = await HandlerHarness.start({ endpoint, stackName: this.stackName });
      if (this.region !== HARNESS_REGION) {
        // The harness pins AWS_REGION to us-east-1 before each invocation; the function runs
        // in the stack's region, so that is the AWS_REGION it must see.
        const target = harness as unknown as { applyEnv(): void };
        const applyEnv = target.applyEnv.bind(harness);
        const region = this.region;
        target.applyEnv = () => {
          applyEnv();
          process.env.AWS_REGION = region;
        };
      }
      this.harness = harness;
    }
    return this.harness;
  }

  /** CloudFormation's generated names: `<stack>-<logicalId>-<random>`. */
  private generatedName(logicalId: string, maxLength: number): string {
    const suffix = randomUpper(12);
    return `${`${this.stackName}-${logicalId}`.slice(0, Math.max(1, maxLength - suffix.length - 1))}-${suffix}`;
  }
}

/** AWS::Cognito::IdentityPool properties → CreateIdentityPool. */
function identityPoolInput(logicalId: string, properties: Record<string, any>): CreateIdentityPoolInput {
  const tags = properties.IdentityPoolTags as { Key: string; Value: string }[] | undefined;
  return {
    IdentityPoolName: properties.IdentityPoolName ?? `${logicalId}_${randomAlnum(8)}`.slice(0, 128),
    AllowUnauthenticatedIdentities: toBoolean(properties.AllowUnauthenticatedIdentities ?? false),
    AllowClassicFlow: properties.AllowClassicFlow === undefined ? undefined : toBoolean(properties.AllowClassicFlow),
    SupportedLoginProviders: properties.SupportedLoginProviders,
    DeveloperProviderName: properties.DeveloperProviderName,
    OpenIdConnectProviderARNs: properties.OpenIdConnectProviderARNs,
    CognitoIdentityProviders: properties.CognitoIdentityProviders?.map((provider: Record<string, unknown>) => ({
      ProviderName: provider.ProviderName,
      ClientId: provider.ClientId,
      ServerSideTokenCheck: provider.ServerSideTokenCheck === undefined ? undefined : toBoolean(provider.ServerSideTokenCheck),
    })),
    SamlProviderARNs: properties.SamlProviderARNs,
    IdentityPoolTags: tags === undefined ? undefined : Object.fromEntries(tags.map((tag) => [tag.Key, tag.Value])),
  };
}

/**
 * CloudFormation's RoleMappings: the key sent to the service is the mapping's
 * `IdentityProvider` when present, else the map key; `IdentityProvider` is not sent.
 */
function roleMappings(mappings: Record<string, Record<string, any>>): Record<string, RoleMapping> {
  const result: Record<string, RoleMapping> = {};
  for (const [key, mapping] of Object.entries(mappings)) {
    const { IdentityProvider, Type, AmbiguousRoleResolution, RulesConfiguration } = mapping;
    const provider = IdentityProvider ?? key;
    if (result[provider]) {
      throw new Error(`two RoleMappings resolve to the provider ${provider}`);
    }
    result[provider] = { Type, AmbiguousRoleResolution, RulesConfiguration };
  }
  return result;
}

function toBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`expected a boolean, got ${JSON.stringify(value)}`);
}

function stringifyScalars(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stringifyScalars);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, stringifyScalars(inner)]));
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value;
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function randomFrom(alphabet: string, length: number): string {
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

function randomAlnum(length: number): string {
  return randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', length);
}

function randomLowerAlnum(length: number): string {
  return randomFrom('abcdefghijklmnopqrstuvwxyz0123456789', length);
}

function randomUpper(length: number): string {
  return randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', length);
}
