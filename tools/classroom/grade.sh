#!/usr/bin/env bash
# One grading step of the Classroom workflow (exported to .github/classroom/grade.sh).
#   grade.sh MAX_POINTS RESULT_JSON COMMAND...
# Runs COMMAND, then hands RESULT_JSON (GitHub Classroom's per-test result, written by the grader) to the
# reporter as this step's output `result`, base64-encoded. If the command wrote no result (the code did not
# compile, the JVM died), the step reports an error worth MAX_POINTS, so the missing points stay visible.
set -u
max=$1
result=$2
shift 2
rm -f "$result"
"$@"
if [ -s "$result" ]; then
  json=$(cat "$result")
else
  json='{"version":1,"status":"error","max_score":'"$max"',"tests":[{"name":"did not build or did not finish","status":"error","score":0,"message":"No result: look at this step'"'"'s log for a compile error or a crash.","test_code":"","filename":"","line_no":0,"duration":0}]}'
fi
echo "result=$(printf '%s' "$json" | base64 | tr -d '\n')" >> "${GITHUB_OUTPUT:-/dev/stdout}"
