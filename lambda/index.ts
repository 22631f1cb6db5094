/**
 * The settings custom resource of cdk-identity-pool: principal-tag maps, and the
 * classic-flow toggle of pools the stack does not own. A thin I/O shell around logic.ts.
 *
 * The function is the resource's service token itself (no provider framework), so it
 * always answers CloudFormation on the pre-signed ResponseURL, success or failure.
 */
import {
  CognitoIdentityClient,
  DescribeIdentityPoolCommand,
  GetPrincipalTagAttributeMapCommand,
  SetPrincipalTagAttributeMapCommand,
  UpdateIdentityPoolCommand,
  UpdateIdentityPoolCommandInput,
} from '@aws-sdk/client-cognito-identity';
import type { CloudFormationCustomResourceEvent, CloudFormationCustomResourceResponse, Context } from 'aws-lambda';
import * as logic from './logic';
import { sendResponse } from './response';
import * as contract from '../src/private/settings/settings-contract';

/** Time kept back to answer CloudFormation before the function times out. */
const RESPONSE_MARGIN_MS = 10_000;

interface Outcome {
  readonly physicalId: string;
  readonly data?: Record<string, unknown>;
}

export async function handler(event: CloudFormationCustomResourceEvent, context: Context): Promise<void> {
  const deadline = Date.now() + context.getRemainingTimeInMillis() - RESPONSE_MARGIN_MS;
  const io = new Cognito(deadline);
  let response: CloudFormationCustomResourceResponse;
  try {
    const outcome = await dispatch(event, io);
    response = { ...base(event), Status: 'SUCCESS', PhysicalResourceId: outcome.physicalId, Data: outcome.data };
  } catch (error) {
    const failure = error as FailedOperation;
    console.error(JSON.stringify({ requestType: event.RequestType, logicalId: event.LogicalResourceId, error: failure.message }));
    response = {
      ...base(event),
      Status: 'FAILED',
      Reason: failure.message.slice(0, 3000),
      PhysicalResourceId: failure.physicalId ?? (event.RequestType === 'Create' ? contract.failedCreateId(event.LogicalResourceId) : event.PhysicalResourceId),
    };
  }
  await sendResponse(event.ResponseURL, response);
}

function base(event: CloudFormationCustomResourceEvent) {
  return { StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId };
}

/** An error that carries the physical id the failed response must report. */
class FailedOperation extends Error {
  constructor(message: string, public readonly physicalId?: string) {
    super(message);
  }
}

async function dispatch(event: CloudFormationCustomResourceEvent, io: Cognito): Promise<Outcome> {
  switch (event.ResourceType) {
    case contract.PRINCIPAL_TAGS_RESOURCE_TYPE:
      return principalTags(event, io);
    case contract.CLASSIC_FLOW_RESOURCE_TYPE:
      return classicFlow(event, io);
    default:
      throw new FailedOperation(`unknown resource type ${event.ResourceType}`);
  }
}

// ---------------------------------------------------------------- principal tags

async function principalTags(event: CloudFormationCustomResourceEvent, io: Cognito): Promise<Outcome> {
  const props = event.ResourceProperties as Record<string, unknown>;
  if (event.RequestType === 'Delete') {
    const parsed = contract.parsePhysicalId(event.PhysicalResourceId);
    if (!parsed?.created) {
      return { physicalId: event.PhysicalResourceId };
    }
    await io.writeTags(parsed.poolId, logic.planTagResets(logic.parseTagMaps(props).keys()), { notFoundIsNone: true });
    return { physicalId: event.PhysicalResourceId };
  }

  const poolId = logic.poolIdOf(props);
  const after = logic.parseTagMaps(props);
  // On a pool the stack does not own, a provider may already have a map set elsewhere.
  const guarded = logic.parseBool(props.GuardExistingMaps ?? false, 'GuardExistingMaps');
  if (event.RequestType === 'Update' && logic.samePool(event, poolId)) {
    const before = logic.parseTagMaps(event.OldResourceProperties);
    const writes = logic.planTagWrites(before, after);
    if (guarded) await io.refuseForeignMaps(poolId, writes.filter((w) => !before.has(w.providerName)));
    await io.writeTags(poolId, writes);
    return { physicalId: event.PhysicalResourceId };
  }

  // Create, or an Update that moved to another pool (a replacement: CloudFormation deletes
  // the old physical id afterwards). A failure undoes this call's writes, so nothing is
  // left half-applied and the Delete that follows has nothing to do.
  const writes = logic.planTagWrites(new Map(), after);
  const done: string[] = [];
  try {
    if (guarded) await io.refuseForeignMaps(poolId, writes);
    await io.writeTags(poolId, writes, { onWritten: (name) => done.push(name) });
  } catch (error) {
    await io.writeTags(poolId, logic.planTagResets(done), { notFoundIsNone: true }).catch(() => undefined);
    throw new FailedOperation((error as Error).message, failedPhysicalId(event, contract.principalTagsId(poolId, false)));
  }
  return { physicalId: contract.principalTagsId(poolId) };
}

// ---------------------------------------------------------------- classic flow

