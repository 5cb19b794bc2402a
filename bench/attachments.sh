#!/usr/bin/env bash
# Haven attachments benchmark (issue 6): the production jar on embedded PostgreSQL 17 and headless Chromium;
# a 12-megapixel photo cleaned, sealed and uploaded, and a 20 MB video sealed and uploaded, three runs each,
# with the renderer's and Haven's resident memory sampled while they run. Not a test: ./mvnw verify never runs it.
# Results are printed and kept in target/bench-attachments/results.md.
#
#   bench/attachments.sh
#   bench/attachments.sh -Dbench.runs=5
#
# Needs: JDK 17, /usr/bin/chromium and /usr/bin/chromedriver; run as root or not (zonky drops privileges).
exec "$(dirname "$0")/java.sh" target/bench-attachments org.haven.bench.AttachmentBench "$@"
