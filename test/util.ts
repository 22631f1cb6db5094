import { App, CfnElement, Stack, StackProps } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { IConstruct } from 'constructs';

/** A fresh app and stack; env-agnostic unless props say otherwise. */
export function newStack(props?: StackProps): Stack {
  return new Stack(new App(), 'Stack', props);
}

/** The logical id CloudFormation knows a construct by (its default child for L2s). */
export function logicalId(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(element);
}

/** A user pool with one client, made in the stack (so its provider name is a token). */
export function userPoolWithClient(stack: Stack, id = 'Users'): { userPool: cognito.UserPool; client: cognito.UserPoolClient } {
  const userPool = new cognito.UserPool(stack, id);
  const client = userPool.addClient('Web');
  return { userPool, client };
}

/** The one resource of a type in a template, asserting there is exactly one. */
export function only(template: Template, type: string): { logicalId: string; properties: any; resource: any } {
  const resources = template.findResources(type);
  const ids = Object.keys(resources);
  expect(ids).toHaveLength(1);
  return { logicalId: ids[0], properties: resources[ids[0]].Properties, resource: resources[ids[0]] };
}

/** Warnings left on constructs of the stack, as their message texts. */
export function warnings(stack: Stack): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));
}

/** The trust-policy statements of a role resource. */
export function trustStatements(role: any): any[] {
  return role.Properties.AssumeRolePolicyDocument.Statement;
}
