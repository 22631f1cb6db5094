import { ResolvedTemplate } from './template';
import { ROLE_BASED_ACCESS } from '../service/sources';

/** The pool as the template deploys it: its resolved configuration, role attachment and principal-tag maps. */
/** Whether the pool lets guests in (`AllowUnauthenticatedIdentities`, which the template may write as a string). */
export function allowsGuests(view: PoolView): boolean {
  return view.pool.AllowUnauthenticatedIdentities === true || view.pool.AllowUnauthenticatedIdentities === 'true';
}

export interface PoolView {
  readonly template: ResolvedTemplate;
  /** Logical id of the `AWS::Cognito::IdentityPool`. */
  readonly logicalId: string;
  /** The pool's id (stand-in `<region>:<guid>`). */
  readonly id: string;
  /** The region the pool's id names (an identity pool lives in the region of its id). */
  readonly region: string;
  /** Resolved properties of the pool. */
  readonly pool: any;
  /** Resolved properties of the pool's role attachment, when it has one. */
  readonly attachment?: any;
  /** A note when the stack has more than one attachment for the pool (the service keeps one per pool). */
  readonly attachmentNote?: string;
  /** The resolved `AWS::Cognito::IdentityPoolPrincipalTag` resources of the template (of any pool). */
  readonly principalTagMaps: any[];
}

/** Read the pool `logicalId` of a template. */
export function poolView(template: ResolvedTemplate, logicalId: string): PoolView {
  const id = template.resolve({ Ref: logicalId }) as string;
  const attachments = template.resourcesOfType('AWS::Cognito::IdentityPoolRoleAttachment')
    .filter((a) => template.properties(a).IdentityPoolId === id);
  return {
    template,
    logicalId,
    id,
    region: id.split(':')[0],
    pool: template.properties(logicalId),
    attachment: attachments.length > 0 ? template.properties(attachments[attachments.length - 1]) : undefined,
    attachmentNote: attachments.length > 1
      ? `the stack has ${attachments.length} role attachments for the pool (${attachments.join(', ')}); the service keeps the last one applied, ` +
        `an order CloudFormation does not fix (${ROLE_BASED_ACCESS}: one role configuration per pool); this answer uses ${attachments[attachments.length - 1]}`
      : undefined,
    principalTagMaps: template.resourcesOfType('AWS::Cognito::IdentityPoolPrincipalTag').map((tagMap) => template.properties(tagMap)),
  };
}

/** The logical id of the identity pool to simulate: the one asked for, or the template's only one. */
export function choosePool(template: ResolvedTemplate, asked: string | undefined): string {
  const pools = template.resourcesOfType('AWS::Cognito::IdentityPool');
  if (asked !== undefined) {
    if (!pools.includes(asked)) {
      throw new Error(`IdentityPoolSimulator.fromTemplate: invalid pool ${JSON.stringify(asked)}: the template's identity pools are ${describePools(pools)}`);
    }
    return asked;
  }
  if (pools.length !== 1) {
    throw new Error(pools.length === 0
      ? 'IdentityPoolSimulator.fromTemplate: invalid template: it has no AWS::Cognito::IdentityPool'
      : `IdentityPoolSimulator.fromTemplate: missing pool: the template has ${pools.length} identity pools (${describePools(pools)}); give the logical id of one as the pool option`);
  }
  return pools[0];
}

function describePools(pools: string[]): string {
  return pools.length === 0 ? 'none' : pools.join(', ');
}
