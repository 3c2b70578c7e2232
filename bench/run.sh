#!/usr/bin/env bash
# The benchmark of README.md, "Benchmarks" (not part of `mvn verify`):
#   bench/run.sh [A|B|C|D|E|F|all] [--runs 3] [--requests N] [--latency 50ms] [--concurrency C]
#                [--items N] [--labels N] [--chunk-size N] [--no-bare-loop] [--profile]
#                [--jvm-options '-XX:...'] [--no-build]
# Needs PostgreSQL on 127.0.0.1:5432, user postgres, trust authentication; it drops and creates
# the databases reconciler_bench_a to _f (BENCH_DB_PREFIX replaces reconciler_bench_). The job runs with the Dockerfile's JAVA_TOOL_OPTIONS.
# Job and simulator logs go to target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."

build=true
args=()
for arg in "$@"; do
  if [[ "$arg" == "--no-build" ]]; then build=false; else args+=("$arg"); fi
done

if $build || ! ls target/safetykit-reconciler-*.jar >/dev/null 2>&1 || [[ ! -f target/bench.classpath ]]; then
  ./mvnw -q -B -DskipTests package
  ./mvnw -q -B test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
fi

jar=$(ls target/safetykit-reconciler-*.jar | grep -v -- '-plain\.jar$' | head -n 1)
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.safetykit.reconciler.bench.Benchmark --jar "$jar" "${args[@]}"
