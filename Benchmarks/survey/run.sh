#!/usr/bin/env bash
# Survey server under load (issue 10): 153 LAs x 3 respondents complete a 40-question survey
# concurrently over loopback, on SQLite and on PostgreSQL, without and with a SIGKILL mid-load.
# Needs: a release build of the server, a study folder (e.g. from `laeval demo`), python3, and
# for PostgreSQL a server with a role that may create databases (LAEVAL_BENCH_POSTGRES, e.g.
# postgres://laeval:laeval@localhost:5432/postgres).
set -euo pipefail
cd "$(dirname "$0")/../.."
STUDY="${1:-laeval-demo/study}"
swift build -c release --package-path Server --product laeval-server >/dev/null
S=Server/.build/release/laeval-server
python3 Benchmarks/survey/load.py --server "$S" --study "$STUDY" --port 18090
python3 Benchmarks/survey/load.py --server "$S" --study "$STUDY" --port 18091 --kill-after 8
if [ -n "${LAEVAL_BENCH_POSTGRES:-}" ]; then
  for kill in "" "--kill-after 8"; do
    DB="laeval_bench_$RANDOM"
    psql "$LAEVAL_BENCH_POSTGRES" -q -c "CREATE DATABASE $DB"
    python3 Benchmarks/survey/load.py --server "$S" --study "$STUDY" --port 18092 --database "${LAEVAL_BENCH_POSTGRES%/*}/$DB" $kill
    psql "$LAEVAL_BENCH_POSTGRES" -q -c "DROP DATABASE $DB WITH (FORCE)"
  done
fi