async function classicFlow(event: CloudFormationCustomResourceEvent, io: Cognito): Promise<Outcome> {
  const props = event.ResourceProperties as Record<string, unknown>;
  if (event.RequestType === 'Delete') {
    const parsed = contract.parsePhysicalId(event.PhysicalResourceId);
    if (parsed?.previous !== undefined) {
      await io.setClassicFlow(parsed.poolId, parsed.previous, { notFoundIsNone: true });
    }
    return { physicalId: event.PhysicalResourceId };
  }

  const poolId = logic.poolIdOf(props);
  const allow = logic.parseBool(props.AllowClassicFlow, 'AllowClassicFlow');
  if (event.RequestType === 'Update' && logic.samePool(event, poolId)) {
    await io.setClassicFlow(poolId, allow);
    return { physicalId: event.PhysicalResourceId, data: { AllowClassicFlow: allow } };
  }

  // Create (or a move to another pool): remember the value found, to restore it on delete.
  let previous: boolean | undefined;
  try {
    previous = await io.setClassicFlow(poolId, allow);
  } catch (error) {
    throw new FailedOperation((error as Error).message, failedPhysicalId(event, contract.classicFlowId(poolId, undefined)));
  }
  return { physicalId: contract.classicFlowId(poolId, previous), data: { AllowClassicFlow: allow } };
}

/**
 * The physical id a failed Create (or move to another pool) reports. A failed Update keeps
 * the id it had, so the rollback Update that follows finds the old pool and its saved state.
 */
function failedPhysicalId(event: CloudFormationCustomResourceEvent, notCreated: string): string {
  return event.RequestType === 'Update' ? event.PhysicalResourceId : notCreated;
}

// ---------------------------------------------------------------- Cognito calls

interface CallOptions {
  /**
   * ResourceNotFoundException answers "none" (undefined) instead of failing: on a delete, a pool
   * that no longer exists has nothing to restore; on a read, a provider has no map (the caller
   * tells that from a missing pool).
   */
  readonly notFoundIsNone?: boolean;
  readonly onWritten?: (providerName: string) => void;
}

/** The Cognito Identity calls of one event, retried until its deadline. */
class Cognito {
  /**
   * One client per region, kept while the function is warm: a pool is found only from the
   * region its id names (`<region>:<guid>`), which need not be the function's.
   */
  private static readonly clients = new Map<string, CognitoIdentityClient>();

  private static clientFor(poolId: string): CognitoIdentityClient {
    const region = logic.regionOf(poolId);
    let client = Cognito.clients.get(region);
    if (!client) {
      // Retries are ours (logic.isRetryable), bounded by the function's remaining time.
      client = new CognitoIdentityClient({ region, maxAttempts: 1 });
      Cognito.clients.set(region, client);
    }
    return client;
  }

  constructor(private readonly deadline: number) {}

  public async writeTags(poolId: string, writes: logic.TagWrite[], options: CallOptions = {}): Promise<void> {
    for (const write of writes) {
      const done = await this.call(`SetPrincipalTagAttributeMap (provider ${write.providerName})`, poolId, options, () =>
        Cognito.clientFor(poolId).send(new SetPrincipalTagAttributeMapCommand({
          IdentityPoolId: poolId,
          IdentityProviderName: write.providerName,
          UseDefaults: write.useDefaults,
          PrincipalTags: write.tags,
        })),
      );
      if (!done) return;
      options.onWritten?.(write.providerName);
    }
  }

  /**
   * Fail, before any write, when a provider about to be written already has a map that
   * someone else set: the resource could not give it back on delete.
   */
  public async refuseForeignMaps(poolId: string, writes: logic.TagWrite[]): Promise<void> {
    const found = new Map<string, logic.TagMap>();
    let poolExists = false;
    for (const write of writes) {
      const current = await this.call(`GetPrincipalTagAttributeMap (provider ${write.providerName})`, poolId, { notFoundIsNone: true }, () =>
        Cognito.clientFor(poolId).send(new GetPrincipalTagAttributeMapCommand({ IdentityPoolId: poolId, IdentityProviderName: write.providerName })),
      );
      if (current === undefined && !poolExists) {
        // The service answers ResourceNotFoundException both for a provider that has no map
        // and for a pool that does not exist: only the second is an error.
        await this.call('DescribeIdentityPool', poolId, {}, () =>
          Cognito.clientFor(poolId).send(new DescribeIdentityPoolCommand({ IdentityPoolId: poolId })),
        );
      }
      poolExists = true;
      found.set(write.providerName, logic.foundMap(current));
    }
    const foreign = logic.foreignMaps(writes, found);
    if (foreign.length > 0) {
      throw new FailedOperation(
        `identity pool ${poolId} already has principal-tag maps set outside this stack for ${foreign.join(', ')}; ` +
          'the stack would overwrite them and could only reset them to the default on delete. Remove them, or declare the same map.',
      );
    }
  }

  /** Set AllowClassicFlow, writing every other field back; returns the value found. */
  public async setClassicFlow(poolId: string, allow: boolean, options: CallOptions = {}): Promise<boolean | undefined> {
    const pool = await this.call('DescribeIdentityPool', poolId, options, () =>
      Cognito.clientFor(poolId).send(new DescribeIdentityPoolCommand({ IdentityPoolId: poolId })),
    );
    if (!pool) return undefined;
    const update = logic.classicFlowUpdate(pool, allow);
    if (update) {
      await this.call('UpdateIdentityPool (AllowClassicFlow)', poolId, options, () =>
        Cognito.clientFor(poolId).send(new UpdateIdentityPoolCommand(update as UpdateIdentityPoolCommandInput)),
      );
    }
    return pool.AllowClassicFlow ?? false;
  }

  /**
   * One API call, retried on throttling and conflicts until the deadline. Undefined when
   * the pool is gone and that is acceptable.
   */
  private async call<T>(operation: string, poolId: string, options: CallOptions, send: () => Promise<T>): Promise<T | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        if (options.notFoundIsNone && logic.isNotFound(error)) {
          return undefined;
        }
        const wait = logic.backoffMs(attempt, Math.random());
        if (!logic.isRetryable(error) || Date.now() + wait > this.deadline) {
          const e = error as Error;
          throw new FailedOperation(`${operation} on identity pool ${poolId} failed: ${e.name}: ${e.message}`);
        }
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
}
