import { randomBytes, randomUUID } from 'crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import type {
  CreateIdentityPoolInput,
  DeleteIdentityPoolInput,
  DescribeIdentityPoolInput,
  GetCredentialsForIdentityInput,
  GetIdentityPoolRolesInput,
  GetIdentityPoolRolesResponse,
  GetIdInput,
  GetOpenIdTokenForDeveloperIdentityInput,
  GetPrincipalTagAttributeMapInput,
  GetPrincipalTagAttributeMapResponse,
  IdentityPool,
  ListIdentityPoolsInput,
  ListIdentityPoolsResponse,
  ListTagsForResourceInput,
  ListTagsForResourceResponse,
  RoleMapping,
  SetIdentityPoolRolesInput,
  SetPrincipalTagAttributeMapInput,
  SetPrincipalTagAttributeMapResponse,
  TagResourceInput,
  UntagResourceInput,
} from '@aws-sdk/client-cognito-identity';
import { inspectRequest, InspectedRequest, loadServiceModel, ModelError, validateRequest } from './service-model';
import { Claims, decodeTestToken, testToken } from './tokens';

/**
 * An in-process Cognito Identity service speaking AWS JSON 1.1, so the real SDK v3 client
 * can be pointed at it. Every request is validated against the botocore service model;
 * state follows /work/shared/docs/service-contract.md (how the real service behaves), not the
 * library's own assumptions. It also stands in for the parts of IAM and STS the client
 * flow touches: role trust policies (`putRole`), IAM OIDC providers (`putOidcProvider`) and
 * the sessions GetCredentialsForIdentity issues (`session`).
 *
 * Regions (contract §3): signed requests are served in the region of their SigV4 credential
 * scope. Unsigned ones (GetId, GetCredentialsForIdentity) carry none; the real service takes
 * the region from its regional host name, the emulator from the endpoint path
 * (`endpointFor(region)`), else the default region.
 */

export interface CognitoEmulatorOptions {
  /** Default region: for requests that name none, and for `seedPool`. @default 'us-east-1' */
  readonly region?: string;
  /** Account used in pool ARNs. @default '123456789012' */
  readonly accountId?: string;
}

export interface RecordedCall {
  readonly operation: string;
  readonly input: unknown;
  /** Exception returned for this call, whatever its cause. */
  error?: string;
  /** Exception injected with `injectFault` for this call. */
  fault?: string;
}

export interface PrincipalTagMapping {
  readonly UseDefaults: boolean;
  readonly PrincipalTags: Record<string, string>;
}

export interface PoolRoles {
  readonly Roles: Record<string, string>;
  readonly RoleMappings?: Record<string, RoleMapping>;
}

/** An IAM role as far as the client flow cares. */
export interface IamRole {
  readonly arn: string;
  readonly assumeRolePolicyDocument: PolicyDocument;
}

/** An IAM OIDC provider: its ARN and the client ids (audiences) it accepts; none = any. */
export interface OidcProvider {
  readonly arn: string;
  readonly clientIds: string[];
}

/** A session STS issued through GetCredentialsForIdentity. */
export interface IssuedSession {
  readonly roleArn: string;
  readonly sessionTags: Record<string, string>;
  readonly identityId: string;
  /** The login the role and tags came from; undefined for guests. */
  readonly loginKey?: string;
}

export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: PolicyStatement | PolicyStatement[];
}

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly Principal?: '*' | Record<string, string | string[]>;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** Documented limits that the service model does not express. */
const MAX_TAGS_PER_POOL = 50;
const MAX_RULES_PER_PROVIDER = 25;

/** The social providers and their `Logins` keys (contract §1). */
const SOCIAL_PROVIDERS = ['accounts.google.com', 'graph.facebook.com', 'www.amazon.com', 'appleid.apple.com', 'api.twitter.com'];
/** `Logins` key of the OpenID token the service itself issues (developer authenticated identities). */
const COGNITO_TOKEN_KEY = 'cognito-identity.amazonaws.com';
const COGNITO_PRINCIPAL = 'cognito-identity.amazonaws.com';
const AUD_KEY = 'cognito-identity.amazonaws.com:aud';
const AMR_KEY = 'cognito-identity.amazonaws.com:amr';
/** Claim in the service's OpenID token carrying the session tags of a developer identity. */
const TAGS_CLAIM = 'https://aws.amazon.com/tags';
const SAML_NAME = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name';
const SAML_NAME_ID = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier';
const USER_POOL_KEY = /^cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/([\w-]+_[0-9a-zA-Z]+)$/;
const SESSION_SECONDS = 3600;

const BAD_ROLE_CONFIG = 'Invalid identity pool configuration. Check assigned IAM roles for this pool.';
const LOGINS_MISMATCH = 'Logins don\'t match. Please include at least one valid login for this identity or identity pool.';

interface RequestContext {
  readonly region: string;
}

/** Handlers receive inputs already validated against the model, so the SDK input types hold. */
type Handler = (input: any, context: RequestContext) => object;

interface PendingFault {
  readonly operation: string;
  readonly errorName: string;
  remaining: number;
}

type ProviderKind = 'userPool' | 'social' | 'oidc' | 'saml' | 'developer';

/** A login whose token checked out against the pool's configuration. */
interface VerifiedLogin {
  readonly kind: ProviderKind;
  /** The `Logins` key (for developer identities: the developer provider name). */
  readonly key: string;
  readonly claims: Claims;
  /** The user within the provider: what makes GetId stable. */
  readonly subject: string;
  /** The name the pool's role mapping for this provider is keyed by (contract §1). */
  readonly mappingKey: string;
  /** Principal-tag provider name (contract §1); undefined where maps do not apply. */
  readonly principalTagName?: string;
}

