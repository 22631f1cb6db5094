/**
 * Where the library's IAM evaluator (src/iam/) and the oracle (@cloud-copilot/iam-simulate,
 * test/support/iam-oracle.ts) are known to answer differently, and the AWS documentation that
 * decides each. The differential (./oracle.test.ts) accepts a disagreement only on a generated
 * edge case tagged with one of these, and only the answers given here; any other disagreement
 * fails it.
 *
 * Sources are pages of the IAM User Guide, by title and section (the decisive sentences are
 * paraphrased here, not copied).
 */

/** The library's answer, in the oracle's terms (UNDETERMINED where the documentation is silent). */
export type OurAnswer = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied' | 'UNDETERMINED';

export interface KnownDifference {
  /** The tag of the edge cases that exercise it (test/support/iam-cases.ts). */
  readonly tag: string;
  readonly ours: OurAnswer;
  /** What the oracle does, and why it differs. */
  readonly oracle: string;
  /** The documentation that decides, or the silence that makes the library answer UNDETERMINED. */
  readonly decidedBy: string;
}

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    tag: 'ip-zero-prefix',
    ours: 'Allowed',
    oracle: 'computes the IPv4 mask with a 32-bit shift, which for /0 masks nothing: 0.0.0.0/0 then holds only 0.0.0.0 (IpAddress false, NotIpAddress true)',
    decidedBy: '"IAM JSON policy elements: Condition operators", IP address condition operators: the value is a range in standard CIDR notation, and 0.0.0.0/0 is the range of every IPv4 address',
  },
  {
    tag: 'epoch-and-iso-dates',
    ours: 'Allowed',
    oracle: 'reads an integer as epoch seconds and an ISO 8601 date as milliseconds, and compares the two numbers as they are',
    decidedBy: '"IAM JSON policy elements: Condition operators", date condition operators: a date is given in ISO 8601 or in epoch (UNIX) time, both naming points in time, so the comparison is between the instants',
  },
  {
    tag: 'negated-operator-variable-without-value',
    ours: 'Allowed',
    oracle: 'makes a value whose variable has no value unmatchable, so a negated operator (StringNotEquals, StringNotLike) fails too',
    decidedBy: '"IAM policy elements: Variables and tags", section "Policy variables with no value": such a value is effectively null; positive operators do not match it and inverted operators such as StringNotEquals do (its example Deny applies when the principal tag is not set)',
  },
  {
    tag: 'not-resource-variable-without-value',
    ours: 'ExplicitlyDenied',
    oracle: 'lets a NotResource pattern whose variable has no value keep the statement from applying',
    decidedBy: '"IAM policy elements: Variables and tags", section "Policy variables with no value": a Resource or NotResource entry with a variable without value matches no resource, so a NotResource statement applies to every resource (also "IAM JSON policy elements: NotResource")',
  },
  {
    tag: 'session-policy-and-grant-to-the-session',
    ours: 'Allowed',
    oracle: 'lets a session policy that does not allow the action deny it even when the resource policy grants it to the session itself (its ARN, or everyone)',
    decidedBy: '"Policy evaluation logic" and "Policies and permissions in IAM", session policies: within one account, a resource-based policy that grants to the role session ARN grants to the session directly, and an implicit deny of the identity policies, the permissions boundary or the session policy does not limit it',
  },
  {
    tag: 'if-exists-with-set-operator',
    ours: 'UNDETERMINED',
    oracle: 'answers false for ForAnyValue:...IfExists on a key the request lacks',
    decidedBy: 'silent: "IAM JSON policy elements: Condition operators" makes an absent key true under IfExists, and "Single-valued vs. multivalued context keys" makes it false under ForAnyValue; no page says which applies when both are written',
  },
  {
    tag: 'single-valued-operator-on-multivalued-key',
    ours: 'UNDETERMINED',
    oracle: 'answers false for a single-valued operator on a key given as a list (one value, several, or none), negated operators too',
    decidedBy: 'silent: "Single-valued vs. multivalued context keys" says multivalued keys require a set operator, and no page says what a single-valued operator makes of one',
  },
  {
    tag: 'numeric-value-not-a-decimal',
    ours: 'UNDETERMINED',
    oracle: 'parses numbers with parseInt, so 1e1 is 1, 0x5 is 0 and abc is false either way',
    decidedBy: 'silent: "IAM JSON policy elements: Condition operators", numeric condition operators, compares integers and decimals; IAM Access Analyzer reports other values as a type mismatch, and no page says how they are evaluated',
  },
  {
    tag: 'arn-operator-on-a-value-that-is-not-an-arn',
    ours: 'UNDETERMINED',
    oracle: 'answers false for a value with fewer than six components, and never matches a pattern that is not ARN-shaped (ArnNotLike too)',
    decidedBy: 'silent: "IAM JSON policy elements: Condition operators", ARN condition operators, compare the six colon-separated components of an ARN and say nothing of a value that has fewer',
  },
  {
    tag: 'null-on-an-empty-list',
    ours: 'UNDETERMINED',
    oracle: 'counts a key given as an empty list as present',
    decidedBy: 'silent: "IAM JSON policy elements: Condition operators", Null, tells an absent key from a present one and says nothing of a key present with no value',
  },
  {
    tag: 'not-principal-with-allow',
    ours: 'UNDETERMINED',
    oracle: 'grants to every principal but those listed',
    decidedBy: 'silent: "IAM JSON policy elements: NotPrincipal" says NotPrincipal is used with Deny and is not supported with Allow (earlier versions of the page described it as granting to everyone else)',
  },
  {
    tag: 'not-principal-without-the-account',
    ours: 'UNDETERMINED',
    oracle: 'leaves the session out when its ARN or its role is listed',
    decidedBy: 'silent: "IAM JSON policy elements: NotPrincipal" says AWS may check the account, then the role, then the session, so that a NotPrincipal which does not also list the account "might" deny the session; it does not say when',
  },
];
