/*
 * The AWS documentation the simulator's reasons cite, by page title: a reader can find each in
 * the Amazon Cognito Developer Guide, the Cognito Identity API reference or the IAM User Guide.
 * What no page settles is cited as a section of docs/service-contract.md, which ships with the
 * package.
 */

/** Cognito developer guide, role-based access control: mappings, rules, tokens, the default roles. */
export const ROLE_BASED_ACCESS = 'Cognito developer guide, "Role-based access control"';
/** Its section on token-based mappings (`cognito:roles`, `cognito:preferred_role`, `CustomRoleArn`). */
export const TOKEN_ROLES = 'Cognito developer guide, "Role-based access control", "Using tokens to assign roles to users"';
/** Its section on rule-based mappings. */
export const RULE_ROLES = 'Cognito developer guide, "Role-based access control", "Using rules to assign roles to users"';
/** User pool groups, their roles and precedence in the ID token. */
export const USER_POOL_GROUPS = 'Cognito developer guide, "Adding groups to a user pool"';
/** The roles of identity pools: trust policies, the guest scope-down of the enhanced flow. */
export const IAM_ROLES = 'Cognito developer guide, "IAM roles"';
/** Principal tags (attributes for access control) and their default mappings. */
export const ATTRIBUTES_FOR_ACCESS_CONTROL = 'Cognito developer guide, "Using attributes for access control"';
/** The enhanced and basic flows. */
export const AUTH_FLOW = 'Cognito developer guide, "Identity pools authentication flow"';
/** Which logins a pool accepts. */
export const GET_ID = 'Cognito Identity API reference, "GetId"';
/** Developer-authenticated identities and their per-call session tags. */
export const DEVELOPER_IDENTITIES = 'Cognito Identity API reference, "GetOpenIdTokenForDeveloperIdentity"';
/** IAM's evaluation of a request. */
export const POLICY_EVALUATION = 'IAM User Guide, "Policy evaluation logic"';

/** A point no AWS page settles, by its section of the contract that ships with the package. */
export function unsettled(section: string): string {
  return `unsettled: docs/service-contract.md ${section}`;
}
