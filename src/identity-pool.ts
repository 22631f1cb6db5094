import {
  Annotations,
  ArnFormat,
  IResource,
  Lazy,
  Names,
  RemovalPolicy,
  Resource,
  ResourceProps,
  Stack,
  Token,
} from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { IdentityProvider, IdentityProviderType } from './identity-provider';
import { PolicyVariable } from './policy-variable';
import { PoolTrust, principalTagsReadBy, trustOf } from './private/abac';
import { acknowledgeRule } from './private/acknowledge';
import { warnAboutGuestGrants } from './private/guest-scope';
import { PoolHooks, PoolRoleMapping } from './private/pool-hooks';
import { principalTagEntry, TagMapEntry } from './private/principal-tags';
import { checkPoolArnRegion } from './private/regions';
import { ClassicFlowSetting, PrincipalTagsSetting } from './private/settings';
import { sameTagMap } from './private/settings-contract';
import * as v from './private/validation';

const COGNITO_IDENTITY = 'cognito-identity.amazonaws.com';

/** The principal tags `useDefaults: true` maps, for every kind of provider (developer guide). */
const DEFAULT_PRINCIPAL_TAGS = ['client', 'username'];

/** The pool that made each role (`createRole` and the default roles): they trust only it. */
const ROLE_MAKERS = new WeakMap<IConstruct, IConstruct>();

/**
 * What a per-identity grant allows on the objects under the prefix.
 */
export enum ObjectAccess {
  /** `s3:GetObject`. */
  READ = 'READ',
  /** `s3:PutObject` and `s3:DeleteObject`. */
  WRITE = 'WRITE',
  /** Both. */
  READ_WRITE = 'READ_WRITE',
}

/**
 * Options of the per-identity S3 grants.
 */
export interface FolderGrantOptions {
  /**
   * The key prefix the folders live under, without a leading or trailing slash.
   *
   * @default 'private' for `grantIdentityFolder`, 'shared' for `grantPrincipalTagFolder`
   */
  readonly prefix?: string;

  /**
   * What the role may do with the objects of its folder. Listing is always limited to the
   * folder by an `s3:prefix` condition.
   *
   * @default ObjectAccess.READ_WRITE
   */
  readonly access?: ObjectAccess;
}

/**
 * Options for `addPrincipalTags`: which principal tags (attributes for access control)
 * the pool puts on the sessions of users of one provider.
 *
 * Give either `tags` or `useDefaults: true`.
 */
export interface PrincipalTagOptions {
  /**
   * Principal tag name to the claim of the provider's token it takes its value from,
   * for example `{ department: 'custom:department' }`. At most 50 tags; names 1-128
   * characters, claims 1-256.
   *
   * @default - no custom map (`useDefaults` must be true)
   */
  readonly tags?: { [tag: string]: string };

  /**
   * Use the service's default map for the provider: `client` from `aud` and `username` from
   * `sub` for user pools, Google, Apple, Facebook, Twitter and OIDC providers; `username`
   * from `user_id` for Login with Amazon.
   *
   * @default false
   */
  readonly useDefaults?: boolean;
}

/**
 * An identity pool, made in this stack or imported.
 */
export interface IIdentityPool extends IResource {
  /**
   * The id of the identity pool, `REGION:GUID`.
   * @attribute
   */
  readonly identityPoolId: string;

  /**
   * The ARN of the identity pool.
   * @attribute
   */
  readonly identityPoolArn: string;

  /** Grant the given actions on this pool (and nothing else) to the grantee. */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;

  /** Grant `DescribeIdentity` and `ListIdentities` on this pool. */
  grantReadIdentities(grantee: iam.IGrantable): iam.Grant;

  /** Grant `DeleteIdentities` on this pool. */
  grantDeleteIdentities(grantee: iam.IGrantable): iam.Grant;

  /**
   * Map claims of a provider's tokens to principal tags (attributes for access control),
   * which the pool puts on its users' sessions as session tags.
   *
   * The map is keyed by the provider's `principalTagName`: one map per user pool (shared by
   * its app clients), an OIDC provider's by its ARN. A developer provider takes none.
   *
   * On a pool of this stack it is an `AWS::Cognito::IdentityPoolPrincipalTag` resource. On an
   * imported pool the library's settings custom resource writes it
   * (`SetPrincipalTagAttributeMap`), refuses to overwrite a map set elsewhere, and puts the
   * provider back to no map on delete.
   */
  addPrincipalTags(provider: IdentityProvider, options: PrincipalTagOptions): void;

  /**
   * Turn the basic (classic) authentication flow on or off.
   *
   * On a pool made in this stack this is the `AllowClassicFlow` property. On an imported
   * pool the settings custom resource reads the pool, changes only this field and writes
   * the rest back unchanged; on delete the previous value is restored.
   */
  configureClassicFlow(allow: boolean): void;

