#!/usr/bin/env bash
# Installs Debian's python3-neutron (OpenStack neutron, the IptablesFirewallDriver the
# `neutron-iptables` driver runs unmodified) plus the tools its firewall calls, if missing.
# Only needed for `--driver neutron-iptables`; nothing else in netconform uses it.
set -euo pipefail
packages=(python3-neutron ipset ebtables iptables conntrack)
# shellcheck source=lib/install-missing.sh
source "$(dirname "$0")/lib/install-missing.sh"
# Recommends would pull in services (neutron-common's daemons, databases): not wanted.
install_missing "for the neutron-iptables driver (several minutes on a fresh machine, ~300 MB)" \
  "${packages[@]}"
version=$(dpkg-query -W -f='${Version}' python3-neutron)
echo "python3-neutron ${version} present (with ${packages[*]:1})"
