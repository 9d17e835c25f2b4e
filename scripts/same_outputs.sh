#!/usr/bin/env bash
# Write what Mutuality hands out on the demo data — the data-format export, the evidence export,
# the REFI-QDA project and the Zeist–Berkane report — with the clock fixed, so two versions of the
# code can be compared byte for byte (issue 16: a refactor must not change what users receive).
#
#   scripts/same_outputs.sh OUT_DIR [SRC_DIR]
#   scripts/same_outputs.sh compare DIR_A DIR_B
#
# SRC_DIR (default: this checkout's src/) is put first on PYTHONPATH, so a worktree of an earlier
# commit runs in this checkout's virtual environment. Needs Debian's faketime.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

if [ "${1:-}" = compare ]; then
  status=0
  for file in data.json evidence.json codings.csv project.qdpx.d zeist-berkane.html; do
    if [ "$file" = zeist-berkane.html ]; then
      # Chart ids are drawn at random per report; everything else must match.
      if diff -q <(sed -E 's/chart-[0-9a-f]{6,}/chart-ID/g' "$2/$file") \
                 <(sed -E 's/chart-[0-9a-f]{6,}/chart-ID/g' "$3/$file") >/dev/null; then
        echo "same: $file (chart ids aside)"
      else
        echo "DIFFERENT: $file"; status=1
      fi
    elif diff -rq "$2/$file" "$3/$file" >/dev/null; then
      echo "same: $file"
    else
      echo "DIFFERENT: $file"; status=1
    fi
  done
  exit $status
fi

out=$(mkdir -p "$1" && cd "$1" && pwd)
src=$(cd "${2:-$root/src}" && pwd)
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
export MUTUALITY_DATA_DIR="$data" PYTHONPATH="$src" TZ=UTC LANGUAGE=en MUTUALITY_LANGUAGE=en
run() { faketime -f "2026-01-15 12:00:00" "$root/.venv/bin/python" -m mutuality.cli "$@"; }

run load-demo >/dev/null
run export -o "$out/data.json"
run export --evidence -o "$out/evidence.json"
run export-codings -o "$out/codings.csv"
run export-qdpx -p zeist-berkane -o "$out/project.qdpx"
# A .qdpx is a zip: compare what it holds, not the archive's own timestamps.
rm -rf "$out/project.qdpx.d" && mkdir "$out/project.qdpx.d"
(cd "$out/project.qdpx.d" && unzip -q ../project.qdpx)
run report -p zeist-berkane -f html -o "$out/zeist-berkane.html" >/dev/null
echo "wrote $out"
