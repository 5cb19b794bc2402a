#!/usr/bin/env bash
# Haven outbox benchmark: builds the production jar, starts it against an embedded PostgreSQL 17 with the
# reference receiver as the force, and measures the drain rate of a backlog and the recovery after an outage.
# Not a test: ./mvnw verify never runs it. Figures go to stdout; copy them to bench/RESULTS-referral.md.
#
#   bench/referral.sh                                      # 5000 to drain; 1000 through a 600 s outage
#   bench/referral.sh -Dbench.outageSeconds=60 -Dbench.drain=2000
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B package -DskipTests
mkdir -p target/bench-referral
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-referral/classpath.txt
exec java -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager "$@" \
  -cp "target/test-classes:target/classes:$(cat target/bench-referral/classpath.txt)" \
  org.haven.bench.OutboxBench
