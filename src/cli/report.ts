import { QuestionRunner } from './answers';
import { Question, SignInQuestion } from './questions';
import { Decision } from '../iam/decision';
import { allowsGuests, choosePool, poolView } from '../simulator/pool-view';
import { appClientsOf, loginNames } from '../simulator/provider-names';
import { findMapping } from '../simulator/role-choice';
import { SimulatedSession } from '../simulator/simulated-session';
import { ResolvedTemplate } from '../simulator/template';
import { templateGroups, userPoolIdOf } from '../simulator/user-pool-groups';

/*
 * `cdk-identity-pool report`: an access matrix a security reviewer reads instead of the
 * template. Rows are who can sign in, as the pool's configuration tells them apart: guests, each
 * rule of each role mapping, each user pool group of a token-based mapping, and the users the
 * default role serves. Columns are the questions' requests (their own sign-ins are not used).
 */

/** One row: who, and the sign-in that stands for them. */
export interface Principal {
  readonly label: string;
  /** A guest when undefined. */
  readonly signIn?: SignInQuestion;
}

/** One row answered. */
export interface MatrixRow {
  readonly label: string;
  readonly granted: boolean;
  readonly role?: string;
  readonly signInReason: string;
  readonly cells: Array<{ readonly decision: Decision; readonly reason: string }>;
}

export interface Matrix {
  readonly source: string;
  readonly columns: Array<{ readonly name: string; readonly action: string; readonly resource: string }>;
  readonly rows: MatrixRow[];
}

/**
 * The principals of the pool, read off its configuration: a sign-in for each way the pool tells
 * users apart. Each provider's names and mapping are found as a sign-in finds them
 * (provider-names.ts, role-choice.ts), so a row stands for what a real user of it would get.
 */
export function principals(template: ResolvedTemplate, pool: string | undefined, logins: string[]): Principal[] {
  const view = poolView(template, choosePool(template, pool));
  const rows: Principal[] = [];
  if (allowsGuests(view)) {
    rows.push({ label: 'guest' });
  }
  const groups = templateGroups(view);
  let n = 0;
  const user = (provider: string, aud: string | undefined, more: { [claim: string]: string | string[] } = {}) =>
    ({ provider, claims: { ...(aud === undefined ? {} : { aud }), sub: `report-user-${++n}`, ...more } });
  for (const login of logins) {
    const clients = appClientsOf(view, login).map(String);
    for (const aud of clients.length > 0 ? clients : [undefined]) {
      const who = aud === undefined ? login : `${login} (app client ${aud})`;
      const { mapping, rules } = findMapping(view, loginNames(view, login, aud));
      if (mapping?.Type === 'Rules') {
        rules.forEach((rule: any, i: number) => {
          const value = rule.MatchType === 'NotEqual' ? `not-${rule.Value}` : String(rule.Value);
          const claim = rule.Claim === 'cognito:groups' ? [value] : value;
          rows.push({ label: `${who}: rule ${i + 1} (${rule.Claim} ${rule.MatchType} ${JSON.stringify(rule.Value)})`, signIn: user(login, aud, { [rule.Claim]: claim }) });
        });
      } else if (mapping?.Type === 'Token') {
        const userPoolId = userPoolIdOf(login);
        for (const group of groups.filter((g) => g.userPoolId === userPoolId && typeof g.roleArn === 'string' && typeof g.name === 'string')) {
          rows.push({ label: `${who}: group ${group.name}`, signIn: { ...user(login, aud), groups: [group.name as string] } });
        }
      }
      const fallback = mapping === undefined ? 'the default role' : `no ${mapping.Type === 'Token' ? 'role claim' : 'rule'} matches`;
      rows.push({ label: `${who}: ${fallback}`, signIn: user(login, aud) });
    }
  }
  return rows;
}

/** The matrix: each principal against each question's request. */
export function accessMatrix(runner: QuestionRunner, questions: Question[], source: string): Matrix {
  const rows = principals(runner.template, runner.pool, runner.simulator.providerNames).map((p): MatrixRow => {
    const session: SimulatedSession = runner.session(p.signIn, `report row ${JSON.stringify(p.label)}`);
    return {
      label: p.label,
      granted: session.granted,
      role: runner.roleName(session.roleArn),
      signInReason: session.reason,
      cells: questions.map((q) => {
        const answer = runner.answer({ ...q, signIn: p.signIn, expect: undefined });
        return { decision: answer.decision, reason: answer.reason };
      }),
    };
  });
  const columns = questions.map((q) => {
    // An intrinsic shown as the template resolves it (`${identityId}` kept: each row has its own).
    const resolved = runner.template.resolve(q.resource);
    return { name: q.name, action: q.action, resource: typeof resolved === 'string' ? resolved : JSON.stringify(q.resource) };
  });
  return { source, columns, rows };
}

const MARK: Record<Decision, string> = { [Decision.ALLOWED]: 'ALLOWED', [Decision.DENIED]: 'DENIED', [Decision.UNDETERMINED]: 'UNDETERMINED' };

export function matrixMarkdown(m: Matrix): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const header = ['who', 'role', ...m.columns.map((c) => `${c.name}<br>\`${c.action}\``)];
  return [
    `# Access report: ${esc(m.source)}`,
    '',
    'Rows: who can sign in, as the pool tells them apart. Columns: the questions. Cells: what IAM would decide (the simulator\'s',
    'reasons are in the JSON output of `cdk-identity-pool simulate --format json`).',
    '',
    `| ${header.map(esc).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...m.rows.map((r) => `| ${[r.label, r.granted ? r.role ?? '(outside the template)' : 'no credentials', ...r.cells.map((c) => MARK[c.decision])].map(esc).join(' | ')} |`),
    '',
    ...m.columns.map((c) => `- **${esc(c.name)}**: \`${c.action}\` on \`${esc(c.resource)}\``),
    '',
  ].join('\n');
}

export function matrixHtml(m: Matrix): string {
  const h = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const head = m.columns.map((c) => `<th title="${h(`${c.action} on ${c.resource}`)}">${h(c.name)}<br><code>${h(c.action)}</code></th>`).join('');
  const body = m.rows.map((r) => {
    const role = r.granted ? h(r.role ?? '(outside the template)') : '<em>no credentials</em>';
    const cells = r.cells.map((c) => `<td class="${c.decision.toLowerCase()}" title="${h(c.reason)}">${MARK[c.decision]}</td>`).join('');
    return `<tr><th scope="row" title="${h(r.signInReason)}">${h(r.label)}</th><td>${role}</td>${cells}</tr>`;
  }).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Access report: ${h(m.source)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; }
th, td { border: 1px solid #bbb; padding: 0.4em 0.6em; text-align: left; vertical-align: top; }
thead th { background: #f0f0f0; }
td.allowed { background: #d9f2d9; }
td.denied { background: #f7d4d4; }
td.undetermined { background: #fbefc4; }
code { font-size: 0.9em; }
</style>
</head>
<body>
<h1>Access report</h1>
<p>${h(m.source)}. Rows: who can sign in, as the pool tells them apart; columns: the questions. Hover over a cell for the reason.</p>
<table>
<thead><tr><th>who</th><th>role</th>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>
<ul>
${m.columns.map((c) => `<li><strong>${h(c.name)}</strong>: <code>${h(c.action)}</code> on <code>${h(c.resource)}</code></li>`).join('\n')}
</ul>
</body>
</html>
`;
}
