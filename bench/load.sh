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
exec "$(dirname "$0")/java.sh" target/bench-load org.haven.bench.LoadBench "$@"
