# Sourced by the benchmark scripts: builds the WAR and the test classes (unless SKIP_BUILD=true and
# a class path is already there), sets $cp to what an embedded Tomcat needs to run the WAR, and
# installs the load generator's npm packages when their lockfile changed. $work must be set.
if [ "${SKIP_BUILD:-false}" != true ] || [ ! -f "$work/cp.txt" ]; then
  mvn -B -q -DskipTests package test-compile dependency:build-classpath \
    -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test
fi
cp=$(tr ':' '\n' < "$work/cp.txt" | grep -E '/(tomcat-embed-|tomcat-annotations-api|ecj-)' | paste -sd: -)
cp="$cp:target/test-classes"
# bufferutil: the native WebSocket masking that the ws library (used by the load generator and by
# the PeerJS server) picks up when it is installed, as its README recommends for production.
if [ ! -f bench/node_modules/.package-lock.json ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  (cd bench && npm ci --no-audit --no-fund --silent)
fi
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
