#!/usr/bin/env bash
# Installs the Debian packages the dataplane and the reports need, if missing.
set -euo pipefail
packages=(iproute2 nftables conntrack iptables ipset iputils-ping python3 jq procps util-linux chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "system packages present: ${packages[*]}"
# CI runs the neutron-iptables driver's tests: they need python3-neutron (a few minutes
# on a fresh machine). Elsewhere it is installed only on demand (scripts/setup-neutron.sh).
if [ "${CI:-}" = true ]; then bash "$(dirname "$0")/setup-neutron.sh"; fi