interface IdentityRecord {
  readonly identityId: string;
  readonly poolId: string;
  /** Linked logins as `<key>\n<subject>`. */
  readonly logins: Set<string>;
  /** Session tags from the last GetOpenIdTokenForDeveloperIdentity call. */
  developerTags?: Record<string, string>;
}

class ServiceError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

export class CognitoEmulator {
  readonly calls: RecordedCall[] = [];
  /** Requests that broke the service model; tests should assert this stays empty. */
  readonly modelErrors: ModelError[] = [];
  /** Stored pools by id, exactly as DescribeIdentityPool returns them. */
  readonly pools = new Map<string, IdentityPool>();
  private readonly region: string;
  private readonly accountId: string;
  private readonly server: Server;
  private readonly poolRoles = new Map<string, PoolRoles>();
  /** Principal tag mappings by pool id, then identity provider name. */
  private readonly tagMappings = new Map<string, Map<string, PrincipalTagMapping>>();
  private readonly iamRoles = new Map<string, IamRole>();
  private readonly oidcProviders = new Map<string, OidcProvider>();
  private readonly identities = new Map<string, IdentityRecord>();
  /** Identity id by `<poolId>\n<login key>\n<subject>`. */
  private readonly linkedLogins = new Map<string, string>();
  private readonly sessions = new Map<string, IssuedSession>();
  private readonly faults: PendingFault[] = [];
  private readonly handlers: Record<string, Handler> = {
    CreateIdentityPool: (input: CreateIdentityPoolInput, ctx) => this.createPool(input, ctx.region),
    DescribeIdentityPool: (input: DescribeIdentityPoolInput, ctx) => this.poolOrThrow(input.IdentityPoolId, ctx),
    ListIdentityPools: (input: ListIdentityPoolsInput, ctx) => this.listPools(input, ctx),
    UpdateIdentityPool: (input: IdentityPool, ctx) => this.updatePool(input, ctx),
    DeleteIdentityPool: (input: DeleteIdentityPoolInput, ctx) => this.deletePool(input, ctx),
    SetIdentityPoolRoles: (input: SetIdentityPoolRolesInput, ctx) => this.setRoles(input, ctx),
    GetIdentityPoolRoles: (input: GetIdentityPoolRolesInput, ctx) => this.getRoles(input, ctx),
    SetPrincipalTagAttributeMap: (input: SetPrincipalTagAttributeMapInput, ctx) => this.setPrincipalTags(input, ctx),
    GetPrincipalTagAttributeMap: (input: GetPrincipalTagAttributeMapInput, ctx) => this.getPrincipalTags(input, ctx),
    TagResource: (input: TagResourceInput, ctx) => this.tagResource(input, ctx),
    UntagResource: (input: UntagResourceInput, ctx) => this.untagResource(input, ctx),
    ListTagsForResource: (input: ListTagsForResourceInput, ctx) => this.listTags(input, ctx),
    GetId: (input: GetIdInput, ctx) => this.getId(input, ctx),
    GetCredentialsForIdentity: (input: GetCredentialsForIdentityInput, ctx) => this.getCredentials(input, ctx),
    GetOpenIdTokenForDeveloperIdentity: (input: GetOpenIdTokenForDeveloperIdentityInput, ctx) => this.developerToken(input, ctx),
  };

