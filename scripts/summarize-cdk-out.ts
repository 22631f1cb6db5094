/**
 * Print a short summary of a synthesized cloud assembly: per stack, its resources by type.
 */
import * as fs from 'fs';
import * as path from 'path';

const outdir = process.argv[2] ?? 'cdk.out';
const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf-8'));
for (const [name, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
  if (artifact.type !== 'aws:cloudformation:stack') continue;
  const template = JSON.parse(fs.readFileSync(path.join(outdir, artifact.properties.templateFile), 'utf-8'));
  const resources = Object.values<any>(template.Resources ?? {});
  const byType = new Map<string, number>();
  for (const r of resources) byType.set(r.Type, (byType.get(r.Type) ?? 0) + 1);
  console.log(`${name}: ${resources.length} resources (${path.join(outdir, artifact.properties.templateFile)})`);
  for (const [type, count] of [...byType].sort()) console.log(`  ${String(count).padStart(3)}  ${type}`);
}
