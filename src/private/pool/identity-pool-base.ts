import { Annotations, Resource, ResourceProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { PoolHooks, PoolRoleMapping } from './pool-hooks';
import { IIdentityPool, PrincipalTagOptions } from '../../identity-pool-interfaces';
import { IdentityProvider } from '../../identity-provider';
import { PrincipalTagMaps, TagMapEntry } from '../principal-tags/principal-tag-maps';

/**
 * What every identity pool of the library has, made in a stack or imported: the per-pool grants,
 * principal tags (validated here, written by the subclass), and the classic-flow warning.
 *
 * Hidden from the public API: jsii erases it, so `IdentityPool` carries its members itself.
 *
 * @internal
 */
export abstract class IdentityPoolBase extends Resource implements IIdentityPool, PoolHooks {
  public abstract readonly identityPoolId: string;
  public abstract readonly identityPoolArn: string;
  /**
   * The principal-tag maps of the pool, one per principal-tag name.
   * @internal
   */
  protected readonly _principalTagMaps = new PrincipalTagMaps();

  constructor(scope: Construct, id: string, props: ResourceProps = {}) {
    super(scope, id, props);
    // Decided at synth, on the final value: configureClassicFlow(false) after (true) leaves
    // no warning behind.
    this.node.addValidation({
      validate: () => {
        if (this._classicFlowOn()) {
          Annotations.of(this).addWarningV2(
            'cdk-identity-pool:classicFlow',
            'The basic (classic) authentication flow is on: clients can get credentials for any role the pool trusts ' +
              'without the pool\'s role choice. Prefer the enhanced flow.',
          );
        }
        return [];
      },
    });
    // Principal tag names given as tokens are judged once their values are known.
    this.node.addValidation({ validate: () => this._principalTagMaps.tokenNameProblems(this) });
  }

  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.identityPoolArn] });
  }

  public grantReadIdentities(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'cognito-identity:DescribeIdentity', 'cognito-identity:ListIdentities');
  }

  public grantDeleteIdentities(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'cognito-identity:DeleteIdentities');
  }

  public addPrincipalTags(provider: IdentityProvider, options: PrincipalTagOptions): void {
    const entry = this._principalTagMaps.add(this, provider, options);
    if (entry) {
      this._writePrincipalTagMap(entry);
    }
  }

  public abstract configureClassicFlow(allow: boolean): void;

  /** @jsii ignore */
  public setAllowClassicFlow(allow: boolean): void {
    this.configureClassicFlow(allow);
  }

  /**
   * Whether the library turns classic flow on for this pool.
   * @internal
   */
  protected abstract _classicFlowOn(): boolean;

  /** @internal */
  public abstract _addRoleMapping(mapping: PoolRoleMapping): void;

  /** @internal */
  public abstract _setDeveloperProvider(scope: IConstruct, providerName: string, sessionTags: boolean): void;

  /**
   * Write one new principal-tag map (its name not yet mapped on this pool).
   * @internal
   */
  protected abstract _writePrincipalTagMap(entry: TagMapEntry): void;
}