  constructor(options: CognitoEmulatorOptions = {}) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** Base URL to pass as the SDK client's `endpoint`. */
  get endpoint(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /**
   * The endpoint of one region, for unsigned operations (GetId, GetCredentialsForIdentity),
   * which the real service scopes by host name. Signed requests still use their SigV4 region.
   */
  endpointFor(region: string): string {
    return `${this.endpoint}/${region}`;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', resolve);
    });
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // SDK clients keep connections alive; drop them so close() can finish.
    this.server.closeAllConnections();
    await closed;
  }

  /** Makes the next `times` calls of `operation` fail with `errorName` without applying them. */
  injectFault(operation: string, errorName: string, times: number = 1): void {
    if (!this.handlers[operation]) {
      throw new Error(`emulator does not implement ${operation}`);
    }
    if (!loadServiceModel().shapes[errorName]?.exception) {
      throw new Error(`${errorName} is not an exception of the Cognito Identity model`);
    }
    this.faults.push({ operation, errorName, remaining: times });
  }

  callsOf(operation: string): RecordedCall[] {
    return this.calls.filter((call) => call.operation === operation);
  }

  resetCalls(): void {
    this.calls.length = 0;
  }

  /** Creates a pool directly, without logging a call; throws if the input breaks the model. */
  seedPool(input: CreateIdentityPoolInput, region: string = this.region): IdentityPool {
    const errors = validateRequest('CreateIdentityPool', input);
    if (errors.length > 0) {
      throw new Error(`invalid seed pool: ${errors.join('; ')}`);
    }
    return this.createPool(input, region);
  }

  /** The principal tag mapping stored for a provider, or undefined when never set. */
  principalTags(poolId: string, provider: string): PrincipalTagMapping | undefined {
    return this.tagMappings.get(poolId)?.get(provider);
  }

  /** The roles stored by SetIdentityPoolRoles, or undefined when never set. */
  roles(poolId: string): PoolRoles | undefined {
    return this.poolRoles.get(poolId);
  }

  /** The pool's ARN, in the pool's own region. */
  poolArn(poolId: string): string {
    return `arn:aws:cognito-identity:${regionOfId(poolId)}:${this.accountId}:identitypool/${poolId}`;
  }

  /** Registers (or replaces) an IAM role; a JSON string policy is parsed. */
  putRole(arn: string, assumeRolePolicyDocument: PolicyDocument | string): void {
    const document = typeof assumeRolePolicyDocument === 'string' ? JSON.parse(assumeRolePolicyDocument) as PolicyDocument : assumeRolePolicyDocument;
    this.iamRoles.set(arn, { arn, assumeRolePolicyDocument: jsonClone(document) });
  }

  role(arn: string): IamRole | undefined {
    return this.iamRoles.get(arn);
  }

  /** Registers an IAM OIDC provider; with client ids, tokens must carry one of them as `aud`. */
  putOidcProvider(arn: string, clientIds: string[] = []): void {
    this.oidcProviders.set(arn, { arn, clientIds: [...clientIds] });
  }

  oidcProvider(arn: string): OidcProvider | undefined {
    return this.oidcProviders.get(arn);
  }

  /** The session behind credentials GetCredentialsForIdentity issued. */
  session(accessKeyId: string): IssuedSession | undefined {
    return this.sessions.get(accessKeyId);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const context: RequestContext = { region: requestRegion(req) ?? this.region };
    const request = await inspectRequest(req);
    const call: RecordedCall = { operation: request.operation, input: request.input };
    this.calls.push(call);
    try {
      sendJson(res, 200, this.dispatch(request, call, context));
    } catch (e) {
      const error = e instanceof ServiceError ? e : new ServiceError('InternalErrorException', String(e));
      call.error = error.type;
      sendError(res, error);
    }
  }

  private dispatch(request: InspectedRequest, call: RecordedCall, context: RequestContext): object {
    const { operation, input, errors } = request;
    if (errors.length > 0) {
      this.modelErrors.push({ operation, input, errors });
    }
    const handler = this.handlers[operation];
    if (!handler) {
      throw new ServiceError('UnknownOperationException', `emulator does not implement ${operation || 'this target'}`);
    }
    if (errors.length > 0) {
      throw new ServiceError('InvalidParameterException', errors.join('; '));
    }
    const fault = this.takeFault(operation);
    if (fault) {
      call.fault = fault;
      throw new ServiceError(fault, `injected ${fault}`);
    }
    return handler(input, context);
  }

  private takeFault(operation: string): string | undefined {
    const pending = this.faults.find((fault) => fault.operation === operation && fault.remaining > 0);
    if (!pending) {
      return undefined;
    }
    pending.remaining--;
    return pending.errorName;
  }

  // ---------------------------------------------------------------- control plane

  private createPool(input: CreateIdentityPoolInput, region: string): IdentityPool {
    checkTagCount(input.IdentityPoolTags);
    const pool = buildPool(`${region}:${randomUUID()}`, input);
    this.pools.set(pool.IdentityPoolId!, pool);
    return pool;
  }

  /**
   * Full replace (contract §3), except DeveloperProviderName: left out, it is kept; set on
   * a pool without one, it is added; once set it cannot change.
   */
  private updatePool(input: IdentityPool, ctx: RequestContext): IdentityPool {
    const current = this.poolOrThrow(input.IdentityPoolId, ctx);
    const developerProviderName = input.DeveloperProviderName ?? current.DeveloperProviderName;
    if (current.DeveloperProviderName && developerProviderName !== current.DeveloperProviderName) {
      throw new ServiceError('InvalidParameterException', 'DeveloperProviderName cannot be changed once set');
    }
    checkTagCount(input.IdentityPoolTags);
    const pool = buildPool(current.IdentityPoolId!, { ...input, DeveloperProviderName: developerProviderName });
    this.pools.set(pool.IdentityPoolId!, pool);
    return pool;
  }

  private deletePool(input: DeleteIdentityPoolInput, ctx: RequestContext): object {
    const poolId = this.poolOrThrow(input.IdentityPoolId, ctx).IdentityPoolId!;
    this.pools.delete(poolId);
    this.poolRoles.delete(poolId);
    this.tagMappings.delete(poolId);
    return {};
  }

  /** Pages through the request region's pools in creation order; the NextToken is the offset of the next page. */
  private listPools(input: ListIdentityPoolsInput, ctx: RequestContext): ListIdentityPoolsResponse {
    const pools = [...this.pools.values()].filter((pool) => regionOfId(pool.IdentityPoolId!) === ctx.region);
    const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
    if (!Number.isInteger(start) || start < 0 || start > pools.length) {
      throw new ServiceError('InvalidParameterException', `invalid NextToken ${input.NextToken}`);
    }
    const end = start + input.MaxResults!;
    return {
      IdentityPools: pools.slice(start, end).map((pool) => ({ IdentityPoolId: pool.IdentityPoolId, IdentityPoolName: pool.IdentityPoolName })),
      NextToken: end < pools.length ? String(end) : undefined,
    };
  }

  /** Replaces both role maps: RoleMappings not sent are cleared. */
  private setRoles(input: SetIdentityPoolRolesInput, ctx: RequestContext): object {
    const pool = this.poolOrThrow(input.IdentityPoolId, ctx);
    const configured = roleMappingKeys(pool);
    Object.entries(input.RoleMappings ?? {}).forEach(([provider, mapping]) => {
      if (!configured.has(provider)) {
        throw new ServiceError('InvalidParameterException', `${provider} is not a valid RoleMapping ProviderName or is not a configured provider.`);
      }
      checkRoleMapping(provider, mapping);
    });
    this.poolRoles.set(input.IdentityPoolId!, jsonClone({ Roles: input.Roles!, RoleMappings: input.RoleMappings }));
    return {};
  }

  private getRoles(input: GetIdentityPoolRolesInput, ctx: RequestContext): GetIdentityPoolRolesResponse {
    this.poolOrThrow(input.IdentityPoolId, ctx);
    return { IdentityPoolId: input.IdentityPoolId, ...this.poolRoles.get(input.IdentityPoolId!) };
  }

  /**
   * Stored under whatever provider name is sent: the real service does not check the name
   * against the pool's providers, so a map under a wrong name is silently inert (contract §2).
   */
  private setPrincipalTags(input: SetPrincipalTagAttributeMapInput, ctx: RequestContext): SetPrincipalTagAttributeMapResponse {
    this.poolOrThrow(input.IdentityPoolId, ctx);
    const mapping: PrincipalTagMapping = { UseDefaults: input.UseDefaults ?? false, PrincipalTags: { ...input.PrincipalTags } };
    const byProvider = this.tagMappings.get(input.IdentityPoolId!) ?? new Map<string, PrincipalTagMapping>();
    byProvider.set(input.IdentityProviderName!, mapping);
    this.tagMappings.set(input.IdentityPoolId!, byProvider);
    return { IdentityPoolId: input.IdentityPoolId, IdentityProviderName: input.IdentityProviderName, ...mapping };
  }

  /** A provider without a map answers ResourceNotFoundException (contract §2). */
  private getPrincipalTags(input: GetPrincipalTagAttributeMapInput, ctx: RequestContext): GetPrincipalTagAttributeMapResponse {
    this.poolOrThrow(input.IdentityPoolId, ctx);
    const mapping = this.principalTags(input.IdentityPoolId!, input.IdentityProviderName!);
    if (!mapping) {
      throw new ServiceError('ResourceNotFoundException',
        `No principal tag attribute map for provider '${input.IdentityProviderName}' in identity pool '${input.IdentityPoolId}'.`);
    }
    return { IdentityPoolId: input.IdentityPoolId, IdentityProviderName: input.IdentityProviderName, ...mapping };
  }

  private tagResource(input: TagResourceInput, ctx: RequestContext): object {
    const pool = this.poolForArn(input.ResourceArn!, ctx);
    const tags = { ...pool.IdentityPoolTags, ...input.Tags };
    checkTagCount(tags);
    pool.IdentityPoolTags = tags;
    return {};
  }

  private untagResource(input: UntagResourceInput, ctx: RequestContext): object {
    const pool = this.poolForArn(input.ResourceArn!, ctx);
    const tags = { ...pool.IdentityPoolTags };
    input.TagKeys!.forEach((key) => delete tags[key]);
    pool.IdentityPoolTags = tags;
    return {};
  }

  private listTags(input: ListTagsForResourceInput, ctx: RequestContext): ListTagsForResourceResponse {
    return { Tags: { ...this.poolForArn(input.ResourceArn!, ctx).IdentityPoolTags } };
  }

  /** A pool is found only in its own region (contract §3). */
  private poolOrThrow(poolId: string | undefined, ctx: RequestContext): IdentityPool {
    const pool = this.pools.get(poolId ?? '');
    if (!pool || regionOfId(poolId!) !== ctx.region) {
      throw new ServiceError('ResourceNotFoundException', `IdentityPool '${poolId}' not found.`);
    }
    return pool;
  }

  private poolForArn(arn: string, ctx: RequestContext): IdentityPool {
    const poolId = arn.slice(arn.lastIndexOf('/') + 1);
    if (arn !== this.poolArn(poolId) || regionOfId(poolId) !== ctx.region) {
      throw new ServiceError('ResourceNotFoundException', `Resource '${arn}' not found.`);
    }
    return this.poolOrThrow(poolId, ctx);
  }

  // ---------------------------------------------------------------- client flows

  /** Stable identity per (pool, login key, subject); a new guest identity per call without logins. */
  private getId(input: GetIdInput, ctx: RequestContext): object {
    const pool = this.poolOrThrow(input.IdentityPoolId, ctx);
    if (input.AccountId !== undefined && input.AccountId !== this.accountId) {
      throw new ServiceError('NotAuthorizedException', `Account ${input.AccountId} does not own identity pool ${pool.IdentityPoolId}.`);
    }
    const logins = Object.entries(input.Logins ?? {}).map(([key, token]) => this.verifyLogin(pool, key, token));
    if (logins.length === 0) {
      if (!pool.AllowUnauthenticatedIdentities) {
        throw new ServiceError('NotAuthorizedException', 'Unauthenticated access is not supported for this identity pool.');
      }
      return { IdentityId: this.newIdentity(pool).identityId };
    }
    const linked = new Set(logins.map((login) => this.linkedLogins.get(loginIndex(pool, login))).filter(isDefined));
    if (linked.size > 1) {
      throw new ServiceError('ResourceConflictException', 'The logins belong to different identities.');
    }
    const identity = linked.size === 1 ? this.identities.get([...linked][0])! : this.newIdentity(pool);
    logins.forEach((login) => this.link(identity, login));
    return { IdentityId: identity.identityId };
  }

  /** Minimal developer-authenticated identities: the only way to give them session tags (contract §1). */
  private developerToken(input: GetOpenIdTokenForDeveloperIdentityInput, ctx: RequestContext): object {
    const pool = this.poolOrThrow(input.IdentityPoolId, ctx);
    const entries = Object.entries(input.Logins!);
    const developer = pool.DeveloperProviderName;
    const own = entries.find(([key]) => key === developer);
    if (!developer || !own || entries.length !== 1) {
      throw new ServiceError('NotAuthorizedException',
        `Logins must hold exactly the developer provider name of identity pool ${pool.IdentityPoolId} (${developer ?? 'none set'}).`);
    }
    const login: VerifiedLogin = { kind: 'developer', key: developer, claims: {}, subject: own[1], mappingKey: developer };
    const existing = this.linkedLogins.get(loginIndex(pool, login));
    let identity: IdentityRecord;
    if (input.IdentityId !== undefined) {
      identity = this.identityOrThrow(input.IdentityId, ctx);
      if (identity.poolId !== pool.IdentityPoolId) {
        throw new ServiceError('ResourceNotFoundException', `Identity '${input.IdentityId}' not found.`);
      }
      if (existing && existing !== identity.identityId) {
        throw new ServiceError('DeveloperUserAlreadyRegisteredException', `${own[1]} is already linked to another identity.`);
      }
    } else {
      identity = existing ? this.identities.get(existing)! : this.newIdentity(pool);
    }
    this.link(identity, login);
    identity.developerTags = { ...input.PrincipalTags };
    const now = Math.floor(Date.now() / 1000);
    const tags = Object.fromEntries(Object.entries(identity.developerTags).map(([key, value]) => [key, [value]]));
    const Token = testToken({
      iss: `https://${COGNITO_TOKEN_KEY}`,
      aud: pool.IdentityPoolId,
      sub: identity.identityId,
      amr: ['authenticated', developer, `${developer}:${pool.IdentityPoolId}:${own[1]}`],
      iat: now,
      exp: now + (input.TokenDuration ?? 600),
      [TAGS_CLAIM]: { principal_tags: tags },
    });
    return { IdentityId: identity.identityId, Token };
  }

  /** The enhanced (simplified) flow: role choice, principal tags, the role's trust policy, then STS. */
  private getCredentials(input: GetCredentialsForIdentityInput, ctx: RequestContext): object {
    const identity = this.identityOrThrow(input.IdentityId, ctx);
    const pool = this.poolOrThrow(identity.poolId, ctx);
    const poolId = pool.IdentityPoolId!;
    const logins = Object.entries(input.Logins ?? {}).map(([key, token]) => this.verifyLogin(pool, key, token, identity));

    if (logins.length === 0) {
      if (identity.logins.size > 0) {
        throw new ServiceError('NotAuthorizedException', LOGINS_MISMATCH);
      }
      if (!pool.AllowUnauthenticatedIdentities) {
        throw new ServiceError('NotAuthorizedException', 'Unauthenticated access is not supported for this identity pool.');
      }
      const roleArn = this.poolRoles.get(poolId)?.Roles.unauthenticated;
      if (!roleArn) {
        throw new ServiceError('InvalidIdentityPoolConfigurationException', `${BAD_ROLE_CONFIG} (no unauthenticated role)`);
      }
      return this.issue(identity, roleArn, {}, ['unauthenticated'], undefined);
    }

    const known = logins.filter((login) => login.kind === 'developer' || identity.logins.has(`${login.key}\n${login.subject}`));
    if (identity.logins.size > 0 && known.length === 0) {
      throw new ServiceError('NotAuthorizedException', LOGINS_MISMATCH);
    }
    for (const login of logins) {
      const owner = this.linkedLogins.get(loginIndex(pool, login));
      if (login.kind !== 'developer' && owner !== undefined && owner !== identity.identityId) {
        throw new ServiceError('NotAuthorizedException', LOGINS_MISMATCH);
      }
    }
    logins.filter((login) => login.kind !== 'developer').forEach((login) => this.link(identity, login));

    // With several logins the emulator resolves the role and tags from the first one.
    const login = logins[0];
    const roleArn = this.resolveRole(pool, login, input.CustomRoleArn);
    const tags = this.sessionTags(poolId, login);
    const amr = ['authenticated', login.key, `${login.key}:${login.subject}`];
    return this.issue(identity, roleArn, tags, amr, login.key);
  }

  /**
   * Checks a `Logins` entry against the pool's configuration (contract §1) and the token's
   * `iss`/`aud`. A developer identity's OpenID token (key `cognito-identity.amazonaws.com`)
   * is accepted only by GetCredentialsForIdentity, for the identity it was issued to.
   */
  private verifyLogin(pool: IdentityPool, key: string, token: string, identity?: IdentityRecord): VerifiedLogin {
    const refuse = (message: string) => new ServiceError('NotAuthorizedException', `Invalid login token. ${message} (login ${key})`);
    let claims: Claims;
    try {
      claims = decodeTestToken(token).claims;
    } catch (e) {
      throw refuse(`Not a valid OpenId Connect identity token: ${(e as Error).message}.`);
    }
    if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) {
      throw refuse('Token expired.');
    }
    const auds = stringValues(claims.aud);
    const checkIssuer = () => {
      if (claims.iss !== `https://${key}`) {
        throw refuse(`Issuer doesn't match providerName: ${String(claims.iss)}.`);
      }
    };
    const subject = (name: string = 'sub') => {
      const value = claims[name];
      if (typeof value !== 'string' || value === '') {
        throw refuse(`Missing a required claim: ${name}.`);
      }
      return value;
    };
    const notConfigured = () => new ServiceError('NotAuthorizedException',
      `Token is not from a supported provider of this identity pool: ${key} is not configured on ${pool.IdentityPoolId}.`);

    if (key === COGNITO_TOKEN_KEY && identity) {
      checkIssuer();
      if (!pool.DeveloperProviderName || !auds.includes(pool.IdentityPoolId!) || claims.sub !== identity.identityId) {
        throw refuse('The token was not issued for this identity.');
      }
      return { kind: 'developer', key: pool.DeveloperProviderName, claims, subject: subject(), mappingKey: pool.DeveloperProviderName };
    }
    if (USER_POOL_KEY.test(key)) {
      const entries = (pool.CognitoIdentityProviders ?? []).filter((provider) => provider.ProviderName === key);
      if (entries.length === 0) {
        throw notConfigured();
      }
      checkIssuer();
      const client = auds.find((aud) => entries.some((entry) => entry.ClientId === aud));
      if (!client) {
        throw refuse(`Incorrect token audience: ${auds.join(',')}.`);
      }
      return { kind: 'userPool', key, claims, subject: subject(), mappingKey: `${key}:${client}`, principalTagName: key };
    }
    if (SOCIAL_PROVIDERS.includes(key)) {
      const appId = pool.SupportedLoginProviders?.[key];
      if (appId === undefined) {
        throw notConfigured();
      }
      // Twitter is configured as `consumerKey;consumerSecret`.
      const accepted = key === 'api.twitter.com' ? [appId, appId.split(';')[0]] : [appId];
      if (!auds.some((aud) => accepted.includes(aud))) {
        throw refuse(`Incorrect token audience: ${auds.join(',')}.`);
      }
      return { kind: 'social', key, claims, subject: subject(key === 'www.amazon.com' ? 'user_id' : 'sub'), mappingKey: key, principalTagName: key };
    }
    if (/^arn:aws[\w-]*:iam::\d{12}:saml-provider\//.test(key)) {
      if (!(pool.SamlProviderARNs ?? []).includes(key)) {
        throw notConfigured();
      }
      // The claims stand in for the SAML assertion's attributes.
      return { kind: 'saml', key, claims, subject: subject(SAML_NAME_ID), mappingKey: key, principalTagName: key };
    }
    const arn = (pool.OpenIdConnectProviderARNs ?? []).find((candidate) => oidcIssuer(candidate) === key);
    if (!arn) {
      throw notConfigured();
    }
    checkIssuer();
    const clientIds = this.oidcProviders.get(arn)?.clientIds ?? [];
    if (clientIds.length > 0 && !auds.some((aud) => clientIds.includes(aud))) {
      throw refuse(`Incorrect token audience: ${auds.join(',')}; the OIDC provider ${arn} accepts ${clientIds.join(', ')}.`);
    }
    // Logged in by issuer; its role mapping and principal-tag map are found by the provider ARN (contract §1).
    return { kind: 'oidc', key, claims, subject: subject(), mappingKey: arn, principalTagName: arn };
  }

  /** Role choice (contract §4). */
  private resolveRole(pool: IdentityPool, login: VerifiedLogin, customRoleArn: string | undefined): string {
    const roles = this.poolRoles.get(pool.IdentityPoolId!);
    const defaultRole = () => {
      if (!roles?.Roles.authenticated) {
        throw new ServiceError('InvalidIdentityPoolConfigurationException', `${BAD_ROLE_CONFIG} (no authenticated role)`);
      }
      return roles.Roles.authenticated;
    };
    const mappingKey = login.mappingKey;
    const mapping = roles?.RoleMappings?.[mappingKey];
    if (!mapping) {
      return defaultRole();
    }
    const chosen = mapping.Type === 'Token'
      ? roleFromToken(login.claims, customRoleArn)
      : roleFromRules(mapping.RulesConfiguration?.Rules ?? [], login.claims);
    if (chosen) {
      return chosen;
    }
    if (mapping.AmbiguousRoleResolution === 'AuthenticatedRole') {
      return defaultRole();
    }
    throw new ServiceError('NotAuthorizedException', `Ambiguous role mapping rules for: ${mappingKey} were found; the mapping denies.`);
  }

  /** Principal tags become session tags (contract §2). */
  private sessionTags(poolId: string, login: VerifiedLogin): Record<string, string> {
    if (login.kind === 'developer') {
      const perCall = (login.claims[TAGS_CLAIM] as { principal_tags?: Record<string, string[]> } | undefined)?.principal_tags ?? {};
      return Object.fromEntries(Object.entries(perCall).map(([key, values]) => [key, values.join(',')]));
    }
    const mapping = login.principalTagName === undefined ? undefined : this.principalTags(poolId, login.principalTagName);
    if (!mapping) {
      return {};
    }
    // UseDefaults maps the provider's defaults; any custom entries are applied on top.
    const attributes = { ...(mapping.UseDefaults ? defaultTagMap(login) : {}), ...mapping.PrincipalTags };
    const tags: Record<string, string> = {};
    for (const [tag, claim] of Object.entries(attributes)) {
      const value = claimValue(login.claims[claim]);
      // A claim missing from the token yields no tag; multi-valued claims are joined with ','
      // (how the service renders arrays is not documented; this is the emulator's choice).
      if (value !== undefined) {
        tags[tag] = value;
      }
    }
    return tags;
  }

  /** STS AssumeRoleWithWebIdentity (+ TagSession) on the chosen role, as Cognito runs it. */
  private issue(identity: IdentityRecord, roleArn: string, tags: Record<string, string>, amr: string[], loginKey: string | undefined): object {
    const role = this.iamRoles.get(roleArn);
    if (!role) {
      throw new ServiceError('InvalidIdentityPoolConfigurationException', `${BAD_ROLE_CONFIG} (role ${roleArn} does not exist)`);
    }
    const context = { [AUD_KEY]: [identity.poolId], [AMR_KEY]: amr };
    if (!trustAllows(role.assumeRolePolicyDocument, 'sts:AssumeRoleWithWebIdentity', context)) {
      throw new ServiceError('InvalidIdentityPoolConfigurationException',
        `${BAD_ROLE_CONFIG} (role ${roleArn} does not trust ${COGNITO_PRINCIPAL} with aud ${identity.poolId} and amr ${amr[0]})`);
    }
    if (Object.keys(tags).length > 0 && !trustAllows(role.assumeRolePolicyDocument, 'sts:TagSession', context)) {
      throw new ServiceError('InvalidIdentityPoolConfigurationException',
        `${BAD_ROLE_CONFIG} (role ${roleArn} does not allow sts:TagSession, needed for the session tags ${Object.keys(tags).join(', ')})`);
    }
    const accessKeyId = `ASIA${randomToken(16)}`;
    this.sessions.set(accessKeyId, { roleArn, sessionTags: tags, identityId: identity.identityId, loginKey });
    return {
      IdentityId: identity.identityId,
      Credentials: {
        AccessKeyId: accessKeyId,
        SecretKey: randomBytes(30).toString('base64'),
        SessionToken: randomBytes(120).toString('base64'),
        // AWS JSON sends timestamps as epoch seconds.
        Expiration: Math.floor(Date.now() / 1000) + SESSION_SECONDS,
      },
    };
  }

  private newIdentity(pool: IdentityPool): IdentityRecord {
    const identity: IdentityRecord = { identityId: `${regionOfId(pool.IdentityPoolId!)}:${randomUUID()}`, poolId: pool.IdentityPoolId!, logins: new Set() };
    this.identities.set(identity.identityId, identity);
    return identity;
  }

  private link(identity: IdentityRecord, login: VerifiedLogin): void {
    identity.logins.add(`${login.key}\n${login.subject}`);
    this.linkedLogins.set(loginIndex(this.pools.get(identity.poolId)!, login), identity.identityId);
  }

  /** An identity is found only in its own region. */
  private identityOrThrow(identityId: string | undefined, ctx: RequestContext): IdentityRecord {
    const identity = this.identities.get(identityId ?? '');
    if (!identity || regionOfId(identityId!) !== ctx.region) {
      throw new ServiceError('ResourceNotFoundException', `Identity '${identityId}' not found.`);
    }
    return identity;
  }
}

