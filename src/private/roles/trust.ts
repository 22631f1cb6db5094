import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { cognitoTrustStatements } from './policy-reader';
import { oneOrMany } from '../../iam/values';
import { AUD_KEY } from '../../service/principal';

/*
 * Whether a role handed out by a pool trusts that pool, read from its trust policy at synth: a
 * warning for a role that lets any pool in, trusts another pool, or trusts no pool at all.
 */

/** Warn when a role the pool hands out (and did not make) does not trust exactly this pool. */
export function warnAboutTrust(pool: IConstruct, role: iam.IRole, identityPoolId: string): void {
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
      .map(([, condition]) => condition?.[AUD_KEY])
      .filter((aud) => aud !== undefined)
      .flatMap(oneOrMany);
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
