#!/usr/bin/env bash
# Haven intake benchmark: builds the production jar, starts it against an embedded PostgreSQL 17 and
# measures intake throughput and latency next to raw JDBC inserts, the report form's page weight and
# sealing time in headless Chromium, and the jar's start time and RSS. Not a test: ./mvnw verify never
# runs it. Results are printed and kept in target/bench/results-*.md.
#
#   bench/intake.sh                       # defaults: 5000 submissions, 500 warm-up, 32 clients
#   bench/intake.sh -Dbench.waitIdleSeconds=600 -Dbench.submissions=10000
#
# Needs: JDK 17, /usr/bin/chromium and /usr/bin/chromedriver; run as root or not (zonky drops privileges).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "load before build: $(cut -d' ' -f1-3 /proc/loadavg)"
./mvnw -q -B package -DskipTests
mkdir -p target/bench
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt

exec java -Xmx2g -Djava.util.logging.manager=org.jboss.logmanager.LogManager "$@" \
  -cp "target/test-classes:target/classes:$(cat target/bench/classpath.txt)" \
  org.haven.bench.IntakeBench