export async function startCognitoEmulator(options: CognitoEmulatorOptions = {}): Promise<CognitoEmulator> {
  const emulator = new CognitoEmulator(options);
  await emulator.listen();
  return emulator;
}

/** The region of a SigV4-signed request's credential scope, else of a `/<region>` endpoint path. */
function requestRegion(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  const scope = typeof auth === 'string' ? /Credential=[^/,\s]+\/\d{8}\/([^/]+)\/cognito-identity\/aws4_request/.exec(auth) : null;
  if (scope) {
    return scope[1];
  }
  return /^\/([a-z]{2}(?:-[a-z]+)+-\d+)(?:[/?]|$)/.exec(req.url ?? '')?.[1];
}

/** Pool and identity ids are `<region>:<uuid>`. */
function regionOfId(id: string): string {
  return id.slice(0, id.indexOf(':'));
}

/** The issuer (host and path) of an IAM OIDC provider ARN. */
function oidcIssuer(arn: string): string | undefined {
  const marker = ':oidc-provider/';
  const at = arn.indexOf(marker);
  return at < 0 ? undefined : arn.slice(at + marker.length);
}

/**
 * The role-mapping keys SetIdentityPoolRoles accepts for a pool (contract §1): the names of its
 * configured providers, each as the service keys its mapping. Anything else is refused with
 * "... is not a valid RoleMapping ProviderName or is not a configured provider".
 */
