import { Answer } from './answers';

/** How `simulate` prints its answers. */
export type Format = 'table' | 'json' | 'markdown' | 'junit';
export const FORMATS: Format[] = ['table', 'json', 'markdown', 'junit'];

/** The answers, one row a question, in the given format. */
export function formatAnswers(answers: Answer[], format: Format, source: string): string {
  switch (format) {
    case 'json':
      return JSON.stringify({ source, questions: answers.length, failed: failures(answers), answers }, undefined, 2) + '\n';
    case 'markdown':
      return markdown(answers, source);
    case 'junit':
      return junit(answers, source);
    default:
      return table(answers);
  }
}

/** How many expectations failed. */
export function failures(answers: Answer[]): number {
  return answers.filter((a) => a.met === false).length;
}

const COLUMNS = ['question', 'who', 'role', 'tags', 'decision', 'expected', 'reason'];

function cells(a: Answer): string[] {
  const tags = Object.entries(a.principalTags).map(([k, v]) => `${k}=${v}`).join(', ');
  const expected = a.expect === undefined ? '' : `${a.expect} ${a.met ? 'ok' : 'FAILED'}`;
  return [a.name, a.who, a.granted ? a.role ?? '(outside the template)' : 'none', tags, a.decision, expected, a.reason];
}

/** A plain-text table for a terminal: long reasons are cut, the JSON format has them whole. */
function table(answers: Answer[]): string {
  const rows = [COLUMNS, ...answers.map(cells)].map((row) => row.map((cell, i) => (i === row.length - 1 ? cut(cell, 160) : cut(cell, 48))));
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (row: string[]) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [line(rows[0]), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)];
  return `${out.join('\n')}\n\n${summary(answers)}\n`;
}

function markdown(answers: Answer[], source: string): string {
  const esc = (cell: string) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `# Access questions: ${esc(source)}`,
    '',
    `| ${COLUMNS.join(' | ')} |`,
    `| ${COLUMNS.map(() => '---').join(' | ')} |`,
    ...answers.map((a) => `| ${cells(a).map(esc).join(' | ')} |`),
    '',
    summary(answers),
    '',
  ].join('\n');
}

/**
 * JUnit XML, which CI systems show as test results: one test case a question, a failure for
 * an expectation not met, skipped for a question without one (nothing was checked).
 */
function junit(answers: Answer[], source: string): string {
  const attr = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    .replace(/[\n\r\t]/g, ' ')
    // Control characters XML 1.0 cannot hold.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
  const counts = `tests="${answers.length}" failures="${failures(answers)}" errors="0" skipped="${answers.filter((a) => a.met === undefined).length}"`;
  const cases = answers.map((a) => {
    const [, who, role, tags] = cells(a);
    const detail = attr(`who: ${who}; role: ${role}; tags: ${tags || 'none'}; decision: ${a.decision}; reason: ${a.reason}`);
    const verdict = a.met === undefined
      ? '      <skipped message="no expectation"/>\n'
      : a.met ? '' : `      <failure type="expectation" message="${attr(`expected ${a.expect}, the simulator answers ${a.decision}`)}">${detail}</failure>\n`;
    return `    <testcase classname="${attr(source)}" name="${attr(a.name)}">\n${verdict}      <system-out>${detail}</system-out>\n    </testcase>\n`;
  });
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="cdk-identity-pool simulate" ${counts}>\n` +
    `  <testsuite name="${attr(source)}" ${counts}>\n${cases.join('')}  </testsuite>\n</testsuites>\n`;
}

function summary(answers: Answer[]): string {
  const expected = answers.filter((a) => a.met !== undefined).length;
  const failed = failures(answers);
  return `${answers.length} question${answers.length === 1 ? '' : 's'}, ${expected} with an expectation: ` +
    (failed === 0 ? 'all met' : `${failed} FAILED`);
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
