#!/usr/bin/env bash
# Installs the Debian packages the dataplane and the reports need, if missing.
set -euo pipefail
# openvpn: the danube overlay driver's encrypted tunnels (this kernel has no ESP; docs/backends.md).
packages=(iproute2 nftables conntrack iptables ipset iputils-ping python3 jq procps util-linux chromium openvpn)
# shellcheck source=lib/install-missing.sh
source "$(dirname "$0")/lib/install-missing.sh"
install_missing "" "${packages[@]}"
echo "system packages present: ${packages[*]}"
# CI runs the neutron-iptables driver's tests: they need python3-neutron (a few minutes
# on a fresh machine). Elsewhere it is installed only on demand (scripts/setup-neutron.sh).
if [ "${CI:-}" = true ]; then bash "$(dirname "$0")/setup-neutron.sh"; fi
