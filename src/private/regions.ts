import { Aws, Token } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as v from './validation';

/**
 * Regions in the names the service uses (SERVICE-CONTRACT.md §1, "Regions"; §3).
 *
 * A user pool's names carry the user pool's own region, which its id names (`eu-west-1_abc`),
 * whatever the region of the stack or of the identity pool. An identity pool lives in the
 * region its id names (`us-east-1:GUID`), and its ARN must say the same region.
 */

/** The region a literal user pool id names (the part before `_`), else undefined. */
export function userPoolRegion(userPoolId: string): string | undefined {
  if (Token.isUnresolved(userPoolId)) {
    return undefined;
  }
  const match = /^([a-z0-9-]+)_[0-9a-zA-Z]+$/.exec(userPoolId);
  return match?.[1];
}

/**
 * The user pool's provider name, `cognito-idp.<region>.<urlSuffix>/<userPoolId>`, in the
 * region its id names.
 *
 * aws-cdk-lib's `UserPool.fromUserPoolId` builds `userPoolProviderName` from the region of the
 * stack it is imported into, which names no user pool when the pool lives in another region.
 * With a literal id the region is taken from the id; the URL suffix stays the partition's
 * (`AWS::URLSuffix`: an identity pool federates user pools of its own partition only). For a
 * pool of the stack's own region this is exactly the name aws-cdk-lib builds, so templates do
 * not change. A literal name that already carries the id's region is kept as given.
 *
 * With an unresolved id (a user pool made in a stack, or `fromUserPoolArn` with a token) the
 * pool's own `userPoolProviderName` is used: the `ProviderName` attribute for a pool made in a
 * stack, the ARN's region for `fromUserPoolArn`, the stack's region for `fromUserPoolId`.
 */
export function userPoolProviderName(userPool: cognito.IUserPool): string {
  const given = userPool.userPoolProviderName;
  const region = userPoolRegion(userPool.userPoolId);
  if (region === undefined) {
    return given;
  }
  if (!Token.isUnresolved(given) && given.startsWith(`cognito-idp.${region}.`)) {
    return given;
  }
  return `cognito-idp.${region}.${Aws.URL_SUFFIX}/${userPool.userPoolId}`;
}

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
  const idRegion = identityPoolId.slice(0, identityPoolId.indexOf(':'));
  if (arnRegion !== idRegion) {
    v.invalid(scope, 'identityPoolArn', identityPoolArn,
      `its region ${arnRegion} is not the region of the pool id ${identityPoolId} (${idRegion}); ` +
        `a pool lives in the region its id names, so its ARN is arn:PARTITION:cognito-identity:${idRegion}:ACCOUNT:identitypool/${identityPoolId}`);
  }
}