  /**
   * TypeScript name of `configureClassicFlow` (jsii reserves `setXxx` names for Java
   * property setters, so other languages have only `configureClassicFlow`).
   *
   * @jsii ignore
   */
  setAllowClassicFlow(allow: boolean): void;
}

/**
 * Options for roles made by `IdentityPool.createRole`.
 */
export interface IdentityPoolRoleOptions {
  /**
   * Also allow `sts:TagSession`, which principal tags need.
   *
   * @default - false, unless the pool has principal tags
   */
  readonly sessionTags?: boolean;

  /**
   * A description of the role.
   *
   * @default - no description
   */
  readonly description?: string;

  /**
   * A physical name for the role.
   *
   * @default - a name generated by CloudFormation
   */
  readonly roleName?: string;
}

/**
 * Properties of an `IdentityPool`.
 */
export interface IdentityPoolProps {
  /**
   * The name of the pool: 1-128 characters of letters, digits, white space and `+=,.@-_`.
   *
   * @default - a name generated by CloudFormation
   */
  readonly identityPoolName?: string;

  /**
   * Whether guests (identities without a login) get credentials. When true the pool gets
   * an unauthenticated role and a warning is left on the construct.
   *
   * @default false
   */
  readonly allowUnauthenticatedIdentities?: boolean;

  /**
   * Whether the basic (classic) authentication flow is enabled. Always written to the
   * template, so a pool changed by hand is set back. When true a warning is left.
   *
   * @default false
   */
  readonly allowClassicFlow?: boolean;

  /**
   * The providers users can sign in with. More can be added with
   * `addAuthenticationProvider`.
   *
   * @default - no provider
   */
  readonly authenticationProviders?: IdentityProvider[];

  /**
   * The default role of authenticated users. Its trust policy is yours to write.
   *
   * @default - a role that trusts exactly this pool's authenticated identities
   */
  readonly authenticatedRole?: iam.IRole;

  /**
   * The default role of unauthenticated (guest) users. Its trust policy is yours to write.
   *
   * @default - when `allowUnauthenticatedIdentities` is true, a role that trusts exactly this
   * pool's unauthenticated identities; otherwise none
   */
  readonly unauthenticatedRole?: iam.IRole;

  /**
   * What happens to the pool when it leaves the stack. Deleting a pool deletes the
   * identity ids of its users, which your data may be keyed by.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

abstract class IdentityPoolBase extends Resource implements IIdentityPool, PoolHooks {
  public abstract readonly identityPoolId: string;
  public abstract readonly identityPoolArn: string;
  /** The principal-tag maps of the pool, one per principal-tag name. */
  private readonly principalTagMaps: TagMapEntry[] = [];

  constructor(scope: Construct, id: string, props: ResourceProps = {}) {
    super(scope, id, props);
    // Decided at synth, on the final value: configureClassicFlow(false) after (true) leaves
    // no warning behind.
    this.node.addValidation({
      validate: () => {
        if (this._classicFlowOn()) {
          Annotations.of(this).addWarningV2(
            'cdk-identity-pool:classicFlow',
            'The basic (classic) authentication flow is on: clients can get credentials for any role the pool trusts ' +
              'without the pool\'s role choice. Prefer the enhanced flow.',
          );
        }
        return [];
      },
    });
  }

  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.identityPoolArn] });
  }

  public grantReadIdentities(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'cognito-identity:DescribeIdentity', 'cognito-identity:ListIdentities');
  }

  public grantDeleteIdentities(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'cognito-identity:DeleteIdentities');
  }

  public addPrincipalTags(provider: IdentityProvider, options: PrincipalTagOptions): void {
    const entry = principalTagEntry(this, provider, options);
    const existing = this.principalTagMaps.find((e) => e.principalTagName === entry.principalTagName);
    if (existing) {
      if (existing.provider.sameAs(provider)) {
        v.refuse(this, `invalid principal tags of ${provider}`, 'the provider already has a principal-tag map; give all its tags in one call');
      }
      if (sameTagMap(existing, entry)) {
        // Two app clients of one user pool share its map: the same map is written once.
        return;
      }
      v.refuse(this, `invalid principal tags of ${provider}`,
        `${provider} and ${existing.provider} share one principal-tag map (the service keys it by the user pool, without the app client), ` +
        'and the two calls give different maps; give them the same tags');
    }
    this.principalTagMaps.push(entry);
    this._writePrincipalTagMap(entry, this.principalTagMaps.length === 1);
  }

  /**
   * The principal-tag maps of this pool, in the order they were added.
   * @internal
   */
  protected get _principalTagEntries(): TagMapEntry[] {
    return [...this.principalTagMaps];
  }

  public abstract configureClassicFlow(allow: boolean): void;

  /** @jsii ignore */
  public setAllowClassicFlow(allow: boolean): void {
    this.configureClassicFlow(allow);
  }

  /**
   * Whether the library turns classic flow on for this pool.
   * @internal
   */
  protected abstract _classicFlowOn(): boolean;

  /** @internal */
  public abstract _addRoleMapping(mapping: PoolRoleMapping): void;

  /** @internal */
  public abstract _setDeveloperProvider(scope: IConstruct, providerName: string): void;

  /**
   * Write one new principal-tag map (its name not yet mapped on this pool).
   * @internal
   */
  protected abstract _writePrincipalTagMap(entry: TagMapEntry, first: boolean): void;
}

