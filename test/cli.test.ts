/**
 * The `cdk-identity-pool` command (src/cli/, docs/cli.md), run in-process through `main()` with
 * the arguments a pipeline gives it: its answers are the library's (`fromTemplate`), its exit
 * codes gate (0 met, 1 an expectation failed, 2 bad input), bad input names the file, the
 * entry and the field, a cloud assembly is read as `cdk synth` writes it, and the access
 * report's rows get the roles the emulator hands out for the same sign-ins.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ExampleStack } from '../examples/app';
import { IdentityPool, IdentityPoolSimulator, IdentityProvider } from '../src';
import { deployTemplate } from './support/deploy';
import { liveEmulator } from './support/emulator-fixture';
import { credentialsFor, testToken, userPoolIdToken } from './support/tokens';
import { deployedGroups, withGroupRoleClaims } from './support/user-pool';
import { main } from '../src/cli/main';
import { ResolvedTemplate } from '../src/simulator/template';
import { readTemplate } from '../src/simulator/template-text';

const FIXTURES = path.join(__dirname, 'fixtures');
const HANDWRITTEN = path.join(FIXTURES, 'handwritten-pool.yaml');
const HANDWRITTEN_QUESTIONS = path.join(FIXTURES, 'questions', 'handwritten.yaml');
const REPORT_POOL = path.join(FIXTURES, 'report-pool.yaml');
const USER_POOL = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_HandWrit1';

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

function run(...args: string[]): Run {
  let out = '';
  let err = '';
  const code = main(args, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-test-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A questions file in the test's folder. */
