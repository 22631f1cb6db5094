import * as fs from 'fs';
import * as path from 'path';
import { CustomResource, Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambdaTypes from 'aws-cdk-lib/aws-lambda';
import type * as logsTypes from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { HANDLER_NODE_MAJOR, settingsHandlerRuntime } from './handler-runtime';
import {
  CLASSIC_FLOW_RESOURCE_TYPE,
  ClassicFlowProperties,
  PRINCIPAL_TAGS_RESOURCE_TYPE,
  PrincipalTagsProperties,
  ProviderMapProperty,
  sameTagMap,
} from './settings-contract';
import { acknowledgeRule } from '../acknowledge';
import { TagMapEntry, templateTags } from '../principal-tags/principal-tag-maps';
import * as v from '../validation';

/** Where the build puts the bundled handler (see the bundle-handler task). */
const HANDLER_BUNDLE = path.join(__dirname, '..', '..', '..', 'assets', 'settings-handler');

const PROVIDER_ID = 'CdkIdentityPoolSettingsProvider';

/**
 * The one Lambda function per stack that backs every settings custom resource of the
 * stack. Only pools this stack does not own use it. Its IAM policy lists only the actions
 * the handler calls, on the ARNs of the pools that use them.
 *
 * aws-cdk-lib's Lambda and Logs modules are loaded here, on first use, not when the library
 * is: a stack of owned pools never pays for them.
 */
export class SettingsProvider extends Construct {
  public static of(scope: IConstruct): SettingsProvider {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(PROVIDER_ID) as SettingsProvider | undefined) ?? new SettingsProvider(stack, PROVIDER_ID);
  }

  public readonly serviceToken: string;
  private readonly role: iam.Role;
  private readonly policy: IConstruct;
  /** Actions (joined) → pool ARNs they are allowed on. */
  private readonly allowed = new Map<string, string[]>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    /* eslint-disable @typescript-eslint/no-require-imports */
    const lambda: typeof lambdaTypes = require('aws-cdk-lib/aws-lambda');
    const logs: typeof logsTypes = require('aws-cdk-lib/aws-logs');
    /* eslint-enable @typescript-eslint/no-require-imports */
    if (!fs.existsSync(path.join(HANDLER_BUNDLE, 'index.js'))) {
      throw new Error(
        `cdk-identity-pool: the settings handler bundle is missing at ${HANDLER_BUNDLE}; build the package first (npx projen bundle-handler)`,
      );
    }
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Applies Cognito identity pool settings CloudFormation lacks (cdk-identity-pool)',
    });
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_YEAR });
    const fn = new lambda.Function(this, 'Handler', {
      description: 'cdk-identity-pool: principal tags and classic flow of Cognito identity pools',
      runtime: settingsHandlerRuntime(lambda),
      handler: 'index.handler',
      code: lambda.Code.fromAsset(HANDLER_BUNDLE),
      timeout: Duration.minutes(5),
      memorySize: 256,
      // The function references the role (GetAtt) and so is created after it; its policy is
      // needed only when a custom resource calls it, and they depend on the policy. Handing
      // the function an immutable view keeps it from also depending on the role directly.
      role: iam.Role.fromRoleArn(this, 'HandlerRole', this.role.roleArn, { mutable: false }),
      logGroup,
    });
    acknowledgeRule(fn, 'AwsSolutions-L1',
      `The settings handler targets the Node.js ${HANDLER_NODE_MAJOR} runtime on purpose: it is built, tested and its AWS SDK version known for that runtime.`);
    logGroup.grantWrite(this.role);
    this.policy = this.role.node.findChild('DefaultPolicy');
    this.serviceToken = fn.functionArn;
  }

  /**
   * Allow the handler the given actions on one pool. Statements are merged per set of
   * actions, so any number of pools adds no more than one statement per kind of setting.
   */
  public allow(actions: string[], poolArn: string): void {
    const key = actions.join(',');
    let arns = this.allowed.get(key);
    if (!arns) {
      arns = [];
      this.allowed.set(key, arns);
      const resources = arns;
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions,
        resources: Lazy.list({ produce: () => [...new Set(resources)] }),
      }));
    }
    arns.push(poolArn);
  }

  /** Make a custom resource served by this provider, created after its permissions. */
  public customResource(
    scope: Construct,
    id: string,
    resourceType: string,
    properties: PrincipalTagsProperties | ClassicFlowProperties,
  ): CustomResource {
    const resource = new CustomResource(scope, id, { serviceToken: this.serviceToken, resourceType, properties });
    resource.node.addDependency(this.policy);
    return resource;
  }
}

export interface PoolSettingProps {
  readonly identityPoolId: string;
  readonly identityPoolArn: string;
}

/** The settings of the pools each stack imports, by kind and pool id. */
const SETTINGS = new WeakMap<Stack, Map<string, Construct>>();

/**
 * One setting of one kind per pool and stack, however many times the stack imports the pool:
 * two custom resources writing one field of one pool would undo each other. The first import
 * that asks for it holds it, under the given construct id.
 */
function settingOf<T extends Construct>(importer: Construct, id: string, props: PoolSettingProps, make: (scope: Construct) => T): T {
  const stack = Stack.of(importer);
  const settings = SETTINGS.get(stack) ?? new Map<string, Construct>();
  SETTINGS.set(stack, settings);
  const key = `${id}|${props.identityPoolId}`;
  const setting = (settings.get(key) as T | undefined) ?? make(importer);
  settings.set(key, setting);
  return setting;
}

