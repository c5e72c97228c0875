#!/usr/bin/env bash
# Gathers the regrade workflow's one-row gradebooks (one per student repository, written by tools/Regrade.java)
# into one CSV on stdout. A repository whose job left no row (the job failed, timed out or was cancelled) still
# gets a row, with status "no result", so no student goes missing from the gradebook.
#   merge-gradebook.sh PARTS_DIR ASSIGNMENT REPO...
set -euo pipefail
if [ $# -lt 3 ] || [ ! -d "$1" ]; then
  echo "usage: merge-gradebook.sh PARTS_DIR ASSIGNMENT REPO... (PARTS_DIR holds <repo>.csv files)" >&2
  exit 2
fi
parts=$1
assignment=$2
shift 2
header=$(find "$parts" -name '*.csv' -print0 | xargs -0 -r head -q -n 1 | sort -u)
if [ -z "$header" ]; then
  echo "merge-gradebook.sh: no gradebook in $parts: every job failed? See their logs." >&2
  exit 1
fi
if [ "$(printf '%s\n' "$header" | wc -l)" -ne 1 ]; then
  echo "merge-gradebook.sh: the parts have different columns (different kit versions or --lesson):" >&2
  printf '%s\n' "$header" >&2
  exit 1
fi
printf '%s\n' "$header"
for repo in "$@"; do
  if [ -s "$parts/$repo.csv" ]; then
    tail -n +2 "$parts/$repo.csv"
  else
    # login, repository, total 0, then empty fields up to status, changed files and detail
    awk -F, -v login="${repo#"$assignment"-}" -v repo="$repo" 'NR == 1 {
      row = login "," repo ",0"; for (i = 4; i <= NF - 3; i++) row = row ",";
      print row ",no result,,the regrade job of this repository left no row: see its log"; exit }' <<< "$header"
  fi
done
