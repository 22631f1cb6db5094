import { Annotations, CfnResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { scopeDownReach, ScopeDownReach } from '../simulator/scope-down';

/*
 * Synth-time check of the grants of guest roles against the enhanced flow's scope-down
 * (SERVICE-CONTRACT.md §6): an action no guest session can ever use is dead code that looks
 * alive. Read from the final, resolved policies; anything unresolved is skipped, never guessed.
 *
 * With the classic (basic) flow on, guests can call AssumeRoleWithWebIdentity themselves and
 * escape the scope-down, so those grants do work: no warning then (the pool already warns
 * that the classic flow is on).
 */

const COGNITO_IDENTITY = 'cognito-identity.amazonaws.com';

/** Which identities a role's trust policy lets in, read from its `amr` conditions. */
type TrustedAmr = 'guests' | 'authenticated' | 'any' | 'unknown';

/**
 * Add a warning for each guest role granted actions the scope-down never lets through.
 * Guest roles: the roles the pool hands out whose trust admits only `amr` = unauthenticated,
 * and the pool's unauthenticated role when its trust does not restrict `amr` (and it is not
 * also the authenticated role). Returns no errors: it only warns.
 */
export function warnAboutGuestGrants(
  pool: IConstruct,
  unauthenticatedRole: iam.IRole | undefined,
  authenticatedRole: iam.IRole,
  rolesHandedOut: iam.IRole[],
  classicFlow: boolean,
): string[] {
  if (classicFlow) {
    return [];
  }
  for (const role of rolesHandedOut) {
    const trust = trustedAmr(role);
    const guestOnly = trust === 'guests'
      || (role === unauthenticatedRole && role !== authenticatedRole && trust === 'any');
    if (!guestOnly) continue;
    const dead = deadGuestActions(grantedActions(role));
    if (dead.length === 0) continue;
    Annotations.of(pool).addWarningV2(
      `cdk-identity-pool:guestScopeDown:${role.node.path}`,
      `The guest role ${role.node.path} is granted ${dead.join(', ')}, which guests never get in the enhanced flow: ` +
        'Cognito gives guest credentials a session policy that only allows a fixed list of services ' +
        '(S3, DynamoDB, Lambda, KMS Encrypt/Decrypt/ReEncrypt*/GenerateDataKey* and others; see docs/simulator.md), ' +
        'so these grants do nothing. Remove them, or grant them to authenticated users.',
    );
  }
  return [];
}

/** Of granted action patterns, those the guest scope-down never lets through (in order, once each). */
export function deadGuestActions(actions: string[]): string[] {
  return [...new Set(actions.filter((a) => scopeDownReach(a) === ScopeDownReach.NONE))];
}

/**
 * The actions the Allow statements of a role's policies grant, as far as they resolve to
 * literal strings: its inline policies, and the AWS::IAM::Policy (such as its DefaultPolicy)
 * and AWS::IAM::ManagedPolicy resources of its stack attached to it. NotAction statements
 * are skipped (they name what is not granted).
 */
export function grantedActions(role: iam.IRole): string[] {
  const cfnRole = role.node.defaultChild as CfnResource | undefined;
  if (!(cfnRole instanceof iam.CfnRole)) return [];
  const stack = Stack.of(cfnRole);
  const roleRef = JSON.stringify(stack.resolve(cfnRole.ref));
  const documents: unknown[] = [];
  const inline = stack.resolve(cfnRole.policies);
  if (Array.isArray(inline)) {
    // The L1 property resolves in its TypeScript shape (policyDocument), before CloudFormation's (PolicyDocument).
    inline.forEach((p) => documents.push(p?.policyDocument ?? p?.PolicyDocument));
  }
  const managedArns = JSON.stringify(stack.resolve(cfnRole.managedPolicyArns) ?? []);
  for (const construct of stack.node.findAll()) {
    if (construct instanceof iam.CfnPolicy) {
      if (JSON.stringify(stack.resolve(construct.roles) ?? []).includes(roleRef)) {
        documents.push(stack.resolve(construct.policyDocument));
      }
    } else if (construct instanceof iam.CfnManagedPolicy) {
      if (JSON.stringify(stack.resolve(construct.roles) ?? []).includes(roleRef)
        || managedArns.includes(JSON.stringify(stack.resolve(construct.ref)))) {
        documents.push(stack.resolve(construct.policyDocument));
      }
    }
  }
  const actions: string[] = [];
  for (const document of documents) {
    for (const statement of list((document as any)?.Statement)) {
      if (statement?.Effect !== 'Allow') continue;
      for (const action of list(statement.Action)) {
        if (typeof action === 'string') actions.push(action);
      }
    }
  }
  return actions;
}

/** Read a role's trust policy: which `amr` its Cognito Identity statements admit. */
function trustedAmr(role: iam.IRole): TrustedAmr {
  const cfnRole = role.node.defaultChild as CfnResource | undefined;
  if (!(cfnRole instanceof iam.CfnRole)) return 'unknown';
  const document = Stack.of(cfnRole).resolve(cfnRole.assumeRolePolicyDocument) as { Statement?: unknown } | undefined;
  const statements = list(document?.Statement).filter((s: any) => s?.Effect === 'Allow'
    && list(s.Principal?.Federated).includes(COGNITO_IDENTITY)
    && list(s.Action).some((a) => a === 'sts:AssumeRoleWithWebIdentity'));
  if (statements.length === 0) return 'unknown';
  const verdicts = statements.map((s: any): TrustedAmr => {
    const values: unknown[] = [];
    for (const block of Object.values(s.Condition ?? {})) {
      for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
        if (key.toLowerCase() === `${COGNITO_IDENTITY}:amr`) values.push(...list(value));
      }
    }
    if (values.length === 0) return 'any';
    if (values.some((v) => typeof v !== 'string')) return 'unknown';
    return values.every((v) => v === 'unauthenticated') ? 'guests' : 'authenticated';
  });
  if (verdicts.includes('unknown')) return 'unknown';
  if (verdicts.includes('any')) return 'any';
  return verdicts.every((v) => v === 'guests') ? 'guests' : 'authenticated';
}

function list(value: unknown): any[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
