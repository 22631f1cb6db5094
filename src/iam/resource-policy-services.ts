/*
 * The services whose resources can carry a resource-based policy: IAM User Guide, "AWS services
 * that work with IAM", the services whose "Resource-based policies" column says Yes or Partial
 * (read from a 2025 copy of the table), by IAM service prefix as the Service Authorization
 * Reference names them. A request for a resource of one of them may be allowed, or denied, by
 * that resource's own policy.
 *
 * Left out: Cost Explorer (`ce`), whose own IAM page says it has no resource-based policies
 * although the table says Yes; and IAM, whose only resource-based policies are role trust
 * policies, which decide `sts:` requests for a role and nothing else (`hasResourcePolicies`).
 */
const SERVICES_WITH_RESOURCE_POLICIES: ReadonlySet<string> = new Set([
  'acm-pca', 'apigateway', 'backup', 'cloud9', 'cloudtrail', 'codeartifact', 'codebuild', 'dynamodb', 'ec2',
  'ecr', 'elasticfilesystem', 'entityresolution', 'es', 'events', 'execute-api', 'glacier', 'glue', 'iot',
  'kafka', 'kinesis', 'kms', 'lambda', 'lex', 'logs', 'mediastore', 'organizations', 'redshift-serverless',
  'refactor-spaces', 'rekognition', 's3', 's3-outposts', 's3express', 's3tables', 'schemas',
  'secretsmanager', 'serverlessrepo', 'ses', 'signer', 'sns', 'sqs', 'ssm', 'ssm-contacts', 'ssm-incidents',
]);

/**
 * Whether a resource of the service the ARN names (its IAM service prefix) can have a policy of
 * its own that decides a request for the action: a role's trust policy decides only `sts:`
 * actions on the role.
 */
export function hasResourcePolicies(arnService: string, action: string): boolean {
  const service = arnService.toLowerCase();
  if (service === 'iam') {
    return action.toLowerCase().startsWith('sts:');
  }
  return SERVICES_WITH_RESOURCE_POLICIES.has(service);
}
