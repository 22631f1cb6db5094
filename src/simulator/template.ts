import * as fs from 'fs';
import { join as joinPath } from 'path';
import { Stack, Stage, Token } from 'aws-cdk-lib';
import { guid, joinOrUnresolved, PhysicalStandIn, standIn, StandInEnvironment, TemplateResource } from './stand-ins';
import { combineUnresolved, Unresolved } from '../iam/unresolved';

/** Where a template is deployed, as far as a simulation assumes it. */
export interface TemplateEnvironment {
  /** @default STAND_IN_REGION */
  readonly region?: string;
  /** @default STAND_IN_ACCOUNT */
  readonly account?: string;
  /** @default - the region's partition */
  readonly partition?: string;
  /** @default 'Stack' */
  readonly stackName?: string;
  /** Values of the template's parameters, over their defaults. */
  readonly parameters?: { readonly [name: string]: string };
}

/**
 * A CloudFormation template with its intrinsics resolved the way CloudFormation would resolve
 * them once deployed, using deterministic stand-ins for what only a deploy knows (physical ids,
 * and the account and region of an environment-agnostic stack).
 *
 * A value that no stand-in can honestly give (`Fn::ImportValue`, a parameter without a value,
 * a resource of another stack, an attribute whose form is not modelled) becomes an
 * `Unresolved` that names it, so that whatever depends on it is answered "undetermined"
 * rather than guessed.
 *
 * It reads plain template JSON and knows nothing of CDK constructs; the tokens of a CDK app's
 * questions are resolved against it by ./tokens.ts.
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
    return new ResolvedTemplate(template, {
      region: Token.isUnresolved(stack.region) ? undefined : stack.region,
      account: Token.isUnresolved(stack.account) ? undefined : stack.account,
      stackName: Token.isUnresolved(stack.stackName) ? undefined : stack.stackName,
    });
  }

  /** The region, or the documented stand-in `us-east-1` for an env-agnostic stack. */
  public readonly region: string;
  /** The account, or the documented stand-in `123456789012` for an env-agnostic stack. */
  public readonly account: string;
  public readonly partition: string;
  public readonly urlSuffix: string;
  /** The stack's name, or `Stack`. */
  public readonly stackName: string;
  /** The resources of the template, by logical id, as written (unresolved). */
  public readonly resources: { [logicalId: string]: TemplateResource };

  private readonly conditions: { [name: string]: any };
  private readonly parameters: { [name: string]: any };
  private readonly parameterValues: { readonly [name: string]: string };
  private readonly mappings: { [name: string]: any };
  private readonly conditionValues = new Map<string, boolean | Unresolved>();
  /** The stand-in physical ids and attributes, by logical id, each made once. */
  private readonly physicalIds = new Map<string, PhysicalStandIn>();
  private readonly environment: StandInEnvironment;

  constructor(template: any, environment: TemplateEnvironment = {}) {
    this.resources = template?.Resources ?? {};
    this.conditions = template?.Conditions ?? {};
    this.parameters = template?.Parameters ?? {};
    this.mappings = template?.Mappings ?? {};
    this.parameterValues = environment.parameters ?? {};
    this.region = environment.region ?? STAND_IN_REGION;
    this.account = environment.account ?? STAND_IN_ACCOUNT;
    this.partition = environment.partition
      ?? (this.region.startsWith('cn-') ? 'aws-cn' : this.region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws');
    this.urlSuffix = this.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
    this.stackName = environment.stackName ?? 'Stack';
    this.environment = {
      partition: this.partition, region: this.region, account: this.account, urlSuffix: this.urlSuffix, stackName: this.stackName,
    };
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
    return unresolved.length > 0 ? combineUnresolved(unresolved) : text;
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
    if (unresolved.length > 0) return combineUnresolved(unresolved);
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
      const type = String(parameter.Type);
      const listed = (value: unknown) => (/List</.test(type) || type === 'CommaDelimitedList' ? String(value).split(',') : value);
      const given = this.parameterValues[name];
      if (given !== undefined) {
        return listed(given);
      }
      if (type.startsWith('AWS::SSM::Parameter::Value')) {
        return new Unresolved(`parameter ${name} (read from SSM at deploy time)`);
      }
      if (parameter.Default === undefined) {
        return new Unresolved(`parameter ${name} (no default value)`);
      }
      return listed(parameter.Default);
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
  private physical(logicalId: string): PhysicalStandIn {
    let physical = this.physicalIds.get(logicalId);
    if (!physical) {
      physical = standIn(logicalId, this.resources[logicalId], this.environment, (value) => this.resolve(value));
      this.physicalIds.set(logicalId, physical);
    }
    return physical;
  }
}

/** The region of an environment-agnostic stack, as the simulator assumes it. */
export const STAND_IN_REGION = 'us-east-1';
/** The account of an environment-agnostic stack, as the simulator assumes it. */
export const STAND_IN_ACCOUNT = '123456789012';

/** `AWS::NoValue`: removed from the list or object holding it. */
const NO_VALUE = Symbol('AWS::NoValue');
