import { randomUUID } from 'crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import type {
  CreateIdentityPoolInput,
  DeleteIdentityPoolInput,
  DescribeIdentityPoolInput,
  GetIdentityPoolRolesInput,
  GetIdentityPoolRolesResponse,
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

/**
 * An in-process Cognito Identity control plane speaking AWS JSON 1.1, so the
 * real SDK v3 client can be pointed at it. Every request is validated against
 * the botocore service model; state follows the documented API semantics.
 */

export interface CognitoEmulatorOptions {
  /** Region used in pool ids and ARNs. @default 'us-east-1' */
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

/** Documented limits that the service model does not express. */
const MAX_TAGS_PER_POOL = 50;
const MAX_RULES_PER_PROVIDER = 25;

/** Handlers receive inputs already validated against the model, so the SDK input types hold. */
type Handler = (input: any) => object;

interface PendingFault {
  readonly operation: string;
  readonly errorName: string;
  remaining: number;
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
  private readonly faults: PendingFault[] = [];
  private readonly handlers: Record<string, Handler> = {
    CreateIdentityPool: (input: CreateIdentityPoolInput) => this.createPool(input),
    DescribeIdentityPool: (input: DescribeIdentityPoolInput) => this.poolOrThrow(input.IdentityPoolId),
    ListIdentityPools: (input: ListIdentityPoolsInput) => this.listPools(input),
    UpdateIdentityPool: (input: IdentityPool) => this.updatePool(input),
    DeleteIdentityPool: (input: DeleteIdentityPoolInput) => this.deletePool(input),
    SetIdentityPoolRoles: (input: SetIdentityPoolRolesInput) => this.setRoles(input),
    GetIdentityPoolRoles: (input: GetIdentityPoolRolesInput) => this.getRoles(input),
    SetPrincipalTagAttributeMap: (input: SetPrincipalTagAttributeMapInput) => this.setPrincipalTags(input),
    GetPrincipalTagAttributeMap: (input: GetPrincipalTagAttributeMapInput) => this.getPrincipalTags(input),
    TagResource: (input: TagResourceInput) => this.tagResource(input),
    UntagResource: (input: UntagResourceInput) => this.untagResource(input),
    ListTagsForResource: (input: ListTagsForResourceInput) => this.listTags(input),
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
  seedPool(input: CreateIdentityPoolInput): IdentityPool {
    const errors = validateRequest('CreateIdentityPool', input);
    if (errors.length > 0) {
      throw new Error(`invalid seed pool: ${errors.join('; ')}`);
    }
    return this.createPool(input);
  }

  /** The principal tag mapping stored for a provider, or undefined when never set. */
  principalTags(poolId: string, provider: string): PrincipalTagMapping | undefined {
    return this.tagMappings.get(poolId)?.get(provider);
  }

  /** The roles stored by SetIdentityPoolRoles, or undefined when never set. */
  roles(poolId: string): PoolRoles | undefined {
    return this.poolRoles.get(poolId);
  }

  poolArn(poolId: string): string {
    return `arn:aws:cognito-identity:${this.region}:${this.accountId}:identitypool/${poolId}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = await inspectRequest(req);
    const call: RecordedCall = { operation: request.operation, input: request.input };
    this.calls.push(call);
    try {
      sendJson(res, 200, this.dispatch(request, call));
    } catch (e) {
      const error = e instanceof ServiceError ? e : new ServiceError('InternalErrorException', String(e));
      call.error = error.type;
      sendError(res, error);
    }
  }

  private dispatch(request: InspectedRequest, call: RecordedCall): object {
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
    return handler(input);
  }

  private takeFault(operation: string): string | undefined {
    const pending = this.faults.find((fault) => fault.operation === operation && fault.remaining > 0);
    if (!pending) {
      return undefined;
    }
    pending.remaining--;
    return pending.errorName;
  }

  private createPool(input: CreateIdentityPoolInput): IdentityPool {
    checkTagCount(input.IdentityPoolTags);
    const pool = buildPool(`${this.region}:${randomUUID()}`, input);
    this.pools.set(pool.IdentityPoolId!, pool);
    return pool;
  }

  private updatePool(input: IdentityPool): IdentityPool {
    const current = this.poolOrThrow(input.IdentityPoolId);
    // Documented: once set, the developer provider name cannot change. Omitting it counts as a change.
    if (current.DeveloperProviderName && input.DeveloperProviderName !== current.DeveloperProviderName) {
      throw new ServiceError('InvalidParameterException', 'DeveloperProviderName cannot be changed once set');
    }
    checkTagCount(input.IdentityPoolTags);
    const pool = buildPool(current.IdentityPoolId!, input);
    this.pools.set(pool.IdentityPoolId!, pool);
    return pool;
  }

  private deletePool(input: DeleteIdentityPoolInput): object {
    this.poolOrThrow(input.IdentityPoolId);
    this.pools.delete(input.IdentityPoolId!);
    this.poolRoles.delete(input.IdentityPoolId!);
    this.tagMappings.delete(input.IdentityPoolId!);
    return {};
  }

  /** Pages in creation order; the NextToken is the offset of the next page. */
  private listPools(input: ListIdentityPoolsInput): ListIdentityPoolsResponse {
    const pools = [...this.pools.values()];
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
  private setRoles(input: SetIdentityPoolRolesInput): object {
    this.poolOrThrow(input.IdentityPoolId);
    Object.entries(input.RoleMappings ?? {}).forEach(([provider, mapping]) => checkRoleMapping(provider, mapping));
    this.poolRoles.set(input.IdentityPoolId!, jsonClone({ Roles: input.Roles!, RoleMappings: input.RoleMappings }));
    return {};
  }

  private getRoles(input: GetIdentityPoolRolesInput): GetIdentityPoolRolesResponse {
    this.poolOrThrow(input.IdentityPoolId);
    return { IdentityPoolId: input.IdentityPoolId, ...this.poolRoles.get(input.IdentityPoolId!) };
  }

  private setPrincipalTags(input: SetPrincipalTagAttributeMapInput): SetPrincipalTagAttributeMapResponse {
    this.poolOrThrow(input.IdentityPoolId);
    const mapping: PrincipalTagMapping = { UseDefaults: input.UseDefaults ?? false, PrincipalTags: { ...input.PrincipalTags } };
    const byProvider = this.tagMappings.get(input.IdentityPoolId!) ?? new Map<string, PrincipalTagMapping>();
    byProvider.set(input.IdentityProviderName!, mapping);
    this.tagMappings.set(input.IdentityPoolId!, byProvider);
    return { IdentityPoolId: input.IdentityPoolId, IdentityProviderName: input.IdentityProviderName, ...mapping };
  }

  /** A provider never configured reports UseDefaults false and omits PrincipalTags. */
  private getPrincipalTags(input: GetPrincipalTagAttributeMapInput): GetPrincipalTagAttributeMapResponse {
    this.poolOrThrow(input.IdentityPoolId);
    const mapping = this.principalTags(input.IdentityPoolId!, input.IdentityProviderName!) ?? { UseDefaults: false };
    return { IdentityPoolId: input.IdentityPoolId, IdentityProviderName: input.IdentityProviderName, ...mapping };
  }

  private tagResource(input: TagResourceInput): object {
    const pool = this.poolForArn(input.ResourceArn!);
    const tags = { ...pool.IdentityPoolTags, ...input.Tags };
    checkTagCount(tags);
    pool.IdentityPoolTags = tags;
    return {};
  }

  private untagResource(input: UntagResourceInput): object {
    const pool = this.poolForArn(input.ResourceArn!);
    const tags = { ...pool.IdentityPoolTags };
    input.TagKeys!.forEach((key) => delete tags[key]);
    pool.IdentityPoolTags = tags;
    return {};
  }

  private listTags(input: ListTagsForResourceInput): ListTagsForResourceResponse {
    return { Tags: { ...this.poolForArn(input.ResourceArn!).IdentityPoolTags } };
  }

  private poolOrThrow(poolId: string | undefined): IdentityPool {
    const pool = this.pools.get(poolId ?? '');
    if (!pool) {
      throw new ServiceError('ResourceNotFoundException', `IdentityPool '${poolId}' not found.`);
    }
    return pool;
  }

  private poolForArn(arn: string): IdentityPool {
    const poolId = arn.slice(arn.lastIndexOf('/') + 1);
    if (arn !== this.poolArn(poolId)) {
      throw new ServiceError('ResourceNotFoundException', `Resource '${arn}' not found.`);
    }
    return this.poolOrThrow(poolId);
  }
}

export async function startCognitoEmulator(options: CognitoEmulatorOptions = {}): Promise<CognitoEmulator> {
  const emulator = new CognitoEmulator(options);
  await emulator.listen();
  return emulator;
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
