import * as fs from 'fs';
import * as path from 'path';

/**
 * README.md against the API: its TypeScript examples use the names every jsii language has
 * (those API.md lists), and the TypeScript-only aliases are named as such. (No section of
 * docs/service-contract.md: these tests are about the documentation.)
 */

const ROOT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [file] : [];
  });
}

/** Members whose doc comment says `@jsii ignore`: TypeScript has them, API.md and other languages do not. */
function typeScriptOnlyMembers(): string[] {
  const names = new Set<string>();
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const text = fs.readFileSync(file, 'utf-8');
    for (const m of text.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*(?:public\s+)?(?:static\s+)?(\w+)\s*\(/g)) {
      if (/@jsii ignore\b/.test(m[1])) names.add(m[2]);
    }
  }
  return [...names].sort();
}

test('the README\'s TypeScript examples call no TypeScript-only alias; the README names each alias and its name in every language', () => {
  const aliases = typeScriptOnlyMembers();
  expect(aliases).toEqual(expect.arrayContaining(['equals', 'setAllowClassicFlow']));
  const examples = [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(examples.length).toBeGreaterThan(5);
  for (const alias of aliases) {
    const uses = examples.filter((code) => new RegExp(`\\.${alias}\\(`).test(code));
    expect({ alias, examplesUsingIt: uses.length }).toEqual({ alias, examplesUsingIt: 0 });
    // The table of TypeScript-only aliases lists it.
    expect(README).toMatch(new RegExp(`\\| \`[\\w.]+\` \\| \`\\w+\\.${alias}\` \\|`));
  }
});