function questions(text: string, name = 'questions.yaml'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const ENGINEER = `  signIn:
    provider: ${USER_POOL}
    claims: { sub: eve, custom:department: eng }
`;

describe('simulate', () => {
  test('answers as the library does, and exits 0 when every expectation is met', () => {
    const result = run('simulate', HANDWRITTEN, '--questions', HANDWRITTEN_QUESTIONS, '--parameter', 'Stage=prod', '--format', 'json');
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(report).toMatchObject({ source: HANDWRITTEN, questions: 5, failed: 0 });

    // The same questions asked through the API.
    const sim = IdentityPoolSimulator.fromTemplate(fs.readFileSync(HANDWRITTEN, 'utf-8'), { parameters: { Stage: 'prod' } });
    const eng = sim.signIn(USER_POOL, { claims: { 'sub': 'eve', 'custom:department': 'eng' } });
    const sales = sim.signIn(USER_POOL, { claims: { 'sub': 'sam', 'custom:department': 'sales' } });
    const expected = [
      [eng, 's3:GetObject', 'arn:aws:s3:::prod-photos/eng/a.jpg'],
      [eng, 's3:DeleteObject', 'arn:aws:s3:::prod-photos/eng/a.jpg'],
      [eng, 's3:GetObject', 'arn:aws:s3:::prod-photos/ops/a.jpg'],
      [sales, 's3:GetObject', 'arn:aws:s3:::prod-photos/sales/a.jpg'],
      [eng, 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:123456789012:shared'],
    ] as const;
    expect(report.answers.map((a: any) => [a.action, a.resource, a.decision, a.reason, a.met])).toEqual(
      expected.map(([session, action, resource]) => {
        const answer = session.evaluate(action, resource);
        return [action, resource, answer.decision, answer.reason, true];
      }));
    expect(report.answers[0]).toMatchObject({ who: `sub eve, via ${USER_POOL}`, granted: true, role: 'EngineersRole', principalTags: { department: 'eng' } });
    expect(report.answers[3]).toMatchObject({ granted: false, signIn: sales.reason });
  });

  test('an unmet expectation exits 1 and is marked in the table', () => {
    const file = questions(`- name: engineers delete photos\n${ENGINEER}  action: s3:DeleteObject\n  resource: !Sub '\${PhotosBucket.Arn}/eng/a.jpg'\n  expect: ALLOWED\n`);
    const result = run('simulate', HANDWRITTEN, '--questions', file, '--parameter', 'Stage=prod');
    expect(result.code).toBe(1);
    const [header, rule, row, , summary] = result.out.split('\n');
    expect(header.split(/\s{2,}/)).toEqual(['question', 'who', 'role', 'tags', 'decision', 'expected', 'reason']);
    expect(rule).toMatch(/^-+( +-+)+$/);
    expect(row).toContain('engineers delete photos');
    expect(row).toMatch(/EngineersRole\s+department=eng\s+DENIED\s+ALLOWED FAILED\s+explicitly denied by statement "NoDeletes"/);
    expect(summary).toBe('1 question, 1 with an expectation: 1 FAILED');
  });

  test('a question without an expectation is answered and does not fail the run', () => {
    const file = questions(`- name: read\n${ENGINEER}  action: s3:GetObject\n  resource: arn:aws:s3:::prod-photos/eng/a.jpg\n`);
    const result = run('simulate', HANDWRITTEN, '--questions', file, '--parameter', 'Stage=prod', '--format', 'json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out).answers[0]).toMatchObject({ decision: 'ALLOWED' });
    expect(JSON.parse(result.out).answers[0].met).toBeUndefined();
  });

  test('markdown: one row a question, pipes escaped', () => {
    const file = questions(`- name: a | b\n${ENGINEER}  action: s3:GetObject\n  resource: arn:aws:s3:::prod-photos/eng/a.jpg\n  expect: ALLOWED\n`);
    const result = run('simulate', HANDWRITTEN, '--questions', file, '--parameter', 'Stage=prod', '--format', 'markdown');
    expect(result.code).toBe(0);
    const lines = result.out.split('\n');
    expect(lines[0]).toBe(`# Access questions: ${HANDWRITTEN}`);
    expect(lines[2]).toBe('| question | who | role | tags | decision | expected | reason |');
    expect(lines[4]).toMatch(/^\| a \\\| b \| sub eve, via cognito-idp\S+ \| EngineersRole \| department=eng \| ALLOWED \| ALLOWED ok \| allowed by /);
    expect(lines).toContain('1 question, 1 with an expectation: all met');
  });

  test('junit: a test case a question, a failure for an expectation not met, skipped without one, well-formed XML', () => {
    const file = questions(`- name: reads <eng> & "prod"\n${ENGINEER}  action: s3:GetObject\n  resource: arn:aws:s3:::prod-photos/eng/a.jpg\n  expect: ALLOWED\n` +
      `- name: deletes\n${ENGINEER}  action: s3:DeleteObject\n  resource: arn:aws:s3:::prod-photos/eng/a.jpg\n  expect: ALLOWED\n` +
      `- name: lists\n${ENGINEER}  action: s3:ListBucket\n  resource: arn:aws:s3:::prod-photos\n`);
    const result = run('simulate', HANDWRITTEN, '--questions', file, '--parameter', 'Stage=prod', '--format', 'junit');
    expect(result.code).toBe(1);
    // Read back by an XML parser that is not ours (Python's, which CI has for moto).
    const read = spawnSync('python3', ['-c', [
      'import json, sys, xml.etree.ElementTree as ET',
      'root = ET.fromstring(sys.stdin.read())',
      'cases = root.findall("./testsuite/testcase")',
      'print(json.dumps({"root": root.attrib, "cases": [{"name": c.get("name"), "failure": (c.find("failure").get("message") if c.find("failure") is not None else None), ' +
        '"skipped": c.find("skipped") is not None, "out": c.findtext("system-out")} for c in cases]}))',
    ].join('\n')], { input: result.out, encoding: 'utf-8' });
    expect(read.stderr).toBe('');
    const xml = JSON.parse(read.stdout);
    expect(xml.root).toEqual({ name: 'cdk-identity-pool simulate', tests: '3', failures: '1', errors: '0', skipped: '1' });
    expect(xml.cases.map((c: any) => [c.name, c.failure, c.skipped])).toEqual([
      ['reads <eng> & "prod"', null, false],
      ['deletes', 'expected ALLOWED, the simulator answers DENIED', false],
      ['lists', null, true],
    ]);
    expect(xml.cases[1].out).toMatch(/^who: sub eve, via cognito-idp\S+; role: EngineersRole; tags: department=eng; decision: DENIED; reason: explicitly denied by statement "NoDeletes"/);
  });

  test('${identityId} in a resource is the user\'s identity id; a context value may be an intrinsic', () => {
    const template = {
      Parameters: { Vpc: { Type: 'String', Default: 'vpc-0a1b2c3d' } },
      Resources: {
        Pool: { Type: 'AWS::Cognito::IdentityPool', Properties: { AllowUnauthenticatedIdentities: false, SupportedLoginProviders: { 'accounts.google.com': 'app' } } },
        Files: { Type: 'AWS::S3::Bucket' },
        User: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: trustFor('Pool', 'authenticated'),
            Policies: [{
              PolicyName: 'Own',
              PolicyDocument: {
                Statement: [{
                  Effect: 'Allow',
                  Action: 's3:GetObject',
                  Resource: { 'Fn::Sub': '${Files.Arn}/private/${!cognito-identity.amazonaws.com:sub}/*' },
                  Condition: { StringEquals: { 'aws:SourceVpc': { Ref: 'Vpc' } } },
                }],
              },
            }],
          },
        },
        Attachment: { Type: 'AWS::Cognito::IdentityPoolRoleAttachment', Properties: { IdentityPoolId: { Ref: 'Pool' }, Roles: { authenticated: { 'Fn::GetAtt': ['User', 'Arn'] } } } },
      },
    };
    const templateFile = path.join(dir, 'template.json');
    fs.writeFileSync(templateFile, JSON.stringify(template));
    const google = '  signIn:\n    provider: accounts.google.com\n    claims: { sub: g1 }\n  action: s3:GetObject\n';
    const file = questions([
      `- name: own folder from the VPC\n${google}  resource: !Sub '\${Files.Arn}/private/\${identityId}/a'\n  context: { aws:SourceVpc: !Ref Vpc }\n  expect: ALLOWED`,
      `- name: own folder from elsewhere\n${google}  resource: !Sub '\${Files.Arn}/private/\${identityId}/a'\n  context: { aws:SourceVpc: vpc-other }\n  expect: DENIED`,
      `- name: another folder from the VPC\n${google}  resource: !Sub '\${Files.Arn}/private/us-east-1:someone-else/a'\n  context: { aws:SourceVpc: !Ref Vpc }\n  expect: DENIED`,
    ].join('\n') + '\n');
    const result = run('simulate', templateFile, '--questions', file, '--format', 'json');
    expect(result.code).toBe(0);
    const sim = IdentityPoolSimulator.fromTemplate(template);
    const identityId = sim.signIn('accounts.google.com', { claims: { sub: 'g1' } }).identityId!;
    const bucket = new ResolvedTemplate(template).resolve({ 'Fn::GetAtt': ['Files', 'Arn'] });
    expect(JSON.parse(result.out).answers[0].resource).toBe(`${bucket}/private/${identityId}/a`);
  });

  test('--account and --region place the template', () => {
    const file = questions(`- name: read\n${ENGINEER}  action: s3:GetObject\n  resource: arn:aws:s3:::prod-photos/eng/a.jpg\n`);
    const result = run('simulate', HANDWRITTEN, '--questions', file, '--parameter', 'Stage=prod', '--account', '210987654321', '--region', 'eu-west-1', '--format', 'json');
    // The user pool's provider name is built from AWS::Region: in eu-west-1 the question's us-east-1 name is not the pool's.
    expect(result.code).toBe(2);
    expect(result.err).toContain('"cognito-idp.eu-west-1.amazonaws.com/us-east-1_HandWrit1"');
  });
});

describe('input errors exit 2 with a message naming the file, the entry and the field', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['not a list', 'name: x\n', /questions\.yaml: give a list of questions/],
    ['unparseable', '- name: [unclosed\n', /questions\.yaml: not JSON or YAML/],
    ['unknown field', `- name: q\n${ENGINEER}  action: s3:GetObject\n  resource: '*'\n  expected: ALLOWED\n`,
      /questions\.yaml: question 1 \("q"\): invalid expected: not a field of a question \(the fields are name, signIn, guest, action, resource/],
    ['no name', `- ${ENGINEER.trimStart()}  action: s3:GetObject\n  resource: '*'\n`, /questions\.yaml: question 1: invalid name: give each question a name/],
    ['bad action', `- name: q\n${ENGINEER}  action: GetObject\n  resource: '*'\n`, /question 1 \("q"\): invalid action: "GetObject": give one IAM action, service:Action/],
    ['no resource', `- name: q\n${ENGINEER}  action: s3:GetObject\n`, /question 1 \("q"\): invalid resource: give an ARN, \*, or an intrinsic/],
    ['both sign-ins', `- name: q\n${ENGINEER}  guest: true\n  action: s3:GetObject\n  resource: '*'\n`, /question 1 \("q"\): invalid signIn: give either signIn/],
    ['neither sign-in', '- name: q\n  action: s3:GetObject\n  resource: \'*\'\n', /question 1 \("q"\): invalid signIn: give either signIn/],
    ['bad expectation', `- name: q\n${ENGINEER}  action: s3:GetObject\n  resource: '*'\n  expect: allowed\n`,
      /question 1 \("q"\): invalid expect: "allowed": give ALLOWED, DENIED or UNDETERMINED/],
    ['bad claims', `- name: q\n  signIn:\n    provider: ${USER_POOL}\n    claims: [sub]\n  action: s3:GetObject\n  resource: '*'\n`, /question 1 \("q"\): invalid signIn\.claims/],
    ['unknown sign-in field', `- name: q\n  signIn:\n    provider: ${USER_POOL}\n    role: admin\n  action: s3:GetObject\n  resource: '*'\n`,
      /question 1 \("q"\): invalid signIn\.role: not a field of a sign-in/],
    ['a provider the pool does not accept', '- name: q\n  signIn:\n    provider: accounts.gogle.com\n  action: s3:GetObject\n  resource: \'*\'\n',
      new RegExp(`question 1 \\("q"\\): invalid signIn\\.provider: "accounts\\.gogle\\.com" is not a provider of the pool; the names it accepts in Logins are "${USER_POOL.replace(/\./g, '\\.')}", "accounts\\.google\\.com"`)],
    ['a provider intrinsic that does not resolve', '- name: q\n  signIn:\n    provider: !ImportValue Users-Provider\n  action: s3:GetObject\n  resource: \'*\'\n',
      /question 1 \("q"\): invalid signIn\.provider: it depends on Fn::ImportValue Users-Provider/],
    ['duplicate names', `- name: q\n${ENGINEER}  action: s3:GetObject\n  resource: '*'\n- name: q\n${ENGINEER}  action: s3:PutObject\n  resource: '*'\n`,
      /question 2 \("q"\): invalid name: another question has it/],
  ];
  test.each(cases)('%s', (_title, text, message) => {
    const file = questions(text);
    const result = run('simulate', HANDWRITTEN, '--questions', file, '--parameter', 'Stage=prod');
    expect(result.out).toBe('');
    expect(result.err).toMatch(message);
    expect(result.err.startsWith(`cdk-identity-pool: ${file}`)).toBe(true);
    expect(result.code).toBe(2);
  });

  const file = () => questions(`- name: q\n${ENGINEER}  action: s3:GetObject\n  resource: '*'\n`);
  const usage: Array<[string, () => string[], RegExp]> = [
    ['no command', () => [], /^Usage:/],
    ['an unknown command', () => ['check', HANDWRITTEN], /unknown command "check"/],
    ['no template', () => ['simulate'], /simulate: give a template file or a cdk\.out folder/],
    ['no questions', () => ['simulate', HANDWRITTEN], /simulate: give the questions file with --questions FILE/],
    ['a template that does not exist', () => ['simulate', path.join(dir, 'nope.json'), '--questions', file()], /nope\.json: no such file or folder/],
    ['a questions file that does not exist', () => ['simulate', HANDWRITTEN, '--questions', path.join(dir, 'nope.yaml')], /nope\.yaml: no such questions file/],
    ['a folder that is not a cloud assembly', () => ['simulate', dir, '--questions', file()], /not a cloud assembly \(it has no manifest\.json\)/],
    ['--stack on a template file', () => ['simulate', HANDWRITTEN, '--stack', 'S', '--questions', file()], /--stack S: .* is a template file, not a cloud assembly/],
    ['an unknown format', () => ['simulate', HANDWRITTEN, '--questions', file(), '--format', 'csv'], /invalid --format "csv": give table, json, markdown or junit/],
    ['an unknown option', () => ['simulate', HANDWRITTEN, '--questions', file(), '--verbose'], /Unknown option '--verbose'/],
    ['a parameter the template does not declare', () => ['simulate', HANDWRITTEN, '--questions', file(), '--parameter', 'Stag=prod'],
      /invalid --parameter "Stag=prod": .*handwritten-pool\.yaml declares no parameter Stag \(its parameters are Stage\)/],
    ['a parameter without a value', () => ['simulate', HANDWRITTEN, '--questions', file(), '--parameter', 'Stage'], /invalid --parameter "Stage": give NAME=VALUE/],
    ['a pool the template does not have', () => ['simulate', HANDWRITTEN, '--questions', file(), '--pool', 'Other'],
      /invalid pool "Other": the template's identity pools are .*IdentityPool/],
    ['a report without --out', () => ['report', HANDWRITTEN, '--questions', file()], /report: give --out report\.html or --out report\.md/],
    ['a report with --format', () => ['report', HANDWRITTEN, '--questions', file(), '--out', 'r.md', '--format', 'json'], /report: --format is for simulate/],
  ];
  test.each(usage)('%s', (_title, args, message) => {
    const result = run(...args());
    expect(result.err).toMatch(message);
    expect(result.code).toBe(2);
  });

  test('a template without an identity pool', () => {
    const template = path.join(dir, 'empty.json');
    fs.writeFileSync(template, JSON.stringify({ Resources: { Files: { Type: 'AWS::S3::Bucket' } } }));
    const result = run('simulate', template, '--questions', file());
    expect(result.err).toMatch(/invalid template: it has no AWS::Cognito::IdentityPool/);
    expect(result.code).toBe(2);
  });

  test('help exits 0 with the usage', () => {
    const result = run('--help');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Usage:\n {2}cdk-identity-pool simulate /);
    expect(result.out).toContain('Exit codes: 0 all met, 1 an expectation failed, 2 a usage or input error.');
  });
});

