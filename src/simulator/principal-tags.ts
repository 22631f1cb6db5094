import { PoolView } from './pool-view';
import { ProviderNames } from './provider-names';
import { ClaimValue } from './role-choice';
import { Unresolved } from '../iam/unresolved';
import { defaultPrincipalTagMap } from '../service/principal-tags';
import { ATTRIBUTES_FOR_ACCESS_CONTROL, unsettled } from '../service/sources';

/**
 * §2: the principal tags of a provider's users: the pool's `AWS::Cognito::IdentityPoolPrincipalTag`
 * for the provider's principal-tag name, read once per provider, applied to each user's claims.
 */

/** The principal tags of a session and what they rest on. */
export interface PrincipalTagsOutcome {
  readonly tags: { [tag: string]: string };
  readonly notes: string[];
  /** A name that could not be resolved, so the tags are unknown. */
  readonly unresolved?: Unresolved;
}

/**
 * §2: the principal tags of a provider's user: the pool's `AWS::Cognito::IdentityPoolPrincipalTag`
 * for the provider's principal-tag name (a user pool's has no app client id, an OIDC
 * provider's is its ARN), `UseDefaults` filling in the provider's default claims and custom
 * entries on top. A claim absent from the token gives no tag.
 */
export function principalTagsFor(map: TagMap, claims: { [name: string]: ClaimValue }): PrincipalTagsOutcome {
  if (map.unresolved) {
    return { tags: {}, notes: [], unresolved: map.unresolved };
  }
  const notes = [...map.notes];
  const tags: { [tag: string]: string } = {};
  for (const [tag, claim] of map.attributes) {
    const value = claims[claim];
    if (value === undefined) {
      continue;
    }
    if (Array.isArray(value)) {
      // The service's rendering of a multi-valued claim as a tag value is not documented.
      notes.push(`principal tag ${tag} comes from the multi-valued claim ${claim}; the simulator joins its values with "," (not documented: ${unsettled('§2')})`);
      tags[tag] = value.join(',');
    } else {
      tags[tag] = value;
    }
  }
  return { tags, notes };
}

/** The principal-tag map of a pool for a provider: tag to claim, in order, and what it rests on. */
export interface TagMap {
  readonly attributes: Array<[string, string]>;
  readonly notes: string[];
  readonly unresolved?: Unresolved;
}

/** The principal-tag map the pool applies to a provider's users (read once per provider). */
export function tagMapOf(view: PoolView, provider: ProviderNames): TagMap {
  const notes: string[] = [];
  if (provider.principalTagName === undefined) {
    return { attributes: [], notes };
  }
  if (provider.principalTagName instanceof Unresolved) {
    return { attributes: [], notes, unresolved: provider.principalTagName };
  }
  let map: any;
  for (const props of view.principalTagMaps) {
    if (props.IdentityPoolId instanceof Unresolved || props.IdentityProviderName instanceof Unresolved) {
      return { attributes: [], notes, unresolved: props.IdentityPoolId instanceof Unresolved ? props.IdentityPoolId : props.IdentityProviderName };
    }
    if (props.IdentityPoolId === view.id && props.IdentityProviderName === provider.principalTagName) {
      map = props;
    }
  }
  if (!map) {
    return { attributes: [], notes };
  }
  let attributes: { [tag: string]: string } = {};
  if (map.UseDefaults === true || map.UseDefaults === 'true') {
    const defaults = defaultPrincipalTagMap(provider.principalTagName);
    if (defaults) {
      attributes = { ...defaults };
    } else {
      notes.push(`UseDefaults for ${provider.label}: ${ATTRIBUTES_FOR_ACCESS_CONTROL} gives no default claims for it, so the simulator maps none`);
    }
  }
  attributes = { ...attributes, ...(map.PrincipalTags ?? {}) };
  return { attributes: Object.entries(attributes), notes };
}