function roleMappingKeys(pool: IdentityPool): Set<string> {
  const keys = new Set<string>();
  (pool.CognitoIdentityProviders ?? []).forEach((provider) => keys.add(`${provider.ProviderName}:${provider.ClientId}`));
  Object.keys(pool.SupportedLoginProviders ?? {}).forEach((domain) => keys.add(domain));
  // An OIDC provider by its ARN, as the pool lists it (developer guide, "Role-based access
  // control": its set-identity-pool-roles example); its issuer is a Logins key, not a mapping key.
  (pool.OpenIdConnectProviderARNs ?? []).forEach((arn) => keys.add(arn));
  (pool.SamlProviderARNs ?? []).forEach((arn) => keys.add(arn));
  if (pool.DeveloperProviderName) {
    // Unsettled (contract §1): no evidence either way that a developer provider can key a mapping; accepted.
    keys.add(pool.DeveloperProviderName);
  }
  return keys;
}

function loginIndex(pool: IdentityPool, login: VerifiedLogin): string {
  return `${pool.IdentityPoolId}\n${login.key}\n${login.subject}`;
}

/**
 * `Type: Token` (contract §4, developer guide "Using tokens to assign roles to users"): the
 * `CustomRoleArn` when it is one of `cognito:roles`, refused when it is not (whatever the
 * AmbiguousRoleResolution); else `cognito:preferred_role`; else undefined, so that
 * AmbiguousRoleResolution decides, even when `cognito:roles` holds a single role.
 */