describe('a cloud assembly (cdk.out)', () => {
  function exampleAssembly(): string {
    const app = new App({ outdir: path.join(dir, 'cdk.out') });
    new ExampleStack(app, 'IdentityPoolExample');
    app.synth();
    return path.join(dir, 'cdk.out');
  }

  test('the example app answers its own questions (examples/questions.yaml)', () => {
    const outdir = exampleAssembly();
    const result = run('simulate', outdir, '--questions', path.join(__dirname, '..', 'examples', 'questions.yaml'), '--format', 'json');
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(report.source).toBe(`${outdir} (stack IdentityPoolExample)`);
    expect(report.questions).toBe(7);
    expect(report.failed).toBe(0);
    expect(report.answers.find((a: any) => a.who.includes('groups admins')).role).toMatch(/^PoolAdminRole/);
  });

  test('the README\'s questions hold for the example app', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
    const block = /```yaml\n(# access\.yaml\n[\s\S]*?)```/.exec(readme);
    expect(block).not.toBeNull();
    const result = run('simulate', exampleAssembly(), '--questions', questions(block![1]), '--format', 'json');
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out).questions).toBe(2);
  });

  test('stacks of stages, the environment of the stack, --stack', () => {
    const outdir = path.join(dir, 'cdk.out');
    const app = new App({ outdir });
    const stage = new Stage(app, 'Prod', { env: { account: '210987654321', region: 'eu-west-1' } });
    const withPool = (stack: Stack) => {
      const userPool = new cognito.UserPool(stack, 'Users');
      new IdentityPool(stack, 'Pool', { authenticationProviders: [IdentityProvider.userPool(userPool, userPool.addClient('Web'))] });
      return stack;
    };
    withPool(new Stack(stage, 'Web'));
    withPool(new Stack(app, 'Dev'));
    new s3.Bucket(new Stack(app, 'Storage'), 'Files');
    app.synth();
    const file = questions('- name: list\n  guest: true\n  action: s3:ListAllMyBuckets\n  resource: \'*\'\n  expect: DENIED\n');

    const both = run('simulate', outdir, '--questions', file);
    expect(both.err).toMatch(/2 stacks have an identity pool \((Prod-Web, Dev|Dev, Prod-Web)\); pick one with --stack/);
    expect(both.code).toBe(2);
    const unknown = run('simulate', outdir, '--questions', file, '--stack', 'Staging');
    expect(unknown.err).toMatch(/--stack Staging: .* has no such stack; its stacks are .*Prod-Web/);

    const prod = run('simulate', outdir, '--questions', file, '--stack', 'Prod-Web', '--format', 'json');
    expect(prod.err).toBe('');
    expect(prod.code).toBe(0);
    // The stage's account and region, as of(pool) reads them from the stack.
    const signedIn = questions(
      '- name: read\n  signIn:\n    provider: !GetAtt Users0A0EEA89.ProviderName\n  action: cognito-identity:GetId\n  resource: \'*\'\n', 'signed-in.yaml');
    const answer = JSON.parse(run('simulate', outdir, '--questions', signedIn, '--stack', 'Prod-Web', '--format', 'json').out).answers[0];
    expect(answer.who).toMatch(/via cognito-idp\.eu-west-1\.amazonaws\.com\/eu-west-1_/);
  });
});

