/**
 * The contract between the settings custom resources the constructs declare (src/private/
 * settings.ts) and the handler that serves them (lambda/, which esbuild bundles this module
 * into): resource types, properties, physical ids. Defined once, here; the handler tests use
 * it too.
 *
 * Plain TypeScript only: no aws-cdk-lib and no AWS SDK, so that the bundle stays small.
 */

/** The principal-tag maps of a pool this stack does not own. */
export const PRINCIPAL_TAGS_RESOURCE_TYPE = 'Custom::IdentityPoolPrincipalTags';
/** The classic-flow toggle of a pool this stack does not own. */
export const CLASSIC_FLOW_RESOURCE_TYPE = 'Custom::IdentityPoolClassicFlow';

/**
 * A CloudFormation scalar as the handler receives it. The template says `true`; CloudFormation
 * hands a custom resource every scalar as a string.
 */
export type CfnBoolean = boolean | 'true' | 'false';

/** One provider's map in `Custom::IdentityPoolPrincipalTags`. */
export interface ProviderMapProperty {
  /** The provider's principal-tag name (docs/service-contract.md §1). */
  readonly ProviderName: string;
  readonly UseDefaults: CfnBoolean;
  readonly PrincipalTags: { readonly [tag: string]: string };
}

/** Properties of `Custom::IdentityPoolPrincipalTags` (ServiceToken aside). */
export interface PrincipalTagsProperties {
  readonly IdentityPoolId: string;
  readonly Providers: ProviderMapProperty[];
  /** Read each provider's map first and refuse to overwrite one set elsewhere. */
  readonly GuardExistingMaps?: CfnBoolean;
}

/** Properties of `Custom::IdentityPoolClassicFlow` (ServiceToken aside). */
export interface ClassicFlowProperties {
  readonly IdentityPoolId: string;
  readonly AllowClassicFlow: CfnBoolean;
}

/** A principal-tag map, as the service compares maps: UseDefaults and the same tags. */
export interface TagMapShape {
  readonly useDefaults: boolean;
  readonly tags: { readonly [tag: string]: string };
}

/** Whether two principal-tag maps are the same map (tag order does not matter). */
export function sameTagMap(a: TagMapShape, b: TagMapShape): boolean {
  const ka = Object.keys(a.tags).sort();
  const kb = Object.keys(b.tags).sort();
  return a.useDefaults === b.useDefaults && ka.length === kb.length && ka.every((k, i) => k === kb[i] && a.tags[k] === b.tags[k]);
}

/**
 * Physical ids. They carry what Delete needs, because Delete gets no other state:
 * - principal tags: `<pool>|principal-tags`, or `<pool>|principal-tags|not-created` for a
 *   Create that failed and undid its writes (Delete then has nothing to do);
 * - classic flow: `<pool>|classic-flow|was-true` / `|was-false` (the value to restore), or
 *   `|not-created`;
 * - a Create that failed before it knew its pool (a malformed event): `<LogicalId>|not-created`
 *   (`failedCreateId`), which names no pool: `parsePhysicalId` answers undefined for it, and
 *   Delete has nothing to do.
 */
export function principalTagsId(poolId: string, created = true): string {
  return `${poolId}|principal-tags${created ? '' : '|not-created'}`;
}

export function classicFlowId(poolId: string, previous: boolean | undefined): string {
  return `${poolId}|classic-flow|${previous === undefined ? 'not-created' : `was-${previous}`}`;
}

/** The physical id of a Create that failed before it knew its pool. */
export function failedCreateId(logicalResourceId: string): string {
  return `${logicalResourceId}|${NOT_CREATED}`;
}

const NOT_CREATED = 'not-created';

export interface ParsedId {
  readonly poolId: string;
  readonly created: boolean;
  /** For classic flow: the value to restore on delete. */
  readonly previous?: boolean;
}

/** Read the physical id of a pool's setting; undefined for any other (`failedCreateId`'s among them). */
export function parsePhysicalId(physicalId: string): ParsedId | undefined {
  const match = /^(.+)\|(principal-tags|classic-flow)(?:\|(not-created|was-true|was-false))?$/.exec(physicalId);
  if (!match) return undefined;
  const state = match[3];
  return {
    poolId: match[1],
    created: state !== NOT_CREATED,
    previous: state === 'was-true' ? true : state === 'was-false' ? false : undefined,
  };
}
