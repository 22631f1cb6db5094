/**
 * Options of `IdentityPoolSimulator.signIn`: what the user's login carries.
 */
export interface SignInOptions {
  /**
   * The claims of the user's token (ID token of a user pool, OIDC or social provider; for a
   * developer provider, `sub` is the developer user identifier). Each value is a string or a
   * list of strings (`cognito:groups`, `cognito:roles`). Values may be tokens of the app
   * (`role.roleArn` in `cognito:roles`): they are resolved like the template.
   *
   * `sub` names the user: the identity id is derived from it (a stand-in subject when
   * absent). When `aud` is absent, the simulator fills it in with the audience the pool's
   * template shows: a user pool provider's app client id, a public provider's app id (not for
   * Twitter, whose app id is a key pair, nor for OIDC and SAML providers, whose audience the
   * template does not tell).
   *
   * @default - no claims but `aud` as above
   */
  readonly claims?: { [name: string]: any };

  /**
   * The user pool groups of the user: the ID token's `cognito:groups`, as the group names
   * (`group.groupName` of a group of the app may be given). For a user pool provider whose token
   * gives neither `cognito:roles` nor `cognito:preferred_role`, the simulator fills them in from
   * the template's `AWS::Cognito::UserPoolGroup` resources, as the user pool does when it issues
   * the ID token (Cognito developer guide, "Adding groups to a user pool"): the roles of the
   * groups, and the role of the group with the lowest precedence. Give either this or
   * `claims['cognito:groups']`.
   *
   * @default - the groups in `claims`, if any
   */
  readonly groups?: string[];

  /**
   * The `CustomRoleArn` of `GetCredentialsForIdentity`: the role the user asks for. Only a
   * token-based role mapping reads it, and only when it is one of the token's `cognito:roles`
   * (docs/service-contract.md §4). May be a token (`role.roleArn`).
   *
   * @default - none
   */
  readonly customRoleArn?: string;

  /**
   * Session tags of a developer-authenticated identity: the `PrincipalTags` of
   * `GetOpenIdTokenForDeveloperIdentity` (docs/service-contract.md §1, §2). Only a developer
   * provider takes them; other providers' tags come from the pool's principal-tag maps.
   *
   * @default - none
   */
  readonly principalTags?: { [tag: string]: string };
}

/**
 * Options of `SimulatedSession.evaluate`.
 */
export interface EvaluateOptions {
  /**
   * Condition keys of the request (for example `aws:SourceIp`, `s3:prefix`), each a string or
   * a list of strings; values may be tokens. The session's own keys
   * (`cognito-identity.amazonaws.com:sub`, `:aud`, `:amr`, `aws:PrincipalTag/<tag>`) are
   * filled in by the simulator and cannot be given here. A condition on a key that is
   * neither given here nor one of the session's makes the answer `UNDETERMINED`.
   *
   * @default - only the session's keys
   */
  readonly context?: { [key: string]: any };

  /**
   * The resource-based policy of the resource asked about, when it is not a resource of the
   * template: a policy document (`{ Statement: [...] }`, with `Principal` elements), or
   * `{ Statement: [] }` for a resource that has none. Without it, a question about a resource
   * outside the template of a service that has resource policies (S3, SQS, KMS, Lambda, ...)
   * depends on a policy the simulator cannot see, and is `UNDETERMINED` unless an explicit Deny
   * decides. A resource of the template has its own policy there; giving one is an error.
   *
   * @default - the template's policy of the resource, or none for a service without resource policies
   */
  readonly resourcePolicy?: { [key: string]: any };
}
