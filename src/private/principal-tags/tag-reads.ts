import { Annotations, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { PrincipalTagMaps } from './principal-tag-maps';
import { holdsWhenKeyAbsent } from '../../iam/conditions';
import { PolicyReader } from '../roles/policy-reader';

/*
 * The principal tags the policies of a pool's roles read, against the tags the pool maps, at
 * synth: a tag no provider maps is never in a session, so a statement that reads it grants
 * nothing (or, negated, limits nothing).
 */

/** Warn about each principal tag a role's policies read that no provider of the pool maps. */
export function unmappedTagWarnings(pool: IConstruct, role: iam.IRole, maps: PrincipalTagMaps, policies: PolicyReader): void {
  const mapped = maps.tagNames();
  for (const use of principalTagsReadBy(role, policies)) {
    if (!isMapped(mapped, use)) {
      Annotations.of(pool).addWarningV2(
        `cdk-identity-pool:unmappedPrincipalTag:${role.node.path}:${use.policy}:${use.tag}`,
        `The policy ${use.policy} of role ${role.node.path} reads ${describeUse(use)}, but no provider of this pool ` +
          `maps the tag "${use.tag}" (${maps.describe()}): ${consequence(use)}.`,
      );
    }
  }
}

/** Errors for each `principalTagVariable` tag that no provider maps. */
export function unmappedVariableErrors(maps: PrincipalTagMaps, requestedTags: Iterable<string>): string[] {
  const mapped = maps.tagNames();
  const errors: string[] = [];
  for (const tag of requestedTags) {
    if (!Token.isUnresolved(tag) && !mapped.has(tag)) {
      errors.push(`invalid principal-tag variable \${aws:PrincipalTag/${tag}}: no provider maps the tag "${tag}" (${maps.describe()})`);
    }
  }
  return errors;
}

/** Whether a principal tag a policy reads is mapped. IAM reads condition keys in any letter case. */
function isMapped(mapped: Set<string>, use: PolicyTagUse): boolean {
  return use.condition ? [...mapped].some((t) => t.toLowerCase() === use.tag.toLowerCase()) : mapped.has(use.tag);
}

function describeUse(use: PolicyTagUse): string {
  return use.condition ? `the condition key ${use.condition.key} (${use.condition.operator})` : `\${aws:PrincipalTag/${use.tag}}`;
}

/** What an unmapped tag makes of the statement that reads it. */
function consequence(use: PolicyTagUse): string {
  const grants = use.effect === 'Deny' ? 'denies' : 'grants';
  if (!use.condition) {
    return `the condition never matches and the statement ${grants} nothing`;
  }
  const absent = 'the key is absent from every session of the pool, so the condition';
  if (!use.condition.matchesWhenAbsent) {
    return `${absent} never matches and the statement ${grants} nothing`;
  }
  return use.effect === 'Deny' ? `${absent} matches every session and the statement denies every request it covers`
    : `${absent} matches every session and limits nothing`;
}

/** `${aws:PrincipalTag/<tag>}` with a literal tag: a token in the middle splits the string. */
const PRINCIPAL_TAG_VARIABLE = /\$\{aws:PrincipalTag\/([^}"]+)\}/g;
/** `aws:PrincipalTag/<tag>` as a condition key, which IAM reads in any letter case. */
const PRINCIPAL_TAG_CONDITION_KEY = /^aws:principaltag\/(.+)$/i;

/** A principal tag that a policy of a role reads. */
export interface PolicyTagUse {
  /** The construct path of the policy (or of the role, for its inline policies). */
  readonly policy: string;
  readonly tag: string;
  /** The effect of the statement that reads it, when known. */
  readonly effect?: string;
  /** When the tag is read as a condition key (rather than as a `${...}` variable). */
  readonly condition?: {
    /** The key as written. */
    readonly key: string;
    readonly operator: string;
    /** Whether the condition holds when the key is absent from the session (IAM's rules). */
    readonly matchesWhenAbsent: boolean;
  };
}

/** The principal tags the policies attached to a role (`PolicyReader.attachedTo`) read, by policy. */
export function principalTagsReadBy(role: iam.IRole, policies: PolicyReader): PolicyTagUse[] {
  const uses: PolicyTagUse[] = [];
  for (const { source, statements } of policies.attachedTo(role)) {
    const policy = source.node.path;
    for (const match of JSON.stringify(statements).matchAll(PRINCIPAL_TAG_VARIABLE)) {
      uses.push({ policy, tag: match[1] });
    }
    for (const statement of statements) {
      for (const [operator, block] of Object.entries<any>(statement?.Condition ?? {})) {
        for (const [key, value] of Object.entries<unknown>(block ?? {})) {
          const match = PRINCIPAL_TAG_CONDITION_KEY.exec(key);
          if (match) {
            uses.push({
              policy,
              tag: match[1],
              effect: statement.Effect,
              condition: { key, operator, matchesWhenAbsent: holdsWhenKeyAbsent(operator, key, value) },
            });
          }
        }
      }
    }
  }
  return uses;
}


