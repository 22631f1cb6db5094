// @ts-check
'use strict';
/**
 * Jest transformer for the esbuild bundles the tests run as shipped (assets/<name>/index.js).
 *
 * It returns the bundle's code unchanged, so the tests execute the exact bytes that ship, and
 * attaches the source map that the bundle-handler task wrote next to an identical copy of the
 * bundle (<buildDir>/<name>/index.js and index.js.map). Jest hands that map to v8-to-istanbul,
 * which remaps the V8 coverage of the minified bundle to the TypeScript sources (lambda/*.ts).
 *
 * Why not a `//# sourceMappingURL` comment and a map beside the shipped bundle: the bundle's
 * directory is the Lambda asset (lambda.Code.fromAsset), so either one would change the asset
 * hash (and the integ snapshots) and the map would be deployed with the function.
 *
 * No map is attached when the copy in <buildDir> is missing or differs from the bundle being
 * loaded (a bundle built some other way): coverage then reports the minified bundle itself,
 * never lines remapped with a map that does not belong to it.
 *
 * Configured in .projenrc.ts (jest "transform"), with the options { assetsDir, buildDir }.
 */
const { createHash } = require('crypto');
const fs = require('fs');
const path = require('path');

/** @param {string} file */
function readIfExists(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Where the bundle-handler task left the copy of `bundlePath` and its source map.
 * @param {string} bundlePath
 * @param {{ config: { rootDir: string }, transformerConfig?: { assetsDir?: string, buildDir?: string } }} options
 */
function buildCopyOf(bundlePath, options) {
  const rootDir = options.config.rootDir;
  const { assetsDir = 'assets', buildDir = '.build' } = options.transformerConfig ?? {};
  const copy = path.join(rootDir, buildDir, path.relative(path.join(rootDir, assetsDir), bundlePath));
  return { copy, map: `${copy}.map` };
}

/**
 * The source map of `sourceText` with absolute `sources`, or undefined when there is none
 * that belongs to it.
 * @param {string} sourceText
 * @param {string} bundlePath
 * @param {any} options
 */
function sourceMapFor(sourceText, bundlePath, options) {
  const { copy, map } = buildCopyOf(bundlePath, options);
  const mapText = readIfExists(map);
  if (mapText === undefined || readIfExists(copy) !== sourceText) {
    process.stderr.write(
      `bundle-sourcemap-transformer: no source map for ${path.relative(options.config.rootDir, bundlePath)} ` +
        `(expected an identical copy and its map in ${path.relative(options.config.rootDir, path.dirname(copy))}; ` +
        'run npx projen bundle-handler); coverage reports the bundle itself\n',
    );
    return undefined;
  }
  const sourceMap = JSON.parse(mapText);
  // Sources are relative to the map's directory (per the source map spec); v8-to-istanbul would
  // resolve them against the bundle's. Absolute paths mean the same file to both.
  const base = path.resolve(path.dirname(map), sourceMap.sourceRoot ?? '');
  sourceMap.sources = sourceMap.sources.map((/** @type {string} */ source) => path.resolve(base, source));
  delete sourceMap.sourceRoot;
  sourceMap.file = path.basename(bundlePath);
  return sourceMap;
}

module.exports = {
  canInstrument: false,

  /**
   * The cache key covers the map and the copy too: comments or whitespace changed in lambda/
   * give a different map for the same minified code.
   * @param {string} sourceText
   * @param {string} sourcePath
   * @param {any} options
   */
  getCacheKey(sourceText, sourcePath, options) {
    const { copy, map } = buildCopyOf(sourcePath, options);
    const hash = createHash('sha256');
    for (const part of [fs.readFileSync(__filename, 'utf8'), options.configString, sourcePath, sourceText, readIfExists(copy) ?? '', readIfExists(map) ?? '']) {
      hash.update(part).update('\0');
    }
    return hash.digest('hex');
  },

  /**
   * @param {string} sourceText
   * @param {string} sourcePath
   * @param {any} options
   */
  process(sourceText, sourcePath, options) {
    const map = sourceMapFor(sourceText, sourcePath, options);
    return map ? { code: sourceText, map } : { code: sourceText };
  },
};
