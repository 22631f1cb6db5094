/**
 * The shared test vector of the jsii languages (see vector.ts): the committed TypeScript result
 * that the Python and Java tests (`npx projen test:languages`) compare theirs with.
 */
import * as fs from 'fs';
import { synthesizeVector, VECTOR_TEMPLATE, vectorText } from './vector';

describe('languages: the shared test vector', () => {
  const resources = synthesizeVector();

  test('the committed vector.template.json is what TypeScript synthesizes now (npx projen languages:vector rewrites it)', () => {
    expect(fs.readFileSync(VECTOR_TEMPLATE, 'utf8')).toEqual(vectorText(resources));
  });

  test('§1 §2: the vector covers the pool, the roles that trust it, the attachment and both principal-tag maps', () => {
    const byType = (type: string) => Object.values(resources).filter((r: any) => r.Type === type);
    expect(byType('AWS::Cognito::IdentityPool')).toHaveLength(1);
    expect(byType('AWS::Cognito::IdentityPoolRoleAttachment')).toHaveLength(1);
    expect(byType('AWS::Cognito::IdentityPoolPrincipalTag')).toHaveLength(2);
    const poolId = Object.keys(resources).find((id) => resources[id].Type === 'AWS::Cognito::IdentityPool');
    const trusting = byType('AWS::IAM::Role').filter((role: any) =>
      JSON.stringify(role.Properties.AssumeRolePolicyDocument).includes(JSON.stringify({ Ref: poolId })));
    // The default authenticated role, Admins and Editors.
    expect(trusting).toHaveLength(3);
    const attachment: any = byType('AWS::Cognito::IdentityPoolRoleAttachment')[0];
    expect(attachment.Properties.RoleMappings).toBeDefined();
  });
});