function roleFromToken(claims: Claims, customRoleArn: string | undefined): string | undefined {
  const roles = stringValues(claims['cognito:roles']);
  if (customRoleArn !== undefined) {
    if (!roles.includes(customRoleArn)) {
      throw new ServiceError('NotAuthorizedException', `CustomRoleArn ${customRoleArn} is not one of the roles of the token (cognito:roles).`);
    }
    return customRoleArn;
  }
  const preferred = claims['cognito:preferred_role'];
  if (typeof preferred === 'string' && preferred !== '') {
    return preferred;
  }
  return undefined;
}

/**
 * `Type: Rules`: in order, first match wins. How the service compares a multi-valued claim
 * (`cognito:groups`) is unsettled (contract §4): here Equals/Contains/StartsWith match when
 * any element matches, NotEqual when no element equals. A claim missing from the token
 * matches no rule.
 */
function roleFromRules(rules: { Claim?: string; MatchType?: string; Value?: string; RoleARN?: string }[], claims: Claims): string | undefined {
  for (const rule of rules) {
    const raw = claims[rule.Claim!];
    if (raw === undefined || raw === null) {
      continue;
    }
    const values = Array.isArray(raw) ? raw.map(String) : [claimValue(raw) ?? ''];
    const expected = rule.Value!;
    let matched: boolean;
    switch (rule.MatchType) {
      case 'Equals': matched = values.some((value) => value === expected); break;
      case 'Contains': matched = values.some((value) => value.includes(expected)); break;
      case 'StartsWith': matched = values.some((value) => value.startsWith(expected)); break;
      case 'NotEqual': matched = values.every((value) => value !== expected); break;
      default: matched = false;
    }
    if (matched) {
      return rule.RoleARN;
    }
  }
  return undefined;
}

