import { Annotations } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { IdentityPoolBase } from './identity-pool-base';
import { PoolRoleMapping } from './pool-hooks';
import { TagMapEntry } from '../principal-tags/principal-tag-maps';
import { ClassicFlowSetting, PrincipalTagsSetting } from '../settings/settings';
import * as v from '../validation';

/**
 * A pool this stack does not own (`IdentityPool.fromIdentityPoolId`, `fromIdentityPoolArn`): it
 * grants on the pool's ARN, and its principal tags and classic flow are written by the settings
 * custom resource, which reads the pool first and changes only what it was asked to.
 */
export class ImportedIdentityPool extends IdentityPoolBase {
  public readonly identityPoolId: string;
  public readonly identityPoolArn: string;
  private classicFlowSetting?: ClassicFlowSetting;
  private principalTagsSetting?: PrincipalTagsSetting;

  constructor(scope: Construct, id: string, identityPoolId: string, identityPoolArn: string) {
    super(scope, id, { environmentFromArn: identityPoolArn });
    this.identityPoolId = identityPoolId;
    this.identityPoolArn = identityPoolArn;
    // Another import of the same pool in this stack shares the settings: they must agree.
    this.node.addValidation({ validate: () => this.classicFlowSetting?.conflictOf(this) ?? [] });
  }

  public configureClassicFlow(allow: boolean): void {
    this.classicFlowSetting ??= ClassicFlowSetting.of(this, { identityPoolId: this.identityPoolId, identityPoolArn: this.identityPoolArn });
    this.classicFlowSetting.set(this, allow);
  }

  /** @internal */
  protected _classicFlowOn(): boolean {
    return this.classicFlowSetting?.askedBy(this) === true;
  }

  /** @internal */
  public _addRoleMapping(mapping: PoolRoleMapping): void {
    v.refuse(mapping, `invalid identityPool ${this.node.path}`,
      'a RoleMapping needs an IdentityPool of this stack: SetIdentityPoolRoles replaces a pool\'s whole role configuration, ' +
        'which on an imported pool would overwrite the roles and mappings set elsewhere');
  }

  /** @internal */
  public _setDeveloperProvider(scope: IConstruct, _providerName: string, sessionTags: boolean): void {
    // The developer provider name of a pool this stack does not own was set elsewhere:
    // DeveloperProvider only grants on it.
    if (sessionTags) {
      Annotations.of(scope).addWarningV2('cdk-identity-pool:developerSessionTagsImported',
        `sessionTags has no effect on the imported pool ${this.node.path}: its roles are not this stack's. ` +
        'Add sts:TagSession (with the aud and amr conditions) to the trust policy of every role it hands to developer identities, where those roles are defined.');
    }
  }

  /** @internal */
  protected _writePrincipalTagMap(entry: TagMapEntry): void {
    // CloudFormation has no safe way to touch a pool it does not own: the custom resource
    // reads each provider's map first and refuses to overwrite one set elsewhere.
    this.principalTagsSetting ??= PrincipalTagsSetting.of(this, { identityPoolId: this.identityPoolId, identityPoolArn: this.identityPoolArn });
    this.principalTagsSetting.add(this, entry);
  }
}
