#!/usr/bin/env bash
# Installs Debian's python3-neutron (OpenStack neutron, the IptablesFirewallDriver the
# `neutron-iptables` driver runs unmodified) plus the tools its firewall calls, if missing.
# Only needed for `--driver neutron-iptables`; nothing else in netconform uses it.
set -euo pipefail
packages=(python3-neutron ipset ebtables iptables conntrack)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing for the neutron-iptables driver: ${missing[*]} (several minutes on a fresh machine, ~300 MB)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Recommends pull in services (neutron-common's daemons, databases): not wanted.
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
version=$(dpkg-query -W -f='${Version}' python3-neutron)
echo "python3-neutron ${version} present (with ${packages[*]:1})"