/**
 * The claims `UseDefaults` maps (contract §2; Cognito developer guide, "Default provider
 * mappings" of attributes for access control).
 */
function defaultTagMap(login: VerifiedLogin): Record<string, string> {
  if (login.kind === 'saml') {
    return { username: SAML_NAME, client: SAML_NAME_ID };
  }
  if (login.key === 'www.amazon.com') {
    return { client: 'aud', username: 'user_id' };
  }
  return { client: 'aud', username: 'sub' };
}

/** A claim as a session tag value; arrays joined with ',', objects give no tag. */
function claimValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(String).join(',');
  return undefined;
}

function stringValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

/**
 * IAM trust-policy evaluation, just enough for the web-identity flow (contract §2, §5): an
 * Allow statement for the action, with Federated principal `cognito-identity.amazonaws.com`,
 * whose conditions all hold and which pins `cognito-identity.amazonaws.com:aud` (the enhanced
 * flow refuses roles that any pool could assume); no Deny statement applies. Condition
 * operators understood: StringEquals, StringLike, ForAnyValue:StringEquals,
 * ForAnyValue:StringLike; any other is treated as not satisfied.
 */
function trustAllows(document: PolicyDocument, action: string, context: Record<string, string[]>): boolean {
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  const applicable = statements.filter((statement) =>
    statement && actionMatches(statement.Action, action) && trustsCognito(statement.Principal) && conditionsHold(statement.Condition, context));
  if (applicable.some((statement) => statement.Effect === 'Deny')) {
    return false;
  }
  return applicable.some((statement) => statement.Effect === 'Allow' && pinsAudience(statement.Condition));
}

