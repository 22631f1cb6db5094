import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ExampleStack } from '../examples/app';

/**
 * The example app (examples/app.ts) is what users copy: it must not teach deprecated
 * aws-cdk-lib APIs. (No section of docs/service-contract.md: this is about aws-cdk-lib's API.)
 */

test('the example app synthesizes with JSII_DEPRECATED=fail: no deprecated aws-cdk-lib API, in it or in the library', () => {
  // aws-cdk-lib checks every prop and call against its deprecations and, in "fail" mode,
  // throws a DeprecationError instead of printing a warning (it reads the variable on each use).
  const previous = process.env.JSII_DEPRECATED;
  process.env.JSII_DEPRECATED = 'fail';
  try {
    const app = new App();
    const stack = new ExampleStack(app, 'Example');
    // Threat protection enforced, the way aws-cdk-lib now spells it: the Plus plan.
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  } finally {
    if (previous === undefined) delete process.env.JSII_DEPRECATED;
    else process.env.JSII_DEPRECATED = previous;
  }
});
