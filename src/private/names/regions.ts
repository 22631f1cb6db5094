import { Token } from 'aws-cdk-lib';
import { poolIdRegion } from '../../service/names';
import * as v from '../validation';

/**
 * Regions in the names the service uses (docs/service-contract.md §1, "Regions"; §3).
 *
 * A user pool's names carry the user pool's own region, which its id names (`eu-west-1_abc`),
 * whatever the region of the stack or of the identity pool. An identity pool lives in the
 * region its id names (`us-east-1:GUID`), and its ARN must say the same region.
 */

/**
 * Refuse an identity pool ARN whose region is not the region of the pool id it holds: the
 * pool lives only in the region of its id (contract §3), so such an ARN names no pool, and
 * every grant and call scoped to it (the settings handler's policy among them) would miss.
 * Literal values only; unresolved parts are not judged.
 */
export function checkPoolArnRegion(scope: v.Scope, identityPoolArn: string, arnRegion: string, identityPoolId: string): void {
  if (Token.isUnresolved(arnRegion) || Token.isUnresolved(identityPoolId)) {
    return;
  }
  const idRegion = poolIdRegion(identityPoolId);
  if (arnRegion !== idRegion) {
    v.invalid(scope, 'identityPoolArn', identityPoolArn,
      `its region ${arnRegion} is not the region of the pool id ${identityPoolId} (${idRegion}); ` +
        `a pool lives in the region its id names, so its ARN is arn:PARTITION:cognito-identity:${idRegion}:ACCOUNT:identitypool/${identityPoolId}`);
  }
}