describe('report', () => {
  const live = liveEmulator();

  const REPORT_QUESTIONS = `- name: read public
  guest: true
  action: s3:GetObject
  resource: !Sub '\${Files.Arn}/public/a.txt'
- name: write public
  guest: true
  action: s3:PutObject
  resource: !Sub '\${Files.Arn}/public/a.txt'
- name: own folder
  guest: true
  action: s3:PutObject
  resource: !Sub '\${Files.Arn}/private/\${identityId}/a.txt'
- name: delete anything
  guest: true
  action: s3:DeleteObject
  resource: !Sub '\${Files.Arn}/x'
`;

  test('rows: who can sign in, each with the role the emulator hands out for the same sign-in', async () => {
    const out = path.join(dir, 'report.md');
    const result = run('report', REPORT_POOL, '--questions', questions(REPORT_QUESTIONS), '--out', out);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toBe(`cdk-identity-pool: wrote ${out} (6 principals, 4 questions)\n`);
    const rows = fs.readFileSync(out, 'utf-8').split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| who') && !line.startsWith('| ---'))
      .map((line) => line.slice(2, -2).split(' | '));
    const userPool = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Report01 (app client reportclient)';
    expect(rows).toEqual([
      ['guest', 'GuestRole', 'ALLOWED', 'DENIED', 'DENIED', 'DENIED'],
      [`${userPool}: group editors`, 'EditorRole', 'ALLOWED', 'ALLOWED', 'DENIED', 'DENIED'],
      [`${userPool}: group admins`, 'AdminRole', 'ALLOWED', 'ALLOWED', 'ALLOWED', 'ALLOWED'],
      [`${userPool}: no role claim matches`, 'UserRole', 'ALLOWED', 'ALLOWED', 'ALLOWED', 'DENIED'],
      ['accounts.google.com: rule 1 (hd Equals "example.com")', 'EditorRole', 'ALLOWED', 'ALLOWED', 'DENIED', 'DENIED'],
      ['accounts.google.com: no rule matches', 'no credentials', 'DENIED', 'DENIED', 'DENIED', 'DENIED'],
    ]);

    // The same sign-ins against the deployed template.
    const template = readTemplate(fs.readFileSync(REPORT_POOL, 'utf-8'));
    const deployment = await deployTemplate(template, { emulator: live.emulator });
    const roleOf = (arn: string) => deployment.resources.find((r) => r.type === 'AWS::IAM::Role' && r.attributes.Arn === arn)?.logicalId;
    const login = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Report01';
    const member = (groups: string[]) => ({ [login]: userPoolIdToken(login, 'reportclient', withGroupRoleClaims({ 'sub': 'u', 'cognito:groups': groups }, 'us-east-1_Report01', deployedGroups(deployment))) });
    const issued = async (logins?: Record<string, string>) => {
      try {
        return roleOf((await credentialsFor(live.client, live.emulator, deployment.poolId, logins)).roleArn);
      } catch (e) {
        return 'no credentials';
      }
    };
    expect([
      await issued(),
      await issued(member(['editors'])),
      await issued(member(['admins'])),
      await issued({ [login]: userPoolIdToken(login, 'reportclient', { sub: 'u' }) }),
      await issued({ 'accounts.google.com': testToken({ iss: 'https://accounts.google.com', aud: 'google-app', sub: 'g', hd: 'example.com' }) }),
      await issued({ 'accounts.google.com': testToken({ iss: 'https://accounts.google.com', aud: 'google-app', sub: 'g' }) }),
    ]).toEqual(rows.map((row) => row[1]));
  });

  test('HTML: self-contained (nothing fetched), each cell with its decision and reason', () => {
    const out = path.join(dir, 'nested', 'report.html');
    const result = run('report', REPORT_POOL, '--questions', questions(REPORT_QUESTIONS), '--out', out);
    expect(result.code).toBe(0);
    const html = fs.readFileSync(out, 'utf-8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|src=|href=|url\(/i);
    const cells = [...html.matchAll(/<td class="(allowed|denied|undetermined)" title="([^"]*)">(\w+)<\/td>/g)];
    expect(cells).toHaveLength(6 * 4);
    for (const [, cls, reason, text] of cells) {
      expect(text.toLowerCase()).toBe(cls);
      expect(reason.length).toBeGreaterThan(10);
    }
    const bucket = new ResolvedTemplate(readTemplate(fs.readFileSync(REPORT_POOL, 'utf-8'))).resolve({ 'Fn::GetAtt': ['Files', 'Arn'] });
    expect(html).toContain(`<li><strong>read public</strong>: <code>s3:GetObject</code> on <code>${bucket}/public/a.txt</code></li>`);
  });
});

/** A role's trust policy for a pool's identities. */
function trustFor(pool: string, amr: string) {
  return {
    Statement: [{
      Effect: 'Allow',
      Principal: { Federated: 'cognito-identity.amazonaws.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { 'StringEquals': { 'cognito-identity.amazonaws.com:aud': { Ref: pool } }, 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr } },
    }],
  };
}
