import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { AMR_KEY, AUD_KEY, COGNITO_IDENTITY } from '../../service/principal';

/**
 * The roles an identity pool makes (its default roles and those of `createRole`) and their
 * trust (docs/service-contract.md §5): each trusts exactly one pool's identities of one kind, by
 * the `aud` and `amr` conditions, and once the pool has principal tags the authenticated ones
 * also allow `sts:TagSession` under the same conditions (§2). Guests get no principal tags,
 * so a guest role never needs it.
 */

/** What a role made by a pool may be given (the options of `IdentityPool.createRole`). */
export interface PoolRoleOptions {
  readonly sessionTags?: boolean;
  readonly description?: string;
  readonly roleName?: string;
}

/** Which identities a role trusts: the `amr` value of its trust policy. */
export type Amr = 'authenticated' | 'unauthenticated';

/** What the library knows of a role a pool made. */
export interface MadeRole {
  /** The pool whose identities the role trusts, and no other. */
  readonly pool: IConstruct;
  readonly amr: Amr;
}

/** Every role a pool of the app made, whichever pool: a role trusts only its maker. */
const MADE_ROLES = new WeakMap<IConstruct, MadeRole>();

/** The pool that made a role and the identities it trusts; undefined for a role made elsewhere. */
export function madeRole(role: iam.IRole): MadeRole | undefined {
  return MADE_ROLES.get(role);
}

/** The roles one pool made, in the order it made them. */
export class PoolRoles {
  private readonly roles: Array<{ role: iam.Role; amr: Amr; sessionTags: boolean }> = [];
  private tagging = false;

  /**
   * @param pool the pool: the roles are made in its scope
   * @param identityPoolId the id their `aud` condition names
   */
  constructor(private readonly pool: Construct, private readonly identityPoolId: string) {}

  /** Make a role that trusts exactly this pool's identities of one kind. */
  public make(id: string, amr: Amr, options: PoolRoleOptions = {}): iam.Role {
    const role = new iam.Role(this.pool, id, {
      assumedBy: new iam.FederatedPrincipal(COGNITO_IDENTITY, this.trust(amr), 'sts:AssumeRoleWithWebIdentity'),
      description: options.description,
      roleName: options.roleName,
    });
    this.roles.push({ role, amr, sessionTags: false });
    MADE_ROLES.set(role, { pool: this.pool, amr });
    if ((this.tagging && amr === 'authenticated') || options.sessionTags) {
      this.allowSessionTags(role);
    }
    return role;
  }

  /** Every role this pool made. */
  public get all(): iam.Role[] {
    return this.roles.map((r) => r.role);
  }

  /** Whether the pool's sessions carry principal tags (a principal-tag map was written). */
  public get sessionTagsInUse(): boolean {
    return this.tagging;
  }

  /**
   * The pool now has principal tags: every authenticated role it made, or will make, allows
   * `sts:TagSession`.
   */
  public useSessionTags(): void {
    if (this.tagging) {
      return;
    }
    this.tagging = true;
    this.roles.filter((r) => r.amr === 'authenticated').forEach((r) => this.allowSessionTags(r.role));
  }

  private allowSessionTags(role: iam.Role): void {
    const made = this.roles.find((r) => r.role === role)!;
    if (made.sessionTags) {
      return;
    }
    made.sessionTags = true;
    role.assumeRolePolicy!.addStatements(new iam.PolicyStatement({
      actions: ['sts:TagSession'],
      principals: [new iam.FederatedPrincipal(COGNITO_IDENTITY, this.trust(made.amr))],
    }));
  }

  private trust(amr: Amr): iam.Conditions {
    return {
      'StringEquals': { [AUD_KEY]: this.identityPoolId },
      'ForAnyValue:StringLike': { [AMR_KEY]: amr },
    };
  }
}
