#!/usr/bin/env bash
# Makes sure the outside programs the whole-system tests drive are on this machine (Debian packages only).
set -euo pipefail
need=()
command -v openssl >/dev/null || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
command -v aws >/dev/null || { echo "the AWS CLI is required for the whole-system tests" >&2; exit 1; }