function actionMatches(actions: string | string[] | undefined, action: string): boolean {
  return toArray(actions).some((pattern) => globMatch(pattern.toLowerCase(), action.toLowerCase()));
}

function trustsCognito(principal: PolicyStatement['Principal']): boolean {
  if (principal === '*') {
    return true;
  }
  return toArray(principal?.Federated).includes(COGNITO_PRINCIPAL);
}

function conditionsHold(condition: PolicyStatement['Condition'], context: Record<string, string[]>): boolean {
  return Object.entries(condition ?? {}).every(([operator, entries]) => Object.entries(entries ?? {}).every(([key, expected]) => {
    const actual = context[key.toLowerCase()];
    const patterns = toArray(expected as unknown).map(String);
    if (!actual) {
      return false;
    }
    const single = actual.length === 1 ? actual[0] : undefined;
    switch (operator) {
      // A single-valued operator on a multi-valued key (amr) is not treated as satisfied.
      case 'StringEquals': return single !== undefined && patterns.includes(single);
      case 'StringLike': return single !== undefined && patterns.some((pattern) => globMatch(pattern, single));
      case 'ForAnyValue:StringEquals': return actual.some((value) => patterns.includes(value));
      case 'ForAnyValue:StringLike': return actual.some((value) => patterns.some((pattern) => globMatch(pattern, value)));
      default: return false;
    }
  }));
}

function pinsAudience(condition: PolicyStatement['Condition']): boolean {
  return Object.values(condition ?? {}).some((entries) => Object.keys(entries ?? {}).some((key) => key.toLowerCase() === AUD_KEY));
}

/** IAM wildcards: `*` any run of characters, `?` one character. */
function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`, 's');
  return re.test(value);
}

function toArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

function randomToken(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/**
 * Builds the stored pool from a create or update request. Fields not sent are
 * left out (AllowClassicFlow becomes false), which is what gives
 * UpdateIdentityPool the service's full-replace semantics.
 */
function buildPool(poolId: string, input: CreateIdentityPoolInput): IdentityPool {
  return jsonClone({
    IdentityPoolId: poolId,
    IdentityPoolName: input.IdentityPoolName,
    AllowUnauthenticatedIdentities: input.AllowUnauthenticatedIdentities,
    AllowClassicFlow: input.AllowClassicFlow ?? false,
    SupportedLoginProviders: input.SupportedLoginProviders,
    DeveloperProviderName: input.DeveloperProviderName,
    OpenIdConnectProviderARNs: input.OpenIdConnectProviderARNs,
    CognitoIdentityProviders: input.CognitoIdentityProviders,
    SamlProviderARNs: input.SamlProviderARNs,
    IdentityPoolTags: input.IdentityPoolTags,
  });
}

function checkTagCount(tags: Record<string, string> | undefined): void {
  const count = Object.keys(tags ?? {}).length;
  if (count > MAX_TAGS_PER_POOL) {
    throw new ServiceError('InvalidParameterException', `an identity pool can have at most ${MAX_TAGS_PER_POOL} tags, got ${count}`);
  }
}

/** Rules the model documents in prose but cannot express as constraints. */
function checkRoleMapping(provider: string, mapping: RoleMapping): void {
  const invalid = (message: string) => new ServiceError('InvalidParameterException', `RoleMappings.${provider}: ${message}`);
  if (!mapping.AmbiguousRoleResolution) {
    throw invalid(`AmbiguousRoleResolution is required for Type ${mapping.Type}`);
  }
  if (mapping.Type === 'Rules' && !mapping.RulesConfiguration) {
    throw invalid('RulesConfiguration is required for Type Rules');
  }
  const rules = mapping.RulesConfiguration?.Rules?.length ?? 0;
  if (rules > MAX_RULES_PER_PROVIDER) {
    throw invalid(`at most ${MAX_RULES_PER_PROVIDER} rules per identity provider, got ${rules}`);
  }
}

/** Deep copy that also drops undefined members, as the wire format would. */
function jsonClone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function sendJson(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, error: ServiceError): void {
  // Server-side exceptions (InternalErrorException) are 5xx, like the real service.
  const status = loadServiceModel().shapes[error.type]?.fault ? 500 : 400;
  sendJson(res, status, { __type: error.type, message: error.message }, { 'x-amzn-errortype': error.type });
}