/**
 * An Amazon Cognito identity pool (federated identities), with its default roles and its
 * role attachment.
 *
 * The pool owns the one `AWS::Cognito::IdentityPoolRoleAttachment` the service allows it:
 * its default roles and every `RoleMapping` made for it are rendered into it.
 *
 * @resource AWS::Cognito::IdentityPool
 */
export class IdentityPool extends IdentityPoolBase {
  /**
   * Import a pool by its id (`REGION:GUID`). The region of the ARN is taken from the id.
   */
  public static fromIdentityPoolId(scope: Construct, id: string, identityPoolId: string): IIdentityPool {
    const stack = Stack.of(scope);
    let region: string | undefined;
    if (!Token.isUnresolved(identityPoolId)) {
      v.validateString(v.pathOf(scope, id), 'identityPoolId', identityPoolId, v.POOL_ID);
      region = identityPoolId.split(':')[0];
    }
    const arn = stack.formatArn({
      service: 'cognito-identity',
      region,
      resource: 'identitypool',
      resourceName: identityPoolId,
    });
    return new ImportedIdentityPool(scope, id, identityPoolId, arn);
  }

  /**
   * Import a pool by its ARN, `arn:PARTITION:cognito-identity:REGION:ACCOUNT:identitypool/REGION:GUID`.
   * The two regions must be the same: a pool lives in the region its id names.
   */
  public static fromIdentityPoolArn(scope: Construct, id: string, identityPoolArn: string): IIdentityPool {
    if (Token.isUnresolved(identityPoolArn)) {
      const poolId = Stack.of(scope).splitArn(identityPoolArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!;
      return new ImportedIdentityPool(scope, id, poolId, identityPoolArn);
    }
    const match = v.POOL_ARN.exec(identityPoolArn);
    if (!match) {
      v.invalid(v.pathOf(scope, id), 'identityPoolArn', identityPoolArn, `must have the form ${v.POOL_ARN_FORM}`);
    }
    v.validateString(v.pathOf(scope, id), 'identityPoolId', match[3], v.POOL_ID);
    checkPoolArnRegion(v.pathOf(scope, id), identityPoolArn, match[1], match[3]);
    return new ImportedIdentityPool(scope, id, match[3], identityPoolArn);
  }

  /**
   * Grant `ListIdentityPools`: an account-wide read that no pool ARN can scope, so it is
   * granted on `*` and kept apart from the per-pool grants.
   */
  public static grantListIdentityPools(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['cognito-identity:ListIdentityPools'], resourceArns: ['*'] });
  }

  public readonly identityPoolId: string;
  public readonly identityPoolArn: string;

  /**
   * The name of the pool.
   * @attribute
   */
  public readonly identityPoolName: string;

  /** The default role of authenticated users. */
  public readonly authenticatedRole: iam.IRole;

  /** The default role of guests, when the pool has one. */
  public readonly unauthenticatedRole?: iam.IRole;

  /** The pool's developer provider name, once a `DeveloperProvider` set it. */
  public get developerProviderName(): string | undefined {
    return this.resource.developerProviderName;
  }

  private readonly resource: cognito.CfnIdentityPool;
  private readonly providers: IdentityProvider[] = [];
  private readonly roleMappings: PoolRoleMapping[] = [];
  /** The roles this pool made, with the `amr` they trust and whether they allow session tags. */
  private readonly rolesWeMade = new Map<iam.Role, { amr: string; sessionTags: boolean }>();
  private sessionTagsInUse = false;
  /** Principal tags asked for with principalTagVariable, checked against the maps at synth. */
  private readonly requestedTagVariables = new Set<string>();
  /** Roles given a per-identity grant: the pool must hand them out. */
  private readonly folderGrantRoles = new Set<iam.IRole>();

  constructor(scope: Construct, id: string, props: IdentityPoolProps = {}) {
    super(scope, id, { physicalName: props.identityPoolName });
    v.validateString(this, 'identityPoolName', props.identityPoolName, v.IDENTITY_POOL_NAME);

    const allowUnauthenticated = props.allowUnauthenticatedIdentities ?? false;

    this.resource = new cognito.CfnIdentityPool(this, 'Resource', {
      identityPoolName: props.identityPoolName,
      allowUnauthenticatedIdentities: allowUnauthenticated,
      allowClassicFlow: false,
      cognitoIdentityProviders: Lazy.any({ produce: () => this.renderUserPoolProviders() }, { omitEmptyArray: true }),
      supportedLoginProviders: Lazy.any({ produce: () => this.renderLoginProviders() }),
      openIdConnectProviderArns: Lazy.list({ produce: () => this.arnsOf(IdentityProviderType.OPEN_ID_CONNECT) }, { omitEmpty: true }),
      samlProviderArns: Lazy.list({ produce: () => this.arnsOf(IdentityProviderType.SAML) }, { omitEmpty: true }),
    });
    this.resource.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);

    this.identityPoolId = this.resource.ref;
    this.identityPoolName = this.resource.attrName;
    this.identityPoolArn = Stack.of(this).formatArn({
      service: 'cognito-identity',
      resource: 'identitypool',
      resourceName: this.identityPoolId,
    });

    this.authenticatedRole = props.authenticatedRole ?? this.makeRole('AuthenticatedRole', 'authenticated', {
      description: `Default role of authenticated identities of ${this.node.path}`,
    });
    if (props.unauthenticatedRole || allowUnauthenticated) {
      this.unauthenticatedRole = props.unauthenticatedRole ?? this.makeRole('UnauthenticatedRole', 'unauthenticated', {
        description: `Default role of unauthenticated identities of ${this.node.path}`,
      });
    }

    // The same construct path as aws-cdk-lib's IdentityPool gives its attachment, so a move
    // from it keeps the logical id: CloudFormation would otherwise create the new attachment
    // before deleting the old one, and that delete would clear the pool's roles.
    new cognito.CfnIdentityPoolRoleAttachment(new Construct(this, 'DefaultRoleAttachment'), 'Resource', {
      identityPoolId: this.identityPoolId,
      roles: {
        authenticated: this.authenticatedRole.roleArn,
        ...(this.unauthenticatedRole ? { unauthenticated: this.unauthenticatedRole.roleArn } : {}),
      },
      roleMappings: Lazy.any({ produce: () => this.renderRoleMappings() }),
    });

    if (allowUnauthenticated) {
      acknowledgeRule(this.resource, 'AwsSolutions-COG7',
        'Unauthenticated (guest) access was asked for explicitly (allowUnauthenticatedIdentities: true); the pool warns about it at synth time.');
      Annotations.of(this).addWarningV2(
        'cdk-identity-pool:unauthenticatedAccess',
        'Unauthenticated (guest) access is on: anyone can get AWS credentials of the unauthenticated role. ' +
          'Keep that role\'s permissions to what a stranger may do.',
      );
    }
    this.configureClassicFlow(props.allowClassicFlow ?? false);
    // §6: grants to guest roles that the enhanced flow's scope-down never lets through (private/guest-scope.ts).
    this.node.addValidation({
      validate: () => warnAboutGuestGrants(this, this.unauthenticatedRole, this.authenticatedRole, this.rolesHandedOut, this._classicFlowOn()),
    });

    for (const provider of props.authenticationProviders ?? []) {
      this.addAuthenticationProvider(provider);
    }

    this.node.addValidation({ validate: () => this.validatePool() });
    this.node.addValidation({ validate: () => this.checkRolesHandedOut() });
  }

  /**
   * Let users sign in with one more provider.
   */
  public addAuthenticationProvider(provider: IdentityProvider): void {
    if (provider.type === IdentityProviderType.DEVELOPER) {
      throw new Error(
        `${this.node.path}: authenticationProviders: a developer provider is declared with new DeveloperProvider(scope, id, { identityPool, providerName }), not as an authentication provider`,
      );
    }
    if (provider.type === IdentityProviderType.CUSTOM) {
      v.refuse(this, `invalid authenticationProviders entry ${provider}`,
        'IdentityProvider.custom names a provider of a pool this stack does not own; use userPool, google, facebook, amazon, apple, twitter, openIdConnect or saml');
    }
    if (this.providers.some((p) => p.sameAs(provider))) {
      v.refuse(this, `invalid authenticationProviders entry ${provider}`, 'the provider is already added; a pool takes each provider once');
    }
    this.validateProvider(provider);
    // SupportedLoginProviders holds at most 10 entries; the five public providers, each
    // taken once, cannot exceed it, so there is nothing to count there.
    if (provider.type === IdentityProviderType.USER_POOL) {
      const userPools = this.providers.filter((p) => p.type === IdentityProviderType.USER_POOL).length + 1;
      v.validateCount(this, 'user pool providers (CognitoIdentityProviders)', userPools, 0, v.MAX_USER_POOL_PROVIDERS);
    }
    this.providers.push(provider);
  }

  /** The providers of this pool, in the order they were added. */
  public get authenticationProviders(): IdentityProvider[] {
    return [...this.providers];
  }

  /**
   * Make a role that trusts exactly this pool's authenticated identities (`aud` and `amr`
   * conditions), for role mappings.
   */
  public createRole(id: string, options: IdentityPoolRoleOptions = {}): iam.Role {
    const role = this.makeRole(id, 'authenticated', options);
    if (options.sessionTags) {
      this.allowSessionTags(role);
    }
    return role;
  }

  /**
   * The IAM policy variable `${aws:PrincipalTag/<tag>}`, for resource ARNs, S3 key prefixes and
   * condition values of the roles this pool hands out.
   *
   * Synthesis fails when no provider of the pool maps the tag (`useDefaults: true` maps
   * `client` and `username`): such a variable would deny every user at run time. A pool with a
   * developer provider is not judged, since its backend may pass any tag per call.
   */
  public principalTagVariable(tag: string): string {
    const variable = PolicyVariable.principalTag(tag);
    this.requestedTagVariables.add(tag);
    return variable;
  }

  /**
   * Give each identity its own folder in a bucket: `<prefix>/${cognito-identity.amazonaws.com:sub}/*`
   * (read, write or both), and `s3:ListBucket` limited to that folder by an `s3:prefix`
   * condition. The pattern of Amplify Storage's private level.
   *
   * The role must be one this pool hands out (a default role or a role of its mappings);
   * synthesis fails otherwise.
   */
  public grantIdentityFolder(role: iam.IRole, bucket: s3.IBucket, options: FolderGrantOptions = {}): iam.Grant {
    return this.grantFolder(role, bucket, options.prefix ?? 'private', PolicyVariable.identityId(), options.access);
  }

  /**
   * Give the users of a principal tag's value one shared folder in a bucket:
   * `<prefix>/${aws:PrincipalTag/<tag>}/*` (read, write or both), with `s3:ListBucket` limited to
   * it. The tag is checked against the pool's maps like `principalTagVariable`.
   *
   * The role must be one this pool hands out; synthesis fails otherwise.
   */
  public grantPrincipalTagFolder(role: iam.IRole, bucket: s3.IBucket, tag: string, options: FolderGrantOptions = {}): iam.Grant {
    return this.grantFolder(role, bucket, options.prefix ?? 'shared', this.principalTagVariable(tag), options.access);
  }

  /**
   * The roles this pool hands out, as far as the app shows: its default roles and the roles of
   * its mapping rules; with a token-based mapping also every role made by `createRole` (the
   * token names the role, for example a user pool group's).
   */
  public get rolesHandedOut(): iam.IRole[] {
    const roles = new Set<iam.IRole>([this.authenticatedRole]);
    if (this.unauthenticatedRole) {
      roles.add(this.unauthenticatedRole);
    }
    for (const mapping of this.roleMappings) {
      mapping._roles().forEach((role) => roles.add(role));
    }
    if (this.roleMappings.some((m) => m._usesToken())) {
      this.rolesWeMade.forEach((_, role) => roles.add(role));
    }
    return [...roles];
  }

  public configureClassicFlow(allow: boolean): void {
    this.resource.allowClassicFlow = allow;
  }

  /** @internal */
  protected _classicFlowOn(): boolean {
    return this.resource.allowClassicFlow === true;
  }

  /**
   * Whether the given provider is one this pool accepts logins from.
   */
  public hasProvider(provider: IdentityProvider): boolean {
    if (provider.type === IdentityProviderType.DEVELOPER) {
      return this.developerProviderName !== undefined && IdentityProvider.developer(this.developerProviderName).sameAs(provider);
    }
    return this.providers.some((p) => p.sameAs(provider));
  }

  /** @internal */
  public _addRoleMapping(mapping: PoolRoleMapping): void {
    const existing = this.roleMappings.find((m) => m.provider.sameAs(mapping.provider));
    if (existing) {
      v.refuse(mapping, `invalid provider ${mapping.provider}`, `${existing.node.path} already maps it; a pool takes one role mapping per provider`);
    }
    this.roleMappings.push(mapping);
    v.validateCount(mapping, `role mappings of ${this.node.path}`, this.roleMappings.length, 0, v.MAX_ROLE_MAPPINGS);
  }

  /** @internal */
  public _setDeveloperProvider(scope: IConstruct, providerName: string): void {
    if (this.developerProviderName !== undefined) {
      throw new Error(
        `${scope.node.path}: invalid providerName ${JSON.stringify(providerName)}: ${this.node.path} already has the developer provider ${JSON.stringify(this.developerProviderName)}; a pool has at most one`,
      );
    }
    // DeveloperProviderName is "Update requires: No interruption": setting it on a deployed
    // pool that has none is an in-place update. The service refuses to change a name once
    // set, so changing it fails that stack update, which rolls back with nothing lost. The
    // pool's logical id never depends on the name: a replaced pool would give every user a
    // new identity id.
    this.resource.developerProviderName = providerName;
  }

  /** @internal */
  protected _writePrincipalTagMap(entry: TagMapEntry, first: boolean): void {
    new cognito.CfnIdentityPoolPrincipalTag(this, principalTagConstructId(entry), {
      identityPoolId: this.identityPoolId,
      identityProviderName: entry.principalTagName,
      useDefaults: entry.useDefaults,
      principalTags: entry.useDefaults ? undefined : entry.tags,
    });
    if (first) {
      // Principal tags are session tags: the roles this pool hands to authenticated users
      // must allow sts:TagSession. Guests have no provider and so no principal tags.
      this.sessionTagsInUse = true;
      for (const [role, made] of this.rolesWeMade) {
        if (made.amr === 'authenticated') {
          this.allowSessionTags(role);
        }
      }
    }
  }

  private makeRole(id: string, amr: 'authenticated' | 'unauthenticated', options: IdentityPoolRoleOptions): iam.Role {
    const role = new iam.Role(this, id, {
      assumedBy: new iam.FederatedPrincipal(COGNITO_IDENTITY, this.trustConditions(amr), 'sts:AssumeRoleWithWebIdentity'),
      description: options.description,
      roleName: options.roleName,
    });
    this.rolesWeMade.set(role, { amr, sessionTags: false });
    ROLE_MAKERS.set(role, this);
    if (this.sessionTagsInUse && amr === 'authenticated') {
      this.allowSessionTags(role);
    }
    return role;
  }

  private allowSessionTags(role: iam.Role): void {
    const made = this.rolesWeMade.get(role)!;
    if (made.sessionTags) {
      return;
    }
    this.rolesWeMade.set(role, { ...made, sessionTags: true });
    role.assumeRolePolicy!.addStatements(new iam.PolicyStatement({
      actions: ['sts:TagSession'],
      principals: [new iam.FederatedPrincipal(COGNITO_IDENTITY, this.trustConditions(made.amr))],
    }));
  }

  private trustConditions(amr: string): iam.Conditions {
    return {
      'StringEquals': { [`${COGNITO_IDENTITY}:aud`]: this.identityPoolId },
      'ForAnyValue:StringLike': { [`${COGNITO_IDENTITY}:amr`]: amr },
    };
  }

  private validateProvider(provider: IdentityProvider): void {
    const d = provider._details;
    switch (provider.type) {
      case IdentityProviderType.USER_POOL:
        v.validateString(this, 'user pool provider name', d.userPoolProviderName, v.COGNITO_PROVIDER_NAME);
        v.validateString(this, 'user pool client id', d.userPoolClientId, v.COGNITO_CLIENT_ID);
        break;
      case IdentityProviderType.SOCIAL:
        v.validateString(this, `${provider.loginsKey} app id`, d.appId, v.LOGIN_PROVIDER_ID);
        break;
      default:
        break;
    }
  }

  private grantFolder(role: iam.IRole, bucket: s3.IBucket, prefix: string, folder: string, access = ObjectAccess.READ_WRITE): iam.Grant {
    if (!Token.isUnresolved(prefix) && (prefix.startsWith('/') || prefix.endsWith('/') || prefix.length === 0)) {
      v.invalid(this, 'prefix', prefix, 'give a key prefix without a leading or trailing slash, for example "private"');
    }
    this.folderGrantRoles.add(role);
    const actions = [
      ...(access !== ObjectAccess.WRITE ? ['s3:GetObject'] : []),
      ...(access !== ObjectAccess.READ ? ['s3:PutObject', 's3:DeleteObject'] : []),
    ];
    const objects = iam.Grant.addToPrincipal({ grantee: role, actions, resourceArns: [bucket.arnForObjects(`${prefix}/${folder}/*`)] });
    const listing = iam.Grant.addToPrincipal({
      grantee: role,
      actions: ['s3:ListBucket'],
      resourceArns: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${prefix}/${folder}/`, `${prefix}/${folder}/*`] } },
    });
    if (bucket.encryptionKey) {
      if (access === ObjectAccess.READ) {
        bucket.encryptionKey.grantDecrypt(role);
      } else {
        bucket.encryptionKey.grantEncryptDecrypt(role);
      }
    }
    return objects.combine(listing);
  }

  /**
   * The principal tags some provider of the pool maps, or undefined when any tag may come
   * (a developer backend passes PrincipalTags per call).
   */
  private mappedTags(): Set<string> | undefined {
    if (this.developerProviderName !== undefined) {
      return undefined;
    }
    const tags = new Set<string>();
    for (const entry of this._principalTagEntries) {
      (entry.useDefaults ? DEFAULT_PRINCIPAL_TAGS : Object.keys(entry.tags)).forEach((t) => tags.add(t));
    }
    return tags;
  }

  private describeMaps(): string {
    const entries = this._principalTagEntries;
    if (entries.length === 0) {
      return 'the pool has no principal-tag map';
    }
    return 'the pool maps ' + entries
      .map((e) => `${(e.useDefaults ? DEFAULT_PRINCIPAL_TAGS : Object.keys(e.tags)).join(', ')} for ${e.provider}`)
      .join('; ');
  }

  /**
   * The IAM side of ABAC, at synth: the roles this pool hands out must trust it, and the
   * principal tags their policies read must be mapped. Errors for what can never work,
   * warnings for what is probably wrong.
   */
  private checkRolesHandedOut(): string[] {
    const errors: string[] = [];
    const mapped = this.mappedTags();
    const handedOut = this.rolesHandedOut;
    // The roles that hand out tagged sessions: the default authenticated role and the roles of
    // mapping rules (the guest role gets no principal tags).
    const tagged = new Set<iam.IRole>([this.authenticatedRole, ...this.roleMappings.flatMap((m) => m._roles())]);
    for (const role of handedOut) {
      const maker = ROLE_MAKERS.get(role);
      if (maker && maker !== this) {
        errors.push(
          `invalid role ${role.node.path}: it was made by ${maker.node.path}.createRole and trusts only that pool's identities, ` +
            'so this pool can never hand it out; make it with this pool\'s createRole',
        );
        continue;
      }
      if (!maker) {
        if (this.sessionTagsInUse && tagged.has(role)) {
          // Its trust policy is not ours to fix.
          Annotations.of(this).addWarningV2(
            `cdk-identity-pool:sessionTags:${role.node.path}`,
            `Principal tags are in use and the role ${role.node.path} was not made by this pool: its trust policy must also allow ` +
              'sts:TagSession (with the same aud and amr conditions as sts:AssumeRoleWithWebIdentity), or users given it get no credentials.',
          );
        }
        this.warnAboutTrust(role);
      }
      if (mapped) {
        for (const use of principalTagsReadBy(role)) {
          if (!mapped.has(use.tag)) {
            Annotations.of(this).addWarningV2(
              `cdk-identity-pool:unmappedPrincipalTag:${role.node.path}:${use.policy}:${use.tag}`,
              `The policy ${use.policy} of role ${role.node.path} reads \${aws:PrincipalTag/${use.tag}}, but no provider of this pool ` +
                `maps the tag "${use.tag}" (${this.describeMaps()}): the condition never matches and the statement grants nothing.`,
            );
          }
        }
      }
    }
    for (const role of this.folderGrantRoles) {
      if (!handedOut.includes(role)) {
        errors.push(
          `invalid role ${role.node.path} of a folder grant: this pool does not hand it out (not a default role, not in a role mapping), ` +
            'so no identity of the pool ever uses the grant',
        );
      }
    }
    if (mapped) {
      for (const tag of this.requestedTagVariables) {
        if (!Token.isUnresolved(tag) && !mapped.has(tag)) {
          errors.push(`invalid principal-tag variable \${aws:PrincipalTag/${tag}}: no provider maps the tag "${tag}" (${this.describeMaps()})`);
        }
      }
    }
    return errors;
  }

  private warnAboutTrust(role: iam.IRole): void {
    const trust = trustOf(role, this.identityPoolId);
    const warn = (text: string) => Annotations.of(this).addWarningV2(`cdk-identity-pool:trust:${role.node.path}`, text);
    switch (trust) {
      case PoolTrust.OPEN:
        warn(`The role ${role.node.path} lets cognito-identity.amazonaws.com assume it without an aud condition on this pool: ` +
          'identities of any identity pool, in any account, can get its credentials. Make it with createRole, or add the aud condition.');
        break;
      case PoolTrust.OTHER_POOL:
        warn(`The role ${role.node.path} trusts another identity pool (its aud condition names a literal pool id that is not this one): ` +
          'this pool\'s users given it get no credentials.');
        break;
      case PoolTrust.NONE:
        warn(`The role ${role.node.path} does not trust cognito-identity.amazonaws.com (sts:AssumeRoleWithWebIdentity): ` +
          'this pool\'s users given it get no credentials.');
        break;
      default:
        break;
    }
  }

  private validatePool(): string[] {
    const tags = this.resource.cdkTagManager.renderTags() as Array<{ key: string; value: string }> | undefined;
    const errors = Array.isArray(tags) ? v.poolTagProblems(tags) : [];
    for (const mapping of this.roleMappings) {
      if (!this.hasProvider(mapping.provider)) {
        errors.push(`invalid provider of role mapping ${mapping.node.path}: the pool has no authentication provider ${mapping.provider}`);
      }
    }
    for (const entry of this._principalTagEntries) {
      if (!this.hasProvider(entry.provider)) {
        errors.push(`invalid principal-tag provider: the pool has no authentication provider ${entry.provider}`);
      }
    }
    return errors;
  }

  private arnsOf(type: IdentityProviderType): string[] {
    return this.providers.filter((p) => p.type === type).map((p) => p._details.arn!);
  }

  private renderUserPoolProviders(): cognito.CfnIdentityPool.CognitoIdentityProviderProperty[] {
    return this.providers
      .filter((p) => p.type === IdentityProviderType.USER_POOL)
      .map((p) => ({
        providerName: p._details.userPoolProviderName!,
        clientId: p._details.userPoolClientId!,
        serverSideTokenCheck: p._details.serverSideTokenCheck,
      }));
  }

  private renderLoginProviders(): { [name: string]: string } | undefined {
    const social = this.providers.filter((p) => p.type === IdentityProviderType.SOCIAL);
    if (social.length === 0) {
      return undefined;
    }
    return Object.fromEntries(social.map((p) => [p.loginsKey, p._details.appId!]));
  }

  private renderRoleMappings(): { [key: string]: cognito.CfnIdentityPoolRoleAttachment.RoleMappingProperty } | undefined {
    if (this.roleMappings.length === 0) {
      return undefined;
    }
    const entries = this.roleMappings.map((m) => {
      const name = m.provider.roleMappingKey;
      // A literal role-mapping key is its own key. A token (a user pool of this stack) cannot
      // be a JSON key, so the key is the mapping's stable unique id and CloudFormation takes
      // the provider from the IdentityProvider field, which every mapping carries.
      const key = Token.isUnresolved(name) ? Names.uniqueId(m) : name;
      return [key, m._render()] as const;
    });
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  }
}

class ImportedIdentityPool extends IdentityPoolBase {
  public readonly identityPoolId: string;
  public readonly identityPoolArn: string;
  private classicFlowSetting?: ClassicFlowSetting;
  private principalTagsSetting?: PrincipalTagsSetting;

  constructor(scope: Construct, id: string, identityPoolId: string, identityPoolArn: string) {
    super(scope, id, { environmentFromArn: identityPoolArn });
    this.identityPoolId = identityPoolId;
    this.identityPoolArn = identityPoolArn;
  }

  public configureClassicFlow(allow: boolean): void {
    if (!this.classicFlowSetting) {
      this.classicFlowSetting = new ClassicFlowSetting(this, 'ClassicFlow', {
        identityPoolId: this.identityPoolId,
        identityPoolArn: this.identityPoolArn,
      });
    }
    this.classicFlowSetting.allow = allow;
  }

  /** @internal */
  protected _classicFlowOn(): boolean {
    return this.classicFlowSetting?.allow === true;
  }

  /** @internal */
  public _addRoleMapping(mapping: PoolRoleMapping): void {
    v.refuse(mapping, `invalid identityPool ${this.node.path}`,
      'a RoleMapping needs an IdentityPool of this stack: SetIdentityPoolRoles replaces a pool\'s whole role configuration, ' +
        'which on an imported pool would overwrite the roles and mappings set elsewhere');
  }

  /** @internal */
  public _setDeveloperProvider(): void {
    // The developer provider name of a pool this stack does not own was set elsewhere:
    // DeveloperProvider only grants on it.
  }

  /** @internal */
  protected _writePrincipalTagMap(entry: TagMapEntry): void {
    // CloudFormation has no safe way to touch a pool it does not own: the custom resource
    // reads each provider's map first and refuses to overwrite one set elsewhere.
    this.principalTagsSetting ??= new PrincipalTagsSetting(this, 'PrincipalTags', {
      identityPoolId: this.identityPoolId,
      identityPoolArn: this.identityPoolArn,
    });
    this.principalTagsSetting.add(entry);
  }
}

/**
 * The construct id of a principal-tag map: from the construct the provider was made from
 * (stable across synths even when its name is a token), else from its literal name.
 */
function principalTagConstructId(entry: TagMapEntry): string {
  const source = entry.provider._details.source;
  const suffix = source ? Names.uniqueId(source) : entry.principalTagName.replace(/[^A-Za-z0-9]/g, '');
  return `PrincipalTags${suffix}`;
}
