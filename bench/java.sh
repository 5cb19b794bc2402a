#!/usr/bin/env bash
# Runs one benchmark class against a freshly built production jar: builds the jar and the test classes, writes
# the test classpath to WORKDIR/classpath.txt and starts CLASS with the given -D options.
#
#   bench/java.sh WORKDIR CLASS [-Dbench.x=y ...]
set -euo pipefail
cd "$(dirname "$0")/.."
work="$1"
main="$2"
shift 2

echo "uptime before build: $(uptime)"
./mvnw -q -B package -DskipTests
mkdir -p "$work"
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath.txt"

exec java -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager "$@" \
  -cp "target/test-classes:target/classes:$(cat "$work/classpath.txt")" "$main"
