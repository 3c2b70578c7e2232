#!/usr/bin/env bash
# The benchmark of README.md, "Benchmarks" (not part of `mvn verify`):
#   bench/run.sh [A|B|C|D|E|F|G|all] [--runs 3] [--requests N] [--latency 50ms] [--concurrency C]
#                [--items N] [--labels N] [--chunk-size N] [--no-bare-loop] [--profile]
#                [--plain-java] [--no-cds] [--jvm-options '-XX:...'] [--no-build]
# all is A to F; G (a one-day backfill beside 10,000,000 finished requests and alone) runs by name:
#   bench/run.sh G --runs 3
# Needs PostgreSQL on 127.0.0.1:5432, user postgres, trust authentication; it drops and creates
# the databases reconciler_bench_a to _f and _g_alone, and keeps reconciler_bench_g, whose ten
# million finished requests take about two minutes to load the first time (BENCH_DB_PREFIX
# replaces reconciler_bench_; drop reconciler_bench_g when done, about 3 GB). The job runs with
# -Xmx256m and the Dockerfile's JAVA_TOOL_OPTIONS, extracted and with a class-data archive trained
# by a run of `demo` (in the database reconciler_bench_cds_training), as the image runs it;
# --no-cds runs the jar as built with the same options; --plain-java runs it with the JVM's defaults.
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
