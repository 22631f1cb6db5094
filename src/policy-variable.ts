import { Token } from 'aws-cdk-lib';
import { PRINCIPAL_TAG_KEY, ruleProblem } from './service/limits';
import { SUB_KEY } from './service/principal';

/**
 * IAM policy variables of identity-pool sessions, for resource ARNs, S3 key prefixes and
 * condition values, without hand-escaping `${...}` in any language.
 *
 * To have a principal-tag variable checked against the pool's maps, prefer
 * `IdentityPool.principalTagVariable(tag)`.
 */
export class PolicyVariable {
  /**
   * `${cognito-identity.amazonaws.com:sub}`: the identity id of the caller (`REGION:GUID`),
   * the same for every session of one user of the pool.
   */
  public static identityId(): string {
    return `\${${SUB_KEY}}`;
  }

  /**
   * `${aws:PrincipalTag/<tag>}`: the value of a session tag, which the pool sets from a
   * claim of the user's token (principal tags). Not checked against any pool's maps.
   */
  public static principalTag(tag: string): string {
    const problem = Token.isUnresolved(tag) ? undefined : ruleProblem(tag, PRINCIPAL_TAG_KEY);
    if (problem) {
      throw new Error(`invalid principal tag ${JSON.stringify(tag)}: ${problem}`);
    }
    return `\${aws:PrincipalTag/${tag}}`;
  }

  private constructor() {}
}
