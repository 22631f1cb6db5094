#!/usr/bin/env bash
# The Python and Java bindings, run (npx projen test:languages; README "Languages"):
#  - Python: the package built from dist/python, installed into a fresh virtual environment
#    with the pinned test/languages/python/requirements.txt, then pytest test/languages/python;
#  - Java: test/languages/java, a Maven project whose main sources are dist/java's, compiled
#    against aws-cdk-lib from Maven Central, then its JUnit tests.
# It installs what it needs (caches: ~/.cache/cdk-identity-pool/wheels, ~/.m2) and fails,
# saying what to install, where Python or Java/Maven is missing. Never skips.
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1

missing() {
  echo "test:languages: $1 is missing. Install $2, then run 'npx projen test:languages' again." >&2
  exit 1
}

python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 10))' 2>/dev/null \
  || missing 'Python 3.10 or newer with its venv module' 'it (Debian: apt-get install python3 python3-venv)'
command -v javac >/dev/null && command -v mvn >/dev/null \
  || missing 'a Java 17 JDK or Maven' 'both (Debian: apt-get install openjdk-17-jdk-headless maven)'
java_major=$(javac -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/')
[ "$java_major" -ge 17 ] 2>/dev/null || missing "Java 17 or newer (javac is $(javac -version 2>&1))" 'a JDK 17 or newer'

# The bindings, generated from the current jsii assembly. .ci/run has just done both; on a
# developer's machine this catches up whatever is missing or older than its input.
if [ ! -f .jsii ] || [ -n "$(find src -name '*.ts' -newer .jsii | head -1)" ]; then
  npx projen compile
fi
if [ ! -f dist/python/setup.py ] || [ ! -f dist/java/pom.xml ] || [ .jsii -nt dist/python/setup.py ]; then
  npx projen pacmak
fi

echo "--- Python: fresh .venv/languages, pinned requirements, the package from dist/python"
start=$SECONDS
venv=.venv/languages
requirements=test/languages/python/requirements.txt
# The registry's answers are not cacheable, so pip's own cache stays empty: keep the pinned
# wheels in a folder of the user's cache and install from it, fetching only what it lacks.
wheels="${XDG_CACHE_HOME:-$HOME/.cache}/cdk-identity-pool/wheels"
rm -rf "$venv"
python3 -m venv "$venv"
# --no-compile: aws-cdk-lib's hundreds of modules are not byte-compiled ahead (30 s); the few
# the tests import are compiled when first imported.
install=("$venv/bin/pip" install --quiet --no-compile --no-index --find-links "$wheels" -r "$requirements")
"${install[@]}" 2>/dev/null || {
  "$venv/bin/pip" download --quiet --dest "$wheels" -r "$requirements"
  "${install[@]}"
}
"$venv/bin/pip" install --quiet --no-compile --no-index --no-build-isolation -c "$requirements" ./dist/python
"$venv/bin/pip" check
python_setup=$((SECONDS - start))
python_status=0
(cd test/languages/python && "../../../$venv/bin/python" -m pytest -p no:cacheprovider -v) || python_status=$?
python_total=$((SECONDS - start))

echo "--- Java: test/languages/java against dist/java"
start=$SECONDS
rm -rf test/languages/java/target
java_status=0
mvn -B --no-transfer-progress -f test/languages/java/pom.xml test || java_status=$?
java_total=$((SECONDS - start))

echo "test:languages: Python ${python_total}s (install ${python_setup}s), Java ${java_total}s (with Maven's downloads)"
# Both languages run whatever the first found; either failing fails the task.
[ "$python_status" -eq 0 ] || echo "test:languages: the Python tests failed (pytest exit $python_status)" >&2
[ "$java_status" -eq 0 ] || echo "test:languages: the Java tests failed (Maven exit $java_status)" >&2
[ "$python_status" -eq 0 ] && [ "$java_status" -eq 0 ]
