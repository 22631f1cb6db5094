#!/usr/bin/env bash
# Prove the peer-dependency floor: the library type-checks and synthesizes every feature
# (cfn-lint clean) with the oldest aws-cdk-lib and constructs that package.json allows, not
# only with the aws-cdk-lib it is developed against.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
floor() { node -p "require('$root/package.json').peerDependencies['$1'].replace(/^[\^~]/, '')"; }
cdk=$(floor aws-cdk-lib)
constructs=$(floor constructs)
test -f "$root/assets/settings-handler/index.js" || { echo "run npx projen bundle-handler first"; exit 1; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp -r "$root/src" "$dir/src"
mkdir -p "$dir/scripts/compat" && cp "$root/scripts/compat/smoke.ts" "$dir/scripts/compat/"
mkdir -p "$dir/assets" && cp -r "$root/assets/settings-handler" "$dir/assets/"
typescript=$(node -p "require('$root/node_modules/typescript/package.json').version")
# What the package bundles (its own dependencies, such as yaml), at the ranges it declares.
yaml=$(node -p "require('$root/package.json').dependencies.yaml")
cat > "$dir/package.json" <<JSON
{ "name": "compat-floor", "private": true,
  "dependencies": { "yaml": "$yaml" },
  "devDependencies": { "aws-cdk-lib": "$cdk", "constructs": "$constructs", "typescript": "$typescript", "@types/node": "^20" } }
JSON
cat > "$dir/tsconfig.json" <<JSON
{ "compilerOptions": { "target": "ES2020", "module": "commonjs", "strict": true, "noEmit": true, "skipLibCheck": true, "types": ["node"] },
  "include": ["src/**/*.ts", "scripts/**/*.ts"] }
JSON

cd "$dir"
npm install --no-audit --no-fund --loglevel=error >/dev/null
echo "aws-cdk-lib $(node -p "require('aws-cdk-lib/package.json').version"), constructs $(node -p "require('constructs/package.json').version")"
npx tsc -p tsconfig.json
"$root/node_modules/.bin/ts-node" --transpile-only -P tsconfig.json scripts/compat/smoke.ts "$dir/out"
cfn-lint "$dir/out/Compat.template.json"
echo "compat floor: type-checks, synthesizes and lints with aws-cdk-lib $cdk"
