/**
 * Issue 14, item 7: the simulator and the test emulator answer the same questions from the same
 * contract, written apart; the differential test means something only while neither borrows
 * from the other. Every module the simulator reaches must be outside test/, and nothing the
 * emulator reaches may be in src/simulator/.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const SIMULATOR = path.join(ROOT, 'src', 'simulator');
const TEST = path.join(ROOT, 'test');

/** The project's own modules a module imports (relative specifiers), resolved to files. */
function localImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf-8');
  const specifiers = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/g)]
    .map((m) => m[1] ?? m[2] ?? m[3] ?? m[4])
    .filter((s) => s.startsWith('.'));
  return specifiers.map((specifier) => {
    const base = path.resolve(path.dirname(file), specifier);
    const found = [`${base}.ts`, path.join(base, 'index.ts'), base].find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
    if (!found) throw new Error(`${path.relative(ROOT, file)} imports ${specifier}, which is not a file`);
    return found;
  });
}

/** Every module reachable from `roots` through relative imports. */
function reachable(roots: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    localImports(file).forEach(visit);
  };
  roots.forEach(visit);
  return seen;
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? tsFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

const inside = (dir: string) => (file: string) => file === dir || file.startsWith(dir + path.sep);

test('the simulator (src/simulator/**) reaches nothing under test/', () => {
  const roots = tsFiles(SIMULATOR);
  expect(roots.length).toBeGreaterThan(0);
  const reached = [...reachable(roots)];
  expect(reached.filter(inside(TEST)).map((f) => path.relative(ROOT, f))).toEqual([]);
});

test('the emulator and its deployer reach nothing under src/simulator/', () => {
  const roots = ['cognito-emulator.ts', 'deploy.ts', 'tokens.ts'].map((name) => path.join(TEST, 'support', name));
  const reached = [...reachable(roots)];
  expect(reached).toEqual(expect.arrayContaining(roots));
  expect(reached.filter(inside(SIMULATOR)).map((f) => path.relative(ROOT, f))).toEqual([]);
});

test('the import scan sees relative imports (negative control: the differential test reaches both)', () => {
  const reached = [...reachable([path.join(TEST, 'simulator', 'differential.test.ts')])];
  expect(reached.some(inside(SIMULATOR))).toBe(true);
  expect(reached).toContain(path.join(TEST, 'support', 'cognito-emulator.ts'));
});
