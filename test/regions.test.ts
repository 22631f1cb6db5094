/**
 * Regions in the names the library writes (docs/service-contract.md §1, "Regions"; §3): a user pool
 * is named in its own region, whatever the stack's; an identity pool's ARN names the region of
 * its id.
 */
import { Aws, CfnParameter, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { IdentityPool, IdentityProvider, RoleMapping, RoleMappingRule } from '../src';
import { logicalId, newStack, only } from './util';

const ENV = { region: 'us-east-1', account: '123456789012' };
const EU_POOL = 'eu-west-1_abcdefghi';
const EU_NAME = `cognito-idp.eu-west-1.amazonaws.com/${EU_POOL}`;

/** A resolved name as a string, `AWS::URLSuffix` read as in the `aws` partition; other references as `<Ref X>`. */
function flatten(value: any): string {
  if (typeof value === 'string') return value;
  if (value?.Ref === 'AWS::URLSuffix') return 'amazonaws.com';
  if (value?.Ref) return `<Ref ${value.Ref}>`;
  if (value?.['Fn::Join']) return value['Fn::Join'][1].map(flatten).join(value['Fn::Join'][0]);
  return JSON.stringify(value);
}

/** An identity pool that uses the provider in all three places: authentication, a role mapping, a principal-tag map. */
function poolUsing(stack: Stack, provider: IdentityProvider): { template: Template; names: string[] } {
  const pool = new IdentityPool(stack, 'Pool', { authenticationProviders: [provider] });
  new RoleMapping(stack, 'Departments', {
    identityPool: pool,
    provider,
    rules: [RoleMappingRule.equalTo('custom:department', 'eng', pool.createRole('Engineers'))],
  });
  pool.addPrincipalTags(provider, { tags: { department: 'custom:department' } });
  const template = Template.fromStack(stack);
  const identityPool = only(template, 'AWS::Cognito::IdentityPool').properties;
  const mappings = only(template, 'AWS::Cognito::IdentityPoolRoleAttachment').properties.RoleMappings;
  const tags = only(template, 'AWS::Cognito::IdentityPoolPrincipalTag').properties;
  return {
    template,
    names: [
      flatten(identityPool.CognitoIdentityProviders[0].ProviderName),
      flatten(Object.values<any>(mappings)[0].IdentityProvider),
      flatten(tags.IdentityProviderName),
    ],
  };
}

describe('§1 Regions: a user pool is named in its own region', () => {
  test('§1: a user pool of eu-west-1 imported into a us-east-1 stack keeps eu-west-1 in its Logins key, role-mapping key and principal-tag name', () => {
    const stack = newStack({ env: ENV });
    const userPool = cognito.UserPool.fromUserPoolId(stack, 'Users', EU_POOL);
    const client = cognito.UserPoolClient.fromUserPoolClientId(stack, 'Web', 'client1');
    const provider = IdentityProvider.userPool(userPool, client);

    expect([provider.loginsKey, provider.roleMappingKey, provider.principalTagName].map((n) => flatten(stack.resolve(n)))).toEqual([
      EU_NAME, `${EU_NAME}:client1`, EU_NAME,
    ]);
    // aws-cdk-lib's own name for the import carries the stack's region: the reason for this rule.
    expect(flatten(stack.resolve(userPool.userPoolProviderName))).toBe(`cognito-idp.us-east-1.amazonaws.com/${EU_POOL}`);

    const { template, names } = poolUsing(stack, provider);
    expect(names).toEqual([EU_NAME, `${EU_NAME}:client1`, EU_NAME]);
    expect(JSON.stringify(template.toJSON())).not.toContain('us-east-1.');
  });

  test('§1: in an env-agnostic stack the region of a literal id is written, not AWS::Region', () => {
    const stack = newStack();
    const userPool = cognito.UserPool.fromUserPoolId(stack, 'Users', EU_POOL);
    const { names } = poolUsing(stack, IdentityProvider.userPool(userPool, cognito.UserPoolClient.fromUserPoolClientId(stack, 'Web', 'client1')));
    expect(names).toEqual([EU_NAME, `${EU_NAME}:client1`, EU_NAME]);
  });

  test('§1: a pool of the stack\'s own region renders exactly the name aws-cdk-lib builds, so existing templates do not change', () => {
    const stack = newStack({ env: ENV });
    const same = cognito.UserPool.fromUserPoolId(stack, 'Same', 'us-east-1_abc');
    expect(stack.resolve(IdentityProvider.userPool(same, cognito.UserPoolClient.fromUserPoolClientId(stack, 'C1', 'c1')).loginsKey))
      .toEqual(stack.resolve(same.userPoolProviderName));
    // fromUserPoolArn with a literal ARN already names the ARN's region: kept as aws-cdk-lib builds it.
    const byArn = cognito.UserPool.fromUserPoolArn(stack, 'ByArn', `arn:aws:cognito-idp:eu-west-1:123456789012:userpool/${EU_POOL}`);
    const provider = IdentityProvider.userPool(byArn, cognito.UserPoolClient.fromUserPoolClientId(stack, 'C2', 'c2'));
    expect(stack.resolve(provider.loginsKey)).toEqual(stack.resolve(byArn.userPoolProviderName));
    expect(flatten(stack.resolve(provider.loginsKey))).toBe(EU_NAME);
  });

  test('§1: the URL suffix stays the partition\'s (AWS::URLSuffix), never a hard-coded amazonaws.com', () => {
    const stack = newStack({ env: { region: 'cn-north-1', account: '123456789012' } });
    const userPool = cognito.UserPool.fromUserPoolId(stack, 'Users', 'cn-northwest-1_abc');
    const name = stack.resolve(IdentityProvider.userPool(userPool, cognito.UserPoolClient.fromUserPoolClientId(stack, 'Web', 'c')).loginsKey);
    expect(name).toEqual({ 'Fn::Join': ['', ['cognito-idp.cn-northwest-1.', { Ref: 'AWS::URLSuffix' }, '/cn-northwest-1_abc']] });
  });

  test('§1: with an id that is a token the pool\'s own userPoolProviderName is used (documented assumption)', () => {
    const stack = newStack({ env: ENV });
    const made = new cognito.UserPool(stack, 'Made');
    const provider = IdentityProvider.userPool(made, made.addClient('Web'));
    expect(stack.resolve(provider.loginsKey)).toEqual({ 'Fn::GetAtt': [logicalId(made), 'ProviderName'] });

    // fromUserPoolId with a token id: aws-cdk-lib's name in the stack's region, as the docs say.
    const id = new CfnParameter(stack, 'UserPoolId').valueAsString;
    const imported = cognito.UserPool.fromUserPoolId(stack, 'Imported', id);
    const fromToken = IdentityProvider.userPool(imported, cognito.UserPoolClient.fromUserPoolClientId(stack, 'C', 'c'));
    expect(stack.resolve(fromToken.loginsKey)).toEqual(stack.resolve(imported.userPoolProviderName));
    expect(flatten(stack.resolve(fromToken.loginsKey))).toBe('cognito-idp.us-east-1.amazonaws.com/<Ref UserPoolId>');
  });
});

describe('§3: an identity pool ARN names the region of its id', () => {
  const ID = 'us-east-1:11111111-2222-3333-4444-555555555555';

  test('§3: an ARN whose region is not the pool id\'s is refused at synth, naming path, field, value and rule', () => {
    const stack = newStack();
    const arn = `arn:aws:cognito-identity:us-west-2:123456789012:identitypool/${ID}`;
    expect(() => IdentityPool.fromIdentityPoolArn(stack, 'Imported', arn)).toThrow(
      `Stack/Imported: invalid identityPoolArn "${arn}": its region us-west-2 is not the region of the pool id ${ID} (us-east-1); ` +
        `a pool lives in the region its id names, so its ARN is arn:PARTITION:cognito-identity:us-east-1:ACCOUNT:identitypool/${ID}`,
    );
  });

  test('§3: an ARN of the id\'s region is taken; an ARN that is a token is not judged', () => {
    const stack = newStack();
    const arn = `arn:aws:cognito-identity:us-east-1:123456789012:identitypool/${ID}`;
    expect(IdentityPool.fromIdentityPoolArn(stack, 'Imported', arn).identityPoolId).toBe(ID);
    const partly = `arn:aws:cognito-identity:${Aws.REGION}:123456789012:identitypool/${ID}`;
    expect(() => IdentityPool.fromIdentityPoolArn(stack, 'Token', partly)).not.toThrow();
  });
});
