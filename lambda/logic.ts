/**
 * Pure decision logic of the settings handler: no I/O here, so every lifecycle rule is
 * testable on plain data. The resource types, properties and physical ids are the shared
 * contract with the constructs (src/private/settings/settings-contract.ts).
 */
import { parsePhysicalId, sameTagMap } from '../src/private/settings/settings-contract';

/** A provider's principal-tag map as the service takes it. */
export interface TagMap {
  readonly useDefaults: boolean;
  readonly tags: Record<string, string>;
}

/** One SetPrincipalTagAttributeMap call. */
export interface TagWrite extends TagMap {
  readonly providerName: string;
}

/** What a provider's map is when nobody set one: no principal tags. */
export const SERVICE_DEFAULT_TAGS: TagMap = { useDefaults: false, tags: {} };

/** CloudFormation hands custom resources every scalar as a string. */
export function parseBool(value: unknown, field: string): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`${field} must be true or false, got ${JSON.stringify(value)}`);
}

export function poolIdOf(props: Record<string, unknown> | undefined): string {
  const id = props?.IdentityPoolId;
  if (typeof id !== 'string' || id.length === 0) {
    throw new Error('IdentityPoolId is missing from the resource properties');
  }
  return id;
}

/** The principal-tag maps a resource declares, by provider name. */
export function parseTagMaps(props: Record<string, unknown> | undefined): Map<string, TagMap> {
  const result = new Map<string, TagMap>();
  const providers = props?.Providers ?? [];
  if (!Array.isArray(providers)) {
    throw new Error('Providers must be a list');
  }
  for (const entry of providers) {
    const name = entry?.ProviderName;
    if (typeof name !== 'string' || name.length === 0) {
      throw new Error(`every entry of Providers needs a ProviderName, got ${JSON.stringify(entry)}`);
    }
    const tags = entry.PrincipalTags ?? {};
    result.set(name, { useDefaults: parseBool(entry.UseDefaults ?? false, `UseDefaults of ${name}`), tags: { ...tags } });
  }
  return result;
}

/**
 * The writes that take a pool from the `before` maps to the `after` maps: a changed or new
 * provider gets its map, a provider no longer declared goes back to the service default,
 * an unchanged provider is not touched.
 */
export function planTagWrites(before: Map<string, TagMap>, after: Map<string, TagMap>): TagWrite[] {
  const writes: TagWrite[] = [];
  for (const [providerName, map] of after) {
    const old = before.get(providerName);
    if (!old || !sameTagMap(old, map)) {
      writes.push({ providerName, ...map });
    }
  }
  for (const providerName of before.keys()) {
    if (!after.has(providerName)) {
      writes.push({ providerName, ...SERVICE_DEFAULT_TAGS });
    }
  }
  return writes;
}

/**
 * The providers whose map, found on a pool this stack does not own, was set by someone else:
 * neither the service default nor already the declared map. Writing over it would lose it
 * (delete can only go back to the default), so such a write is refused.
 */
export function foreignMaps(writes: TagWrite[], found: Map<string, TagMap>): string[] {
  return writes
    .filter((w) => {
      const current = found.get(w.providerName) ?? SERVICE_DEFAULT_TAGS;
      return !sameTagMap(current, SERVICE_DEFAULT_TAGS) && !sameTagMap(current, w);
    })
    .map((w) => w.providerName);
}

/** The writes that put every given provider back to the service default. */
export function planTagResets(providers: Iterable<string>): TagWrite[] {
  return [...providers].map((providerName) => ({ providerName, ...SERVICE_DEFAULT_TAGS }));
}

/**
 * Whether an Update stays on the pool the resource already manages. The pool is read from
 * the physical id, which holds the truth even when the previous Update failed midway.
 */
export function samePool(event: { PhysicalResourceId: string; OldResourceProperties: Record<string, unknown> }, poolId: string): boolean {
  const current = parsePhysicalId(event.PhysicalResourceId)?.poolId ?? poolIdOf(event.OldResourceProperties);
  return current === poolId;
}

/** The fields of an identity pool as DescribeIdentityPool returns them. */
export interface PoolDescription {
  IdentityPoolId?: string;
  IdentityPoolName?: string;
  AllowUnauthenticatedIdentities?: boolean;
  AllowClassicFlow?: boolean;
  SupportedLoginProviders?: Record<string, string>;
  DeveloperProviderName?: string;
  OpenIdConnectProviderARNs?: string[];
  CognitoIdentityProviders?: object[];
  SamlProviderARNs?: string[];
  IdentityPoolTags?: Record<string, string>;
}

/** Every field UpdateIdentityPool takes; it resets any of them that is not sent. */
const UPDATABLE_FIELDS = [
  'IdentityPoolId',
  'IdentityPoolName',
  'AllowUnauthenticatedIdentities',
  'AllowClassicFlow',
  'SupportedLoginProviders',
  'DeveloperProviderName',
  'OpenIdConnectProviderARNs',
  'CognitoIdentityProviders',
  'SamlProviderARNs',
  'IdentityPoolTags',
] as const;

/**
 * The UpdateIdentityPool request that changes only AllowClassicFlow: every other field is
 * written back exactly as described. Undefined when the pool already has the value (no
 * write at all).
 */
export function classicFlowUpdate(pool: PoolDescription, allow: boolean): PoolDescription | undefined {
  if ((pool.AllowClassicFlow ?? false) === allow) {
    return undefined;
  }
  const request: Record<string, unknown> = {};
  for (const field of UPDATABLE_FIELDS) {
    if (pool[field] !== undefined) {
      request[field] = pool[field];
    }
  }
  request.AllowClassicFlow = allow;
  return request as PoolDescription;
}

/** Errors worth retrying: the call was refused, not judged. */
const RETRYABLE = new Set(['TooManyRequestsException', 'ConcurrentModificationException', 'ThrottlingException']);

export function isRetryable(error: unknown): boolean {
  return RETRYABLE.has((error as { name?: string })?.name ?? '');
}

/** Exponential backoff with full jitter: 0..min(cap, base * 2^attempt). */
export function backoffMs(attempt: number, random: number, baseMs = 250, capMs = 8000): number {
  return Math.floor(random * Math.min(capMs, baseMs * 2 ** attempt));
}

/** The region a pool id names: `<region>:<guid>`. */
export function regionOf(poolId: string): string {
  const region = poolId.split(':')[0];
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new Error(`IdentityPoolId ${JSON.stringify(poolId)} does not name a region (REGION:GUID)`);
  }
  return region;
}

/**
 * A provider's map as GetPrincipalTagAttributeMap found it: none (the service answered
 * ResourceNotFoundException) and an empty answer are both the service default.
 */
export function foundMap(found: { UseDefaults?: boolean; PrincipalTags?: Record<string, string> } | undefined): TagMap {
  return { useDefaults: found?.UseDefaults ?? false, tags: { ...found?.PrincipalTags } };
}

export function isNotFound(error: unknown): boolean {
  return (error as { name?: string })?.name === 'ResourceNotFoundException';
}
