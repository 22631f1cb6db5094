#!/usr/bin/env bash
# npm pack runs this first (package.json "prepack"): the package ships lib/ and .jsii, which
# jsii compiles from src/, and the settings handler's bundle in assets/, which esbuild builds from
# lambda/. Neither is committed. The bundle takes a second and is always rebuilt; the compile is
# skipped when .jsii is newer than every source (jsii-pacmak runs npm pack after the compile step).
set -euo pipefail
cd "$(dirname "$0")/.."
npx projen bundle-handler
if [ -f .jsii ] && [ -f lib/index.js ] && [ -f lib/cli/main.js ] && [ -z "$(find src package.json -newer .jsii -type f -print -quit)" ]; then
  echo "prepack: lib/ and .jsii are newer than src/; not compiled again"
else
  npx projen compile
fi
