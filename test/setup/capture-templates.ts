/**
 * Every template a test synthesizes through `Template.fromStack` is also written to
 * test-reports/templates/, where the `cfn-lint` task lints them all in one run after jest.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';

const OUT_DIR = path.join(__dirname, '..', '..', 'test-reports', 'templates');
const fromStack = Template.fromStack.bind(Template);
let counter = 0;

Template.fromStack = (stack, templateParsingOptions) => {
  const template = fromStack(stack, templateParsingOptions);
  const testFile = path.basename(expect.getState().testPath ?? 'unknown', '.ts');
  fs.mkdirSync(OUT_DIR, { recursive: true });
  counter += 1;
  fs.writeFileSync(path.join(OUT_DIR, `${testFile}-${counter}.json`), JSON.stringify(template.toJSON(), undefined, 1));
  return template;
};
