/** A generated case (./iam-cases.ts) put to the library's evaluator (src/iam/), with every context key complete. */
import { IamCase, ACCOUNT, ROLE_ARN, SESSION_ARN } from './iam-cases';
import { AccessDecision } from '../../src/iam/decision';
import { EvaluationInput, PolicyEvaluator } from '../../src/iam/evaluation';

/** The evaluator's input for a case: the request's context is all there is (an absent key is absent). */
export function evaluationInput(c: IamCase): EvaluationInput {
  return {
    action: c.action,
    resource: c.resource,
    context: c.context,
    identityPolicies: c.identity.map((document, i) => ({ label: `identity policy ${i}`, document })),
    unseenPolicies: [],
    permissionsBoundary: c.boundary ? { label: 'the permissions boundary', document: c.boundary } : undefined,
    sessionPolicies: c.session ? [{ label: 'the session policy', document: c.session }] : undefined,
    principal: { roleArn: ROLE_ARN, sessionArn: SESSION_ARN, account: ACCOUNT },
    resourcePolicy: c.resourcePolicy ? { policy: { label: 'the resource policy', document: c.resourcePolicy }, keyPolicy: c.keyPolicy } : undefined,
    completeKeys: COMPLETE,
  };
}

const COMPLETE = ['*'];

export function ourDecision(c: IamCase, evaluator = new PolicyEvaluator()): AccessDecision {
  return evaluator.evaluate(evaluationInput(c));
}
