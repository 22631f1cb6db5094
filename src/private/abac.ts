import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { madeRole } from './pool-roles';
import { PrincipalTagMaps } from './principal-tags';
import { cognitoTrustStatements, COGNITO_IDENTITY, list, PolicyReader } from './role-policies';

/**
 * The IAM side of ABAC, checked at synth: the roles a pool hands out must trust it, and the
 * principal tags their policies read must be mapped (`checkRolesHandedOut`). Below it, the
 * readers of the policies of a role (which principal tags they read) and of its trust policy
 * (whether it trusts the pool). Only what resolves to literal values is judged; tokens are
 * skipped, never guessed.
 */

/** What the ABAC check needs to know of a pool. */
export interface HandedOutRoles {
  /** The pool: warnings are left on it. */
  readonly pool: IConstruct;
  readonly identityPoolId: string;
  /** The roles the pool hands out (`IdentityPool.rolesHandedOut`). */
  readonly roles: iam.IRole[];
  /** The roles whose sessions carry principal tags: the authenticated ones. */
  readonly tagged: ReadonlySet<iam.IRole>;
  /** Whether the pool has principal tags. */
  readonly sessionTagsInUse: boolean;
  /** The pool's principal-tag maps, or undefined when any tag may come (a developer backend passes them per call). */
  readonly maps?: PrincipalTagMaps;
  /** Tags asked for with `principalTagVariable`. */
  readonly requestedTags: Iterable<string>;
  /** The reader of the roles' policies, shared with the other checks of the synth. */
  readonly policies: PolicyReader;
}

/**
 * The roles a pool hands out must trust it, and the principal tags their policies read must be
 * mapped. Returns errors for what can never work; leaves warnings for what is probably wrong.
 */
export function checkRolesHandedOut(input: HandedOutRoles): string[] {
  const { pool, maps } = input;
  const errors: string[] = [];
  const mapped = maps?.tagNames();
  for (const role of input.roles) {
    const maker = madeRole(role)?.pool;
    if (maker && maker !== pool) {
      errors.push(
        `invalid role ${role.node.path}: it was made by ${maker.node.path}.createRole and trusts only that pool's identities, ` +
          'so this pool can never hand it out; make it with this pool\'s createRole',
      );
      continue;
    }
    if (!maker) {
      if (input.sessionTagsInUse && input.tagged.has(role)) {
        // Its trust policy is not ours to fix.
        Annotations.of(pool).addWarningV2(
          `cdk-identity-pool:sessionTags:${role.node.path}`,
          `Principal tags are in use and the role ${role.node.path} was not made by this pool: its trust policy must also allow ` +
            'sts:TagSession (with the same aud and amr conditions as sts:AssumeRoleWithWebIdentity), or users given it get no credentials.',
        );
      }
      warnAboutTrust(pool, role, input.identityPoolId);
    }
    if (mapped) {
      for (const use of principalTagsReadBy(role, input.policies)) {
        if (!isMapped(mapped, use)) {
          Annotations.of(pool).addWarningV2(
            `cdk-identity-pool:unmappedPrincipalTag:${role.node.path}:${use.policy}:${use.tag}`,
            `The policy ${use.policy} of role ${role.node.path} reads ${describeUse(use)}, but no provider of this pool ` +
              `maps the tag "${use.tag}" (${maps!.describe()}): ${consequence(use)}.`,
          );
        }
      }
    }
  }
  if (mapped) {
    for (const tag of input.requestedTags) {
      if (!Token.isUnresolved(tag) && !mapped.has(tag)) {
        errors.push(`invalid principal-tag variable \${aws:PrincipalTag/${tag}}: no provider maps the tag "${tag}" (${maps!.describe()})`);
      }
    }
  }
  return errors;
}

function warnAboutTrust(pool: IConstruct, role: iam.IRole, identityPoolId: string): void {
  const warn = (text: string) => Annotations.of(pool).addWarningV2(`cdk-identity-pool:trust:${role.node.path}`, text);
  switch (trustOf(role, identityPoolId)) {
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
              condition: { key, operator, matchesWhenAbsent: matchesWhenAbsent(operator, value) },
            });
          }
        }
      }
    }
  }
  return uses;
}

/**
 * Whether a condition holds when its key is absent from the request (IAM User Guide,
 * "Condition operators"): the `...IfExists` and negated operators, `ForAllValues` and
 * `Null: true` hold; the others do not.
 */
function matchesWhenAbsent(operator: string, value: unknown): boolean {
  if (/^ForAllValues:/i.test(operator)) {
    return true;
  }
  if (/^ForAnyValue:/i.test(operator)) {
    return false;
  }
  if (/^Null$/i.test(operator)) {
    return list(value).some((v) => String(v).toLowerCase() === 'true');
  }
  return /IfExists$/i.test(operator) || /^(StringNot|NumericNotEquals|DateNotEquals|ArnNot|NotIpAddress)/i.test(operator);
}

/** How a role's trust policy treats the identities of one pool. */
export enum PoolTrust {
  /** Every statement that trusts Cognito Identity requires `aud` = this pool. */
  THIS_POOL = 'THIS_POOL',
  /** A statement trusts Cognito Identity without any `aud` condition: any pool's identities. */
  OPEN = 'OPEN',
  /** Its `aud` names another pool (a literal id that is not this pool's). */
  OTHER_POOL = 'OTHER_POOL',
  /** It does not trust Cognito Identity at all. */
  NONE = 'NONE',
  /** Not judged: an imported role, or an `aud` that is a token. */
  UNKNOWN = 'UNKNOWN',
}

/** Read a role's trust policy against one pool's id. */
export function trustOf(role: iam.IRole, poolId: string): PoolTrust {
  const statements = cognitoTrustStatements(role);
  if (!statements) {
    return PoolTrust.UNKNOWN;
  }
  if (statements.length === 0) {
    return PoolTrust.NONE;
  }
  const wanted = JSON.stringify(Stack.of(role).resolve(poolId));
  let unknown = false;
  for (const statement of statements) {
    const audiences = Object.entries<any>(statement.Condition ?? {})
      .filter(([operator]) => /^(ForAnyValue:|ForAllValues:)?StringEquals$/.test(operator))
      .map(([, condition]) => condition?.[`${COGNITO_IDENTITY}:aud`])
      .filter((aud) => aud !== undefined)
      .flatMap(list);
    if (audiences.length === 0) {
      return PoolTrust.OPEN;
    }
    if (audiences.some((aud) => JSON.stringify(aud) === wanted)) {
      continue;
    }
    if (audiences.every((aud) => typeof aud === 'string' && !Token.isUnresolved(aud))) {
      return PoolTrust.OTHER_POOL;
    }
    unknown = true;
  }
  return unknown ? PoolTrust.UNKNOWN : PoolTrust.THIS_POOL;
}
