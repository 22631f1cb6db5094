import { Annotations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { IdentityPool } from './identity-pool';
import { IdentityProvider, IdentityProviderType } from './identity-provider';
import { hooksOf } from './private/pool/pool-hooks';
import * as v from './private/validation';
import * as limits from './service/limits';

/**
 * What the pool does with a user whose token matches no rule, or whose token-based role
 * claim is missing or ambiguous.
 */
export enum AmbiguousRoleResolution {
  /** Give the user the pool's default authenticated role. */
  AUTHENTICATED_ROLE = 'AuthenticatedRole',
  /** Refuse credentials. */
  DENY = 'Deny',
}

/**
 * How a rule compares a claim with its value.
 */
export enum MatchType {
  /** The claim equals the value. */
  EQUALS = 'Equals',
  /** The claim contains the value. */
  CONTAINS = 'Contains',
  /** The claim starts with the value. */
  STARTS_WITH = 'StartsWith',
  /** The claim does not equal the value. */
  NOT_EQUAL = 'NotEqual',
}

/**
 * One rule of a rule-based role mapping: users whose token claim matches get the role.
 * Rules are evaluated in order; the first match wins.
 */
export class RoleMappingRule {
  /** The claim equals the value, for example `cognito:groups` equals `admins`. */
  public static equalTo(claim: string, value: string, role: iam.IRole): RoleMappingRule {
    return new RoleMappingRule(claim, MatchType.EQUALS, value, role);
  }

  /**
   * TypeScript name of `equalTo` (jsii reserves `equals`, a method of every object in Java
   * and C#, so other languages have only `equalTo`).
   *
   * @jsii ignore
   */
  public static equals(claim: string, value: string, role: iam.IRole): RoleMappingRule {
    return RoleMappingRule.equalTo(claim, value, role);
  }

  /** The claim contains the value. */
  public static contains(claim: string, value: string, role: iam.IRole): RoleMappingRule {
    return new RoleMappingRule(claim, MatchType.CONTAINS, value, role);
  }

  /** The claim starts with the value. */
  public static startsWith(claim: string, value: string, role: iam.IRole): RoleMappingRule {
    return new RoleMappingRule(claim, MatchType.STARTS_WITH, value, role);
  }

  /** The claim does not equal the value. */
  public static notEqual(claim: string, value: string, role: iam.IRole): RoleMappingRule {
    return new RoleMappingRule(claim, MatchType.NOT_EQUAL, value, role);
  }

  private constructor(
    /** The token claim the rule reads (1-64 characters). */
    public readonly claim: string,
    /** How the claim is compared. */
    public readonly matchType: MatchType,
    /** The value it is compared with (1-128 characters). */
    public readonly value: string,
    /** The role users matching the rule get. */
    public readonly role: iam.IRole,
  ) {}
}

/**
 * Properties of a `RoleMapping`.
 */
export interface RoleMappingProps {
  /** The pool whose users are mapped. It must accept logins from `provider`. */
  readonly identityPool: IdentityPool;

  /** The provider whose users are mapped; a pool takes one mapping per provider. */
  readonly provider: IdentityProvider;

  /**
   * Rules evaluated in order, the first match choosing the role (1-25 rules). Roles should
   * come from `identityPool.createRole()`; the trust policy of a role made elsewhere is
   * yours to write.
   *
   * @default - none; then `useToken` must be true
   */
  readonly rules?: RoleMappingRule[];

  /**
   * Take the role from the token's `cognito:preferred_role` / `cognito:roles` claims instead
   * of rules. Cognito user pool ID tokens carry them (user pool groups with an IAM role), and
   * a SAML provider's assertion carries its own Role attribute. Public login providers and
   * developer providers carry no role claim, so a token-based mapping for them is refused; for
   * an OpenID Connect provider it works only if your provider puts the claims in its tokens
   * (a warning says so).
   *
   * @default false
   */
  readonly useToken?: boolean;

  /**
   * What to do when no rule matches or the token's role claim is missing or ambiguous.
   *
   * The default is DENY: a user the mapping does not recognize gets no credentials, rather
   * than silently falling back to the pool's default authenticated role. Choose
   * AUTHENTICATED_ROLE when every signed-in user should get at least that role.
   *
   * @default AmbiguousRoleResolution.DENY
   */
  readonly ambiguousRoleResolution?: AmbiguousRoleResolution;
}

/**
 * Maps the users of one provider of a pool to roles, by rules on their token's claims or by
 * the roles their token carries.
 *
 * The service keeps one role configuration per pool, so every mapping of a pool is rendered
 * into the pool's single `AWS::Cognito::IdentityPoolRoleAttachment`, whatever the number of
 * mappings and the order they are made in.
 */
export class RoleMapping extends Construct {
  /** The provider whose users are mapped. */
  public readonly provider: IdentityProvider;

  private readonly rules: RoleMappingRule[];
  private readonly useToken: boolean;
  private readonly ambiguousRoleResolution: AmbiguousRoleResolution;

  constructor(scope: Construct, id: string, props: RoleMappingProps) {
    super(scope, id);
    this.provider = props.provider;
    this.rules = [...(props.rules ?? [])];
    this.useToken = props.useToken ?? false;
    this.ambiguousRoleResolution = props.ambiguousRoleResolution ?? AmbiguousRoleResolution.DENY;

    // JavaScript callers are not stopped by the type: an imported pool refuses the mapping
    // itself, and anything else is refused here.
    const pool = hooksOf(props.identityPool);
    if (!pool) {
      v.refuse(this, `invalid identityPool ${props.identityPool?.node?.path ?? String(props.identityPool)}`,
        'a RoleMapping needs an IdentityPool of this library');
    }
    v.validateString(this, 'role-mapping key', props.provider.roleMappingKey, limits.ROLE_MAPPING_KEY);
    if (this.useToken && this.rules.length > 0) {
      v.refuse(this, `invalid rules (${this.rules.length} given)`, 'a token-based mapping (useToken: true) takes no rules');
    }
    if (this.useToken) {
      validateTokenMapping(this, props.provider);
    } else {
      if (this.rules.length === 0) {
        v.refuse(this, props.rules === undefined ? 'missing rules' : 'invalid rules (none given)', 'give 1-25 rules, or useToken: true');
      }
      v.validateCount(this, 'rules', this.rules.length, 1, limits.MAX_RULES);
      if (props.provider.type === IdentityProviderType.DEVELOPER) {
        Annotations.of(this).addWarningV2('cdk-identity-pool:developerRoleMapping',
          `A rule-based mapping for ${props.provider} is unsettled: no AWS documentation or known ` +
            'deployment shows the service accepting a developer provider name as a role-mapping key. Check on a deployed pool ' +
            'that a developer identity gets the mapped role, or give developer identities the pool\'s default authenticated role.');
      }
    }
    this.rules.forEach((rule, i) => {
      v.validateString(this, `rules[${i}].claim`, rule.claim, limits.CLAIM_NAME);
      v.validateString(this, `rules[${i}].value`, rule.value, limits.CLAIM_VALUE);
    });

    pool._addRoleMapping(this);
  }

  /**
   * The roles the mapping's rules hand out.
   * @internal
   */
  public _roles(): iam.IRole[] {
    return this.rules.map((r) => r.role);
  }

  /**
   * Whether the role comes from the token (so any role trusting the pool may be handed out).
   * @internal
   */
  public _usesToken(): boolean {
    return this.useToken;
  }

  /** @internal */
  public _render(): cognito.CfnIdentityPoolRoleAttachment.RoleMappingProperty {
    return {
      identityProvider: this.provider.roleMappingKey,
      type: this.useToken ? 'Token' : 'Rules',
      ambiguousRoleResolution: this.ambiguousRoleResolution,
      rulesConfiguration: this.useToken ? undefined : {
        rules: this.rules.map((r) => ({ claim: r.claim, matchType: r.matchType, value: r.value, roleArn: r.role.roleArn })),
      },
    };
  }
}

/**
 * Token-based mappings read the `cognito:roles` / `cognito:preferred_role` claims
 * (docs/service-contract.md §4): refuse providers whose tokens never carry them, warn where it is
 * unsettled.
 */
function validateTokenMapping(mapping: RoleMapping, provider: IdentityProvider): void {
  switch (provider.type) {
    case IdentityProviderType.SOCIAL:
    case IdentityProviderType.DEVELOPER:
      v.refuse(mapping, `invalid useToken for ${provider}`,
        'its tokens carry no cognito:roles or cognito:preferred_role claim, so a token-based mapping would deny every user; use rules');
    case IdentityProviderType.OPEN_ID_CONNECT:
      Annotations.of(mapping).addWarningV2('cdk-identity-pool:tokenMappingOidc',
        `A token-based mapping for ${provider} works only if its ID tokens carry the cognito:roles or cognito:preferred_role claim; ` +
          'otherwise every user is refused (or gets the default role with AmbiguousRoleResolution.AUTHENTICATED_ROLE).');
      return;
    default:
      return;
  }
}