/**
 * The principal-tag maps of a pool this stack does not own, one entry per principal-tag
 * name, applied by the settings handler with SetPrincipalTagAttributeMap. A provider may
 * already have a map set elsewhere: the handler reads it first and refuses to write over it.
 */
export class PrincipalTagsSetting extends Construct {
  /** The setting of the pool, shared by every import of it in the stack. */
  public static of(importer: Construct, props: PoolSettingProps): PrincipalTagsSetting {
    return settingOf(importer, 'PrincipalTags', props, (scope) => new PrincipalTagsSetting(scope, 'PrincipalTags', props));
  }

  /** The maps, with the import that asked for each. */
  private readonly entries: Array<{ readonly entry: TagMapEntry; readonly importer: IConstruct }> = [];

  private constructor(scope: Construct, id: string, props: PoolSettingProps) {
    super(scope, id);
    const provider = SettingsProvider.of(this);
    // DescribeIdentityPool tells "this provider has no map" (GetPrincipalTagAttributeMap
    // answers ResourceNotFoundException) from "there is no such pool".
    provider.allow([
      'cognito-identity:DescribeIdentityPool',
      'cognito-identity:GetPrincipalTagAttributeMap',
      'cognito-identity:SetPrincipalTagAttributeMap',
    ], props.identityPoolArn);
    provider.customResource(this, 'Resource', PRINCIPAL_TAGS_RESOURCE_TYPE, {
      IdentityPoolId: props.identityPoolId,
      Providers: Lazy.any({ produce: () => this.render() }) as unknown as ProviderMapProperty[],
      GuardExistingMaps: true,
    });
  }

  /**
   * Add a validated map, new to the import that asks. Another import of the same pool may
   * have asked for the same map (written once) or for another one under the same name (an
   * error: the two would undo each other).
   */
  public add(importer: IConstruct, entry: TagMapEntry): void {
    const existing = this.entries.find((e) => e.entry.principalTagName === entry.principalTagName);
    if (!existing) {
      this.entries.push({ entry, importer });
    } else if (!sameTagMap(existing.entry, entry)) {
      v.refuse(importer, `invalid principal tags of ${entry.provider}`,
        `${existing.importer.node.path} imports the same pool and gives ${existing.entry.provider} another principal-tag map; ` +
          'the pool has one map per provider and the two would undo each other: give the same tags, or add them on one import only');
    }
  }

  private render(): ProviderMapProperty[] {
    return this.entries.map(({ entry: e }) => ({
      ProviderName: e.principalTagName,
      UseDefaults: e.useDefaults,
      PrincipalTags: templateTags(this, e),
    }));
  }
}

/**
 * The classic-flow toggle of a pool this stack does not own: read the pool, change only
 * AllowClassicFlow, write everything else back; restore the previous value on delete.
 */
export class ClassicFlowSetting extends Construct {
  /** The setting of the pool, shared by every import of it in the stack. */
  public static of(importer: Construct, props: PoolSettingProps): ClassicFlowSetting {
    return settingOf(importer, 'ClassicFlow', props, (scope) => new ClassicFlowSetting(scope, 'ClassicFlow', props));
  }

  /** The value each import of the pool asked for (its last call), in the order they first asked. */
  private readonly asked = new Map<IConstruct, boolean>();

  private constructor(scope: Construct, id: string, props: PoolSettingProps) {
    super(scope, id);
    const provider = SettingsProvider.of(this);
    // UpdateIdentityPool writes the pool's tags back with everything else; whether that needs
    // TagResource/UntagResource is unsettled (docs/service-contract.md §3), so they are granted,
    // on this pool only.
    provider.allow([
      'cognito-identity:DescribeIdentityPool',
      'cognito-identity:UpdateIdentityPool',
      'cognito-identity:TagResource',
      'cognito-identity:UntagResource',
    ], props.identityPoolArn);
    provider.customResource(this, 'Resource', CLASSIC_FLOW_RESOURCE_TYPE, {
      IdentityPoolId: props.identityPoolId,
      AllowClassicFlow: Lazy.any({ produce: () => this.asked.values().next().value ?? false }) as unknown as boolean,
    });
  }

  /** Set the value one import of the pool asks for; its last call wins. */
  public set(importer: IConstruct, allow: boolean): void {
    this.asked.set(importer, allow);
  }

  /** The value an import asked for, if it did. */
  public askedBy(importer: IConstruct): boolean | undefined {
    return this.asked.get(importer);
  }

  /**
   * At synth: an import that asks for another value than the first import of the same pool
   * (the one pool has one AllowClassicFlow), as a validation message for that import.
   */
  public conflictOf(importer: IConstruct): string[] {
    const [first, value] = this.asked.entries().next().value ?? [];
    const mine = this.asked.get(importer);
    if (first === undefined || first === importer || mine === undefined || mine === value) {
      return [];
    }
    return [`invalid classic flow ${mine}: ${first.node.path} imports the same pool and sets it to ${value}; the pool has one ` +
      'AllowClassicFlow and the two settings would undo each other: set the same value on both imports, or set it on one only'];
  }
}
