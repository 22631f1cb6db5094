/**
 * Lint every CloudFormation template the tests synthesized (test-reports/templates/) and the
 * hand-written templates they read (test/fixtures/*.yaml) with cfn-lint in one run. Zero errors
 * and zero warnings, and at least one synthesized template, or fail.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const dir = path.join(__dirname, '..', 'test-reports', 'templates');
const templates = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => path.join(dir, f)) : [];
if (templates.length === 0) {
  console.error(`cfn-lint: no template in ${dir}; did the tests run?`);
  process.exit(1);
}

const fixtures = path.join(__dirname, '..', 'test', 'fixtures');
const handWritten = fs.readdirSync(fixtures).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => path.join(fixtures, f));

const result = spawnSync('cfn-lint', ['--format', 'parseable', '--', ...templates, ...handWritten], { encoding: 'utf-8' });
if (result.error) {
  console.error(`cfn-lint could not run: ${result.error.message}`);
  process.exit(1);
}
const findings = result.stdout.split('\n').filter((line) => line.trim().length > 0);
// cfn-lint's exit code adds up 2 (errors), 4 (warnings) and 8 (informational only).
const failed = (result.status ?? 1) % 8;
for (const line of findings) console.log(line);
if (result.stderr.trim()) console.error(result.stderr.trim());
console.log(`cfn-lint: ${templates.length} synthesized and ${handWritten.length} hand-written templates, ${findings.length} findings`);
process.exit(failed === 0 ? 0 : 1);
