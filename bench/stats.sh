#!/usr/bin/env bash
# Haven caseworker benchmark: builds the production jar, starts it against an embedded PostgreSQL 17,
# seeds it through POST /api/reports with reports sealed in Java, and measures in headless Chromium
# (1) the inbox with 1,000 reports: opening and listing a page of 50, and (2) the statistics page over
# 5,000 reports: time to open and count them all, and the page's JS heap. Not a test: ./mvnw verify never
# runs it. Results are printed and kept in target/bench-stats/results-*.md.
#
#   bench/stats.sh
#   bench/stats.sh -Dbench.statsReports=10000 -Dbench.inboxReports=1000
#
# Needs: JDK 17, /usr/bin/chromium and /usr/bin/chromedriver.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "load before build: $(cut -d' ' -f1-3 /proc/loadavg)"
./mvnw -q -B package -DskipTests
mkdir -p target/bench-stats
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-stats/classpath.txt

exec java -Xmx2g -Djava.util.logging.manager=org.jboss.logmanager.LogManager "$@" \
  -cp "target/test-classes:target/classes:$(cat target/bench-stats/classpath.txt)" \
  org.haven.bench.StatsBench
