/**
 * The floors of src/ (docs/architecture.md): each module imports only from its own floor or
 * below, the import graph has no circle, IAM and the service's rules know nothing of CDK, and no
 * file or class outgrows what one reader can hold. Type-only imports count like any other.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');

/** The floors, lowest first: a module may import from its floor and the floors below it. */
const FLOORS: Array<{ name: string; holds: (file: string) => boolean }> = [
  { name: 'iam', holds: (f) => f.startsWith('src/iam/') },
  { name: 'service', holds: (f) => f.startsWith('src/service/') },
  { name: 'values', holds: (f) => ['src/identity-provider.ts', 'src/policy-variable.ts', 'src/folder-grant-options.ts', 'src/identity-pool-interfaces.ts'].includes(f) },
  { name: 'private', holds: (f) => f.startsWith('src/private/') },
  { name: 'constructs', holds: (f) => ['src/identity-pool.ts', 'src/role-mapping.ts', 'src/developer-provider.ts'].includes(f) },
  { name: 'simulator', holds: (f) => f.startsWith('src/simulator/') },
  { name: 'cli', holds: (f) => f.startsWith('src/cli/') },
  { name: 'entry', holds: (f) => f === 'src/index.ts' },
];

function floorOf(file: string): number {
  const floor = FLOORS.findIndex((f) => f.holds(file));
  if (floor < 0) throw new Error(`${file} is on no floor: add it to FLOORS and to docs/architecture.md`);
  return floor;
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return tsFiles(rel);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

interface ModuleImports {
  /** The project's modules it imports (relative specifiers), as paths from the root. */
  readonly local: string[];
  /** The packages it imports. */
  readonly packages: string[];
}

function importsOf(file: string): ModuleImports {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf-8'), ts.ScriptTarget.Latest, true);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])
      && ((ts.isIdentifier(node.expression) && node.expression.text === 'require') || node.expression.kind === ts.SyntaxKind.ImportKeyword)) {
      specifiers.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const local = specifiers.filter((s) => s.startsWith('.')).map((s) => {
    const base = path.join(path.dirname(file), s);
    const found = [`${base}.ts`, `${base}/index.ts`].find((candidate) => fs.existsSync(path.join(ROOT, candidate)));
    if (!found) throw new Error(`${file} imports ${s}, which is not a module of the project`);
    return found.split(path.sep).join('/');
  });
  return { local, packages: specifiers.filter((s) => !s.startsWith('.')) };
}

const SRC = tsFiles('src');
const LAMBDA = tsFiles('lambda');
const GRAPH = new Map([...SRC, ...LAMBDA].map((file) => [file, importsOf(file)] as const));

test('every import of src/ goes to the same floor or one below it', () => {
  const upward = SRC.flatMap((file) => GRAPH.get(file)!.local
    .filter((target) => floorOf(target) > floorOf(file))
    .map((target) => `${file} (${FLOORS[floorOf(file)].name}) -> ${target} (${FLOORS[floorOf(target)].name})`));
  expect(upward).toEqual([]);
});

test('the import graph of src/ and lambda/ has no circle', () => {
  const circles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, trail: string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      circles.push([...trail.slice(trail.indexOf(file)), file].join(' -> '));
      return;
    }
    state.set(file, 'open');
    GRAPH.get(file)!.local.forEach((target) => visit(target, [...trail, file]));
    state.set(file, 'done');
  };
  [...GRAPH.keys()].forEach((file) => visit(file, []));
  expect(circles).toEqual([]);
});

test('IAM and the service\'s rules import nothing of CDK or constructs, and IAM nothing of the service', () => {
  const lower = SRC.filter((file) => floorOf(file) <= 1);
  expect(lower.length).toBeGreaterThan(10);
  const offending = lower.flatMap((file) => GRAPH.get(file)!.packages
    .filter((p) => p !== 'crypto' && !p.startsWith('node:'))
    .map((p) => `${file} imports ${p}`));
  expect(offending).toEqual([]);
  expect(SRC.filter((f) => floorOf(f) === 0).flatMap((f) => GRAPH.get(f)!.local.filter((t) => floorOf(t) !== 0))).toEqual([]);
});

test('the settings handler takes from src/ only the settings contract', () => {
  const reached = LAMBDA.flatMap((file) => GRAPH.get(file)!.local.filter((t) => t.startsWith('src/')));
  expect([...new Set(reached)]).toEqual(['src/private/settings/settings-contract.ts']);
  expect(GRAPH.get('src/private/settings/settings-contract.ts')!.local).toEqual([]);
});

test('no file of src/ or lambda/ over 600 lines, no class over 350', () => {
  const tooLong: string[] = [];
  for (const file of [...SRC, ...LAMBDA]) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf-8');
    const lines = text.split('\n').length;
    if (lines > 600) tooLong.push(`${file}: ${lines} lines`);
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isClassDeclaration(node)) {
        const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        if (end - start + 1 > 350) tooLong.push(`${file}: class ${node.name?.text} ${end - start + 1} lines`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  expect(tooLong).toEqual([]);
});

test('the simulator and the evaluator keep what they learn on their instances, not in module-level caches', () => {
  const shared: string[] = [];
  for (const file of SRC.filter((f) => f.startsWith('src/simulator/') || f.startsWith('src/iam/') || f.startsWith('src/service/'))) {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf-8'), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      const mutable = statement.declarationList.getText(source).startsWith('let ');
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer?.getText(source) ?? '';
        if (mutable || /^new (Weak)?Map\b/.test(init) || /\/[gy]*g[a-z]*$/.test(init)) {
          shared.push(`${file}: ${declaration.name.getText(source)}`);
        }
      }
    }
  }
  expect(shared).toEqual([]);
});

test('what ships depends on no test oracle: nothing in src/ or lambda/ imports @cloud-copilot, and the handler bundle holds none of it', () => {
  const imports = [...GRAPH.entries()].flatMap(([file, i]) => i.packages.filter((p) => p.startsWith('@cloud-copilot')).map((p) => `${file} imports ${p}`));
  expect(imports).toEqual([]);
  const bundle = path.join(ROOT, 'assets', 'settings-handler', 'index.js');
  if (fs.existsSync(bundle)) {
    expect(fs.readFileSync(bundle, 'utf-8')).not.toMatch(/cloud-copilot|iam-simulate/);
  }
});
