import { Lazy, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { IdentityProvider, IdentityProviderType } from '../../identity-provider';
import * as limits from '../../service/limits';
import { USER_POOL_WITH_CLIENT } from '../../service/names';
import { DEFAULT_PRINCIPAL_TAGS } from '../../service/principal-tags';
import { sameTagMap } from '../settings/settings-contract';
import * as v from '../validation';

/** One provider's principal-tag map, validated. */
export interface TagMapEntry {
  readonly provider: IdentityProvider;
  /** The name the service keys the map by (docs/service-contract.md §1). */
  readonly principalTagName: string;
  readonly useDefaults: boolean;
  readonly tags: { [tag: string]: string };
}

/** The options of `addPrincipalTags` (`PrincipalTagOptions`). */
export interface PrincipalTagRequest {
  readonly tags?: { [tag: string]: string };
  readonly useDefaults?: boolean;
}

/**
 * Validate the options of `addPrincipalTags` against the service's rules and return the map
 * to write. Every error names the pool, the provider, the value and the rule.
 */
function principalTagEntry(pool: IConstruct, provider: IdentityProvider, options: PrincipalTagRequest): TagMapEntry {
  const field = `principal tags of ${provider}`;
  if (provider.type === IdentityProviderType.DEVELOPER || provider.principalTagName === undefined) {
    v.refuse(pool, `invalid principal-tag provider ${provider}`,
      'a principal-tag map does nothing for a developer provider: its identities get session tags per call, ' +
      'through the PrincipalTags of GetOpenIdTokenForDeveloperIdentity');
  }
  const name = provider.principalTagName;
  v.validateString(pool, `principal-tag name of ${provider}`, name, limits.PROVIDER_NAME_FOR_TAGS);
  if (provider.type === IdentityProviderType.CUSTOM && !Token.isUnresolved(name) && USER_POOL_WITH_CLIENT.test(name)) {
    v.invalid(pool, 'principal-tag provider', name,
      'a user pool\'s principal-tag map is named without the app client id (cognito-idp.<region>.amazonaws.com/<userPoolId>); ' +
      'the service never reads a map named with it');
  }

  const useDefaults = options.useDefaults ?? false;
  const tags = options.tags ?? {};
  const keys = Object.keys(tags);
  if (useDefaults && keys.length > 0) {
    v.invalid(pool, field, tags, 'give either tags or useDefaults: true, not both');
  }
  if (!useDefaults && keys.length === 0) {
    v.invalid(pool, field, options.tags === undefined ? undefined : tags,
      options.tags === undefined ? 'give tags (tag name to claim) or useDefaults: true' : 'give at least one tag, or useDefaults: true');
  }
  v.validateCount(pool, field, keys.length, 0, limits.MAX_PRINCIPAL_TAGS);
  let claimBytes = 0;
  for (const [key, claim] of Object.entries(tags)) {
    const problem = v.tagKeyProblem(key);
    if (problem) {
      v.invalid(pool, `principal tag name (${field})`, key, problem);
    }
    v.validateString(pool, `claim of principal tag ${JSON.stringify(key)} (${field})`, claim, limits.PRINCIPAL_TAG_VALUE);
    if (!Token.isUnresolved(claim)) {
      claimBytes += Buffer.byteLength(claim, 'utf8');
    }
  }
  if (claimBytes > limits.MAX_PRINCIPAL_TAG_CLAIM_BYTES) {
    v.invalid(pool, `claims of ${field}`, Object.values(tags).join(', '),
      `the claims of one map may take at most ${limits.MAX_PRINCIPAL_TAG_CLAIM_BYTES} bytes together (these take ${claimBytes})`);
  }
  return { provider, principalTagName: name, useDefaults, tags: { ...tags } };
}

/**
 * The principal-tag maps of one pool, one per principal-tag name (docs/service-contract.md §1, §2):
 * what `addPrincipalTags` asked for, validated, and what the synth-time checks read.
 */
export class PrincipalTagMaps {
  private readonly entries: TagMapEntry[] = [];

  /**
   * Validate a provider's map and record it. Returns the map to write, or undefined when the
   * same map is already there: two app clients of one user pool share its map.
   */
  public add(pool: IConstruct, provider: IdentityProvider, options: PrincipalTagRequest): TagMapEntry | undefined {
    const entry = principalTagEntry(pool, provider, options);
    const existing = this.entries.find((e) => e.principalTagName === entry.principalTagName);
    if (existing) {
      if (existing.provider.sameAs(provider)) {
        v.refuse(pool, `invalid principal tags of ${provider}`, 'the provider already has a principal-tag map; give all its tags in one call');
      }
      if (sameTagMap(existing, entry)) {
        return undefined;
      }
      v.refuse(pool, `invalid principal tags of ${provider}`,
        `${provider} and ${existing.provider} share one principal-tag map (the service keys it by the user pool, without the app client), ` +
        'and the two calls give different maps; give them the same tags');
    }
    this.entries.push(entry);
    return entry;
  }

  /** The maps, in the order they were added. */
  public get all(): TagMapEntry[] {
    return [...this.entries];
  }

  /** The principal tags some provider maps. */
  public tagNames(): Set<string> {
    return new Set(this.entries.flatMap(tagsOf));
  }

  /** The maps in words, for messages. */
  public describe(): string {
    if (this.entries.length === 0) {
      return 'the pool has no principal-tag map';
    }
    return 'the pool maps ' + this.entries.map((e) => `${tagsOf(e).join(', ')} for ${e.provider}`).join('; ');
  }

  /**
   * The tag names given as tokens, judged at synth when their values are known: a name is a
   * key of the map, so it must resolve to a literal string (never to a CloudFormation
   * intrinsic) that follows the rules of a literal name. As validation messages.
   *
   * aws-cdk-lib resolves the template once before validations run, and fails on a map key that
   * resolves to an intrinsic with a message naming no construct: `templateTags` leaves such a
   * name out, so that this check can name the pool.
   */
  public tokenNameProblems(pool: IConstruct): string[] {
    const problems: string[] = [];
    for (const entry of this.entries) {
      for (const tag of Object.keys(entry.tags).filter((t) => Token.isUnresolved(t))) {
        const resolved: unknown = Stack.of(pool).resolve(tag);
        const problem = typeof resolved === 'string' ? v.tagKeyProblem(resolved)
          : 'it resolves to a CloudFormation intrinsic (a parameter, an attribute or a reference), and a principal tag name is a key ' +
            'of the principal-tag map, which must be a literal string; give the name itself';
        if (problem) {
          problems.push(`invalid principal tag name (principal tags of ${entry.provider}) ${JSON.stringify(resolved)}: ${problem}`);
        }
      }
    }
    return problems;
  }
}

/**
 * The `PrincipalTags` of a map as the template holds them. Names that are tokens are resolved
 * when the template is; one that resolves to an intrinsic cannot be a key and is left out
 * (`PrincipalTagMaps.tokenNameProblems` fails synthesis for it).
 */
export function templateTags(scope: IConstruct, entry: TagMapEntry): { [tag: string]: string } {
  if (!Object.keys(entry.tags).some((t) => Token.isUnresolved(t))) {
    return entry.tags;
  }
  const produce = () => {
    const tags: { [tag: string]: string } = {};
    for (const [tag, claim] of Object.entries(entry.tags)) {
      const name: unknown = Stack.of(scope).resolve(tag);
      if (typeof name === 'string') {
        tags[name] = claim;
      }
    }
    return tags;
  };
  return Lazy.any({ produce }) as unknown as { [tag: string]: string };
}

function tagsOf(entry: TagMapEntry): string[] {
  return entry.useDefaults ? DEFAULT_PRINCIPAL_TAGS : Object.keys(entry.tags);
}
