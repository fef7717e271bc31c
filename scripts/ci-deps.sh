#!/usr/bin/env bash
# Makes sure the outside programs and services the whole-system tests drive are on this machine
# (Debian packages only): openssl, SoftHSM2 (the PKCS#11 root key tests), strace (the audit fsync
# tests watch the server's fsync calls), Chromium (the web console tests drive it with
# playwright-core) and a PostgreSQL server answering on 127.0.0.1:5432 (the PostgreSQL store and
# multi-node tests).
set -euo pipefail
need=()
command -v openssl >/dev/null || need+=(openssl)
command -v softhsm2-util >/dev/null || need+=(softhsm2)
command -v strace >/dev/null || need+=(strace)
[ -x /usr/bin/chromium ] || need+=(chromium)
pg_answers() { command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432 -t 3; }
pg_answers || { command -v pg_ctlcluster >/dev/null || need+=(postgresql); }
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
if ! pg_answers; then
  # Debian's cluster: start it, trusting local TCP connections as the tests expect (a test machine only).
  ver=$(ls /etc/postgresql | sort -V | tail -1)
  [ -d "/etc/postgresql/$ver/main" ] || pg_createcluster "$ver" main
  hba="/etc/postgresql/$ver/main/pg_hba.conf"
  grep -q '^host all all 127.0.0.1/32 trust' "$hba" || sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true
  for _ in $(seq 1 30); do pg_answers && break; sleep 1; done
fi
pg_answers || { echo "PostgreSQL does not answer on 127.0.0.1:5432: the PostgreSQL tests need it" >&2; exit 1; }
command -v aws >/dev/null || { echo "the AWS CLI is required for the whole-system tests" >&2; exit 1; }
