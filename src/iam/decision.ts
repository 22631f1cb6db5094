/**
 * The answer of the access simulator to "may this session do this?".
 */
export enum Decision {
  /** IAM's evaluation allows the request: an Allow applies and no Deny does. */
  ALLOWED = 'ALLOWED',
  /** IAM's evaluation denies the request: an explicit Deny applies, or no Allow does. */
  DENIED = 'DENIED',
  /**
   * The answer depends on something the simulator cannot see (an AWS managed policy, a role
   * from outside the app, a condition key nobody supplied, an operator it does not model);
   * the reason names it.
   */
  UNDETERMINED = 'UNDETERMINED',
}

/**
 * What the simulator decided for one request, and why.
 */
export interface AccessDecision {
  /** Allowed, denied, or undetermined. */
  readonly decision: Decision;
  /** Why, in IAM's and the service's terms: the statement or the missing piece that decided. */
  readonly reason: string;
}
