import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { QuestionRunner } from './answers';
import { failures, Format, formatAnswers, FORMATS } from './format';
import { readQuestions } from './questions';
import { accessMatrix, matrixHtml, matrixMarkdown } from './report';
import { InputError, readSource, TemplateSource } from './sources';
import { TemplateEnvironment } from '../simulator/template';

/*
 * `cdk-identity-pool`: the access simulator for any identity pool template, from a shell or a
 * pipeline. Exit codes, as policy-as-code tools use them:
 *   0  every question answered, every expectation met (or a report written);
 *   1  an expectation failed;
 *   2  the command or its input is wrong (a usage error, a file that cannot be read, a malformed
 *      question, a template without the pool), with a message naming the file, entry and field.
 */

export const USAGE = `Usage:
  cdk-identity-pool simulate <template.json|template.yaml|cdk.out> --questions FILE [--format table|json|markdown|junit] [options]
  cdk-identity-pool report <template.json|template.yaml|cdk.out> --questions FILE --out report.html|report.md [options]

Options:
  --stack NAME            the stack of a cdk.out folder (needed when several stacks have a pool)
  --pool LOGICAL_ID       the identity pool of the template (needed when it has several)
  --parameter NAME=VALUE  a template parameter's value, over its default (repeat for each)
  --account ID            the account the template deploys to (default: the assembly's, else 123456789012)
  --region REGION         the region it deploys to (default: the assembly's, else us-east-1)

simulate  answers each question (who signs in, which role and session tags, and IAM's decision on the
          request) and exits 1 when an expected decision is not the simulator's.
report    writes an access matrix: who can sign in (guests, each mapping rule and user pool group,
          the default role) against the questions' requests, as HTML (no network needed) or Markdown.

Exit codes: 0 all met, 1 an expectation failed, 2 a usage or input error.
Questions: docs/cli.md.`;

/** Where the command writes: a process's streams, or a test's buffers. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** Run the command; returns the exit code. */
export function main(argv: string[], output: Output): number {
  try {
    return run(argv, output);
  } catch (e) {
    if (e instanceof InputError) {
      output.err(`cdk-identity-pool: ${e.message}\n`);
      return 2;
    }
    // The simulator's own refusals (a template without the pool, a bad provider) are input errors too.
    if (e instanceof Error && /^(IdentityPoolSimulator|SimulatedSession)\./.test(e.message)) {
      output.err(`cdk-identity-pool: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

function run(argv: string[], output: Output): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        questions: { type: 'string' },
        stack: { type: 'string' },
        pool: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        parameter: { type: 'string', multiple: true },
        account: { type: 'string' },
        region: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new InputError(`${(e as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const [command, location, ...extra] = positionals;
  if (values.help || command === 'help') {
    output.out(`${USAGE}\n`);
    return 0;
  }
  if (command === undefined) {
    output.err(`${USAGE}\n`);
    return 2;
  }
  if (command !== 'simulate' && command !== 'report') {
    throw new InputError(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
  }
  if (location === undefined) throw new InputError(`${command}: give a template file or a cdk.out folder\n${USAGE}`);
  if (extra.length > 0) throw new InputError(`${command}: unexpected argument ${JSON.stringify(extra[0])}\n${USAGE}`);
  if (values.questions === undefined) throw new InputError(`${command}: give the questions file with --questions FILE`);

  const source = readSource(location, values.stack);
  const questions = readQuestions(values.questions);
  const environment: TemplateEnvironment = {
    ...source.environment,
    ...(values.account === undefined ? {} : { account: values.account }),
    ...(values.region === undefined ? {} : { region: values.region }),
    parameters: parameterValues(source, values.parameter ?? []),
  };
  const runner = new QuestionRunner(source.template, environment, values.pool);

  if (command === 'simulate') {
    if (values.out !== undefined) throw new InputError('simulate: --out is for report; simulate prints to standard output');
    const format = (values.format ?? 'table') as Format;
    if (!FORMATS.includes(format)) throw new InputError(`simulate: invalid --format ${JSON.stringify(values.format)}: give table, json, markdown or junit`);
    const answers = questions.map((q) => runner.answer(q));
    output.out(formatAnswers(answers, format, source.label));
    return failures(answers) > 0 ? 1 : 0;
  }

  if (values.format !== undefined) throw new InputError('report: --format is for simulate; the report\'s format follows --out (.html or .md)');
  if (values.out === undefined || !/\.(html?|md)$/i.test(values.out)) throw new InputError('report: give --out report.html or --out report.md');
  const matrix = accessMatrix(runner, questions, source.label);
  fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
  fs.writeFileSync(values.out, /\.md$/i.test(values.out) ? matrixMarkdown(matrix) : matrixHtml(matrix));
  output.out(`cdk-identity-pool: wrote ${values.out} (${matrix.rows.length} principals, ${matrix.columns.length} questions)\n`);
  return 0;
}

/** `--parameter NAME=VALUE` flags: each a parameter the template declares. */
function parameterValues(source: TemplateSource, flags: string[]): { [name: string]: string } {
  const declared = Object.keys(source.template?.Parameters ?? {});
  const values: { [name: string]: string } = {};
  for (const flag of flags) {
    const at = flag.indexOf('=');
    const name = at < 0 ? flag : flag.slice(0, at);
    if (at <= 0) throw new InputError(`invalid --parameter ${JSON.stringify(flag)}: give NAME=VALUE`);
    if (!declared.includes(name)) {
      throw new InputError(`invalid --parameter ${JSON.stringify(flag)}: ${source.label} declares no parameter ${name} (its parameters are ${declared.join(', ') || 'none'})`);
    }
    values[name] = flag.slice(at + 1);
  }
  return values;
}

/** The `bin` entry: the process's arguments and streams, its exit code. */
export function cli(): void {
  process.exitCode = main(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}
