import { IConstruct } from 'constructs';

/**
 * The construct-metadata key under which aws-cdk-lib's `Validations.acknowledge()` records
 * acknowledged rules, and which policy-validation plugins such as cdk-nag 3 read. Written
 * directly so the library does not need the aws-cdk-lib release that added `Validations`.
 */
const ACKNOWLEDGED_RULES = 'aws:cdk:acknowledged-rules';

/** Acknowledge a validation rule (a cdk-nag finding) on a construct the library made. */
export function acknowledgeRule(scope: IConstruct, ruleId: string, reason: string): void {
  scope.node.addMetadata(ACKNOWLEDGED_RULES, { [ruleId]: reason });
}
