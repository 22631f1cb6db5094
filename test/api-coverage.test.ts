/**
 * docs/api-coverage.md has one row per operation of the official service model, and every
 * test file it cites exists.
 */
import * as fs from 'fs';
import * as path from 'path';
import { operationNames } from './support/service-model';

const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'api-coverage.md'), 'utf-8');
const rows = doc.split('\n').filter((line) => /^\| \d+ \|/.test(line)).map((line) => line.split('|').map((cell) => cell.trim()));

test('one row per operation of the service model, no more', () => {
  const documented = rows.map((cells) => cells[2]).sort();
  expect(documented).toEqual([...operationNames()].sort());
  expect(documented).toHaveLength(23);
});

test('every row says how and by what it is proved, citing test files that exist', () => {
  for (const cells of rows) {
    const [, , operation, kind, how, proof] = cells;
    const filled = { operation, kind: kind.length > 0, how: how.length > 0, proof: proof.length > 0 };
    expect(filled).toEqual({ operation, kind: true, how: true, proof: true });
    for (const cited of proof.match(/test\/[\w.-]+\.ts/g) ?? []) {
      expect({ operation, cited, exists: fs.existsSync(path.join(__dirname, '..', cited)) }).toEqual({ operation, cited, exists: true });
    }
  }
});
