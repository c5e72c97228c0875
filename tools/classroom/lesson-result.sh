#!/usr/bin/env bash
# One lesson's step of the Classroom workflow (exported to .github/classroom/lesson-result.sh).
#   lesson-result.sh LESSON MAX_POINTS
# Hands grader/target/grade/classroom/LESSON.json (GitHub Classroom's per-test result for the lesson, written by the
# grading step's single Maven run) to the reporter as this step's output `result`, base64-encoded. Without that file
# (the grading step timed out, Maven died, the build broke before grading) the step reports an error worth
# MAX_POINTS, so the missing points stay visible.
set -u
if [ $# -ne 2 ] || ! [[ $2 =~ ^[0-9]+$ ]]; then
  echo "usage: lesson-result.sh LESSON MAX_POINTS (for example: lesson-result.sh 01 14)" >&2
  exit 2
fi
lesson=$1
max=$2
result=grader/target/grade/classroom/$lesson.json
if [ -s "$result" ]; then
  json=$(cat "$result")
else
  json='{"version":1,"status":"error","max_score":'"$max"',"tests":[{"name":"Lesson '"$lesson"' was not graded","status":"error","score":0,"message":"No result for lesson '"$lesson"': the grading step did not finish (it was stopped at its time limit, or Maven or the grader crashed) or the build failed before grading. Look at the log of the step Grade every lesson.","test_code":"","filename":"","line_no":0,"duration":0}]}'
  echo "No result for lesson $lesson ($result): reported as an error worth its $max points." >&2
fi
echo "result=$(printf '%s' "$json" | base64 | tr -d '\n')" >> "${GITHUB_OUTPUT:-/dev/stdout}"
