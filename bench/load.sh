#!/usr/bin/env bash
# Haven mixed-load benchmark: builds the production jar, starts it under JDK Flight Recorder against an embedded
# PostgreSQL 17, and drives it with closed-loop mixed traffic (reporter pages in every language, sealed
# submissions, mailbox sign-ins with right and wrong receipts, caseworker inbox pages) at 2, 4, 8, ... clients
# until the overall p99 passes 250 ms; then profiles that step from the recording. The load generator runs on the
# same machine. Not a test: ./mvnw verify never runs it. Results are printed and kept in
# target/bench-load/results-*.md, with Haven's log and haven.jfr.
#
#   bench/load.sh
#   bench/load.sh -Dbench.stepSeconds=15 -Dbench.warmupSeconds=30 -Dbench.steps=32,64,128,256
#
# Needs: JDK 17 (with jdk.jfr); run as root or not (zonky drops privileges).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "uptime before build: $(uptime)"
./mvnw -q -B package -DskipTests
mkdir -p target/bench-load
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-load/classpath.txt

exec java -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager "$@" \
  -cp "target/test-classes:target/classes:$(cat target/bench-load/classpath.txt)" \
  org.haven.bench.LoadBench
