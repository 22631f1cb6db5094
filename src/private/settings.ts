import * as fs from 'fs';
import * as path from 'path';
import { CustomResource, Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { acknowledgeRule } from './acknowledge';
import * as v from './validation';
import { IdentityProvider } from '../identity-provider';

/** Where the build puts the bundled handler (see the bundle-handler task). */
const HANDLER_BUNDLE = path.join(__dirname, '..', '..', 'assets', 'settings-handler');

/** Resource types of the settings custom resources; the handler dispatches on them. */
export const PRINCIPAL_TAGS_RESOURCE_TYPE = 'Custom::IdentityPoolPrincipalTags';
export const CLASSIC_FLOW_RESOURCE_TYPE = 'Custom::IdentityPoolClassicFlow';

const PROVIDER_ID = 'CdkIdentityPoolSettingsProvider';

/**
 * The one Lambda function per stack that backs every settings custom resource of the
 * stack. Its IAM policy lists only the actions the handler calls, on the ARNs of the pools
 * that use them.
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
      runtime: lambda.Runtime.NODEJS_22_X,
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
      'The settings handler targets the Node.js 22 runtime on purpose: it is built, tested and its AWS SDK version known for that runtime.');
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
  public customResource(scope: Construct, id: string, resourceType: string, properties: { [key: string]: any }): CustomResource {
    const resource = new CustomResource(scope, id, { serviceToken: this.serviceToken, resourceType, properties });
    resource.node.addDependency(this.policy);
    return resource;
  }
}

export interface PoolSettingProps {
  readonly identityPoolId: string;
  readonly identityPoolArn: string;
  /** Whether the pool accepts logins from a provider. */
  readonly hasProvider: (provider: IdentityProvider) => boolean;

  /**
   * Whether the pool is one this stack does not own, whose providers may already have maps
   * set elsewhere: the handler then refuses to write over them.
   */
  readonly imported: boolean;
}

interface PrincipalTagEntry {
  readonly provider: IdentityProvider;
  readonly useDefaults: boolean;
  readonly tags: { [tag: string]: string };
}

/**
 * The principal-tag maps of one pool, one entry per provider, applied by the settings
 * handler with SetPrincipalTagAttributeMap.
 */
export class PrincipalTagsSetting extends Construct {
  private readonly entries: PrincipalTagEntry[] = [];

  constructor(scope: IConstruct, id: string, private readonly props: PoolSettingProps) {
    super(scope as Construct, id);
    const provider = SettingsProvider.of(this);
    provider.allow(
      props.imported
        ? ['cognito-identity:GetPrincipalTagAttributeMap', 'cognito-identity:SetPrincipalTagAttributeMap']
        : ['cognito-identity:SetPrincipalTagAttributeMap'],
      props.identityPoolArn,
    );
    provider.customResource(this, 'Resource', PRINCIPAL_TAGS_RESOURCE_TYPE, {
      IdentityPoolId: props.identityPoolId,
      Providers: Lazy.any({ produce: () => this.render() }),
      ...(props.imported ? { GuardExistingMaps: true } : {}),
    });
    this.node.addValidation({ validate: () => this.validateProviders() });
  }

  public add(provider: IdentityProvider, options: { tags?: { [tag: string]: string }; useDefaults?: boolean }): void {
    const pool = this.pool;
    const field = `principal tags of provider ${JSON.stringify(provider.providerName)}`;
    v.validateString(pool, 'principal-tag provider name', provider.providerName, v.PROVIDER_NAME_FOR_TAGS);
    if (this.entries.some((e) => e.provider.providerName === provider.providerName)) {
      v.invalid(pool, field, provider.providerName, 'the provider already has a principal-tag map; give all its tags in one call');
    }
    const useDefaults = options.useDefaults ?? false;
    const tags = options.tags ?? {};
    const count = Object.keys(tags).length;
    if (useDefaults && count > 0) {
      v.invalid(pool, field, JSON.stringify(tags), 'give either tags or useDefaults: true, not both');
    }
    if (!useDefaults && count === 0) {
      v.invalid(pool, field, '{}', 'give at least one tag, or useDefaults: true');
    }
    v.validateCount(pool, field, count, 0, v.MAX_PRINCIPAL_TAGS);
    for (const [key, claim] of Object.entries(tags)) {
      v.validateString(pool, `principal tag name (${field})`, key, v.PRINCIPAL_TAG_KEY);
      v.validateString(pool, `claim of principal tag ${JSON.stringify(key)} (${field})`, claim, v.PRINCIPAL_TAG_VALUE);
    }
    this.entries.push({ provider, useDefaults, tags: { ...tags } });
  }

  /** The pool whose maps these are: the construct this setting belongs to. */
  private get pool(): IConstruct {
    return this.node.scope!;
  }

  private validateProviders(): string[] {
    return this.entries
      .filter((e) => !this.props.hasProvider(e.provider))
      .map((e) => `invalid principal-tag provider ${JSON.stringify(e.provider.providerName)} of ${this.pool.node.path}: the pool has no such authentication provider`);
  }

  private render(): any[] {
    return this.entries.map((e) => ({
      ProviderName: e.provider.providerName,
      UseDefaults: e.useDefaults,
      PrincipalTags: e.tags,
    }));
  }
}

/**
 * The classic-flow toggle of a pool this stack does not own: read the pool, change only
 * AllowClassicFlow, write everything else back; restore the previous value on delete.
 */
export class ClassicFlowSetting extends Construct {
  public allow = false;

  constructor(scope: Construct, id: string, props: Omit<PoolSettingProps, 'hasProvider' | 'imported'>) {
    super(scope, id);
    const provider = SettingsProvider.of(this);
    provider.allow(['cognito-identity:DescribeIdentityPool', 'cognito-identity:UpdateIdentityPool'], props.identityPoolArn);
    provider.customResource(this, 'Resource', CLASSIC_FLOW_RESOURCE_TYPE, {
      IdentityPoolId: props.identityPoolId,
      AllowClassicFlow: Lazy.any({ produce: () => this.allow }),
    });
  }
}
