#!/usr/bin/env bash
# nft-safespring.sh: an example external firewall driver for netconform.
#
#   nft-safespring.sh apply    STATE.json   program every host to the desired state
#   nft-safespring.sh teardown STATE.json   remove what apply installed
#   nft-safespring.sh render   STATE.json [HOST]   print the nft script(s), change nothing
#   nft-safespring.sh serve    long-lived: one JSON request per stdin line
#                              ({"op":"apply","state":{...}}), one JSON answer per line
#
# It implements the safespring semantics (OpenStack + Calico) with bash, jq and nft:
# per compute host, one `nft -f` transaction that declares, deletes and redefines the
# driver's own `table inet safespring_sg` (never the whole ruleset, so other tables and
# conntrack entries survive a reconcile). STATE.json is described in
# docs/drivers.md and docs/driver-state.schema.json.
#
# Contract reminders: exit 0 only when every host is programmed; stdout carries only
# JSON lines ({"applied":true,"host":...}); diagnostics go to stderr.
set -euo pipefail

readonly TABLE=safespring_sg

die() {
  printf 'nft-safespring: %s\n' "$*" >&2
  exit 2
}

# The renderer: one jq program turning (state, host name) into that host's nft script.
# Requirement IDs in the comments are those of docs/requirements.md.
read -r -d '' RENDER_JQ <<'JQ' || true
# nft identifiers allow letters, digits and _ . - / but not the "@" names may hold.
def ident: gsub("@"; "/");
def quoted: "\"" + . + "\"";
def addr_set: if length == 1 then .[0] else "{ " + join(", ") + " }" end;

# "tcp dport 80-89 " / "meta l4proto icmp " / "" for any (SG-MATCH, ranges inclusive).
def proto_match:
  if .protocol == "any" then ""
  elif .ports == null then "meta l4proto \(.protocol) "
  elif .ports.from == .ports.to then "\(.protocol) dport \(.ports.from) "
  else "\(.protocol) dport \(.ports.from)-\(.ports.to) "
  end;

# The peer side of a rule: a CIDR or the current members of a remote group
# (SG-REMOTE-GROUP). A group with no members matches nobody: the rule is left out.
def remote_match($field):
  if .remote.cidr != null then "ip \($field) \(.remote.cidr) "
  elif (.remote.members | length) == 0 then empty
  else "ip \($field) \(.remote.members | addr_set) "
  end;

# The port's rules in one direction: the union over all of its groups (SG-MATCH).
def port_rules($state; $direction):
  . as $port
  | [$state.groups[] | select(.name | IN($port.groups[])) | .rules[]
     | select(.direction == $direction)];

def rule_lines($field; $verdict): .[] | "\t\t" + proto_match + remote_match($field) + $verdict;

def set_block($name; $cidrs):
  "\tset \($name) {",
  "\t\ttype ipv4_addr; flags interval; auto-merge;",
  (if ($cidrs | length) > 0 then "\t\telements = { \($cidrs | join(", ")) }" else empty end),
  "\t}";

# Packets leaving the instance. "return" hands them on to the destination's ingress
# chain (same host) or to routing; anything no rule allows is dropped.
def egress_chain($state):
  port_rules($state; "egress") as $rules
  | "\tchain from_\(.instance | ident) {",
    "\t\t# \(.instance) \(.ip), \(.kind) network \(.network), groups: \(.groups | join(" "))",
    # NET-PRIVATE: a private instance only talks to its own site's pools.
    (if .kind == "private" then "\t\tip daddr != @site_pools drop" else empty end),
    ($rules | rule_lines("daddr"; "return")),
    # CS-EGRESS-OPEN: cloudstack leaves egress open until a group has an egress rule.
    (if $state.profile == "cloudstack" and ($rules | length) == 0 then "\t\treturn" else empty end),
    "\t\tdrop",
    "\t}";

# Packets going to the instance: accepted when an ingress rule allows them.
def ingress_chain($state):
  "\tchain to_\(.instance | ident) {",
  "\t\t# \(.instance) \(.ip)",
  # NET-NAT-IN, NET-PRIVATE: nobody outside the site starts a flow to nat/private ports.
  (if .kind != "public" then "\t\tip saddr != @site_pools drop" else empty end),
  (port_rules($state; "ingress") | rule_lines("saddr"; "accept")),
  "\t\tdrop",
  "\t}";

# The whole nft script of host $host.
def host_script($host):
  . as $state
| ($state.hosts[] | select(.name == $host)) as $h
| [$state.ports[] | select(.host == $host)] as $ports
| [$state.pools[] | select(.site == $h.site)] as $pools
| [
    "# \($TABLE) for host \($h.name) (site \($h.site)), generation \($state.generation)",
    # Declare, delete, redefine: one transaction, nothing else on the host is touched.
    "table inet \($TABLE) {}",
    "delete table inet \($TABLE)",
    "table inet \($TABLE) {",
    set_block("site_pools"; [$pools[].cidr]),
    set_block("nat_pools"; [$pools[] | select(.kind == "nat") | .cidr]),
    "\tchain forward {",
    "\t\ttype filter hook forward priority filter; policy accept;",
    # NET-ANTISPOOF: from an instance, only its own IPv4 address (checked first).
    ($ports[] | "\t\tiifname \(.hostInterface | quoted) ip saddr != \(.ip) drop"),
    ($ports[] | "\t\tiifname \(.hostInterface | quoted) meta nfproto != ipv4 drop"),
    "\t\tct state invalid drop",
    # CT-REPLY, CT-KEEP-ON-REMOVE: packets of admitted flows pass whatever the rules.
    "\t\tct state established,related accept",
    ($ports[] | "\t\tiifname \(.hostInterface | quoted) jump from_\(.instance | ident)"),
    ($ports[] | "\t\toifname \(.hostInterface | quoted) jump to_\(.instance | ident)"),
    "\t}",
    ($ports[] | egress_chain($state)),
    ($ports[] | ingress_chain($state)),
    # NET-NAT-OUT / NET-INTERNAL-NO-NAT: nat pools leaving the site's pools are
    # masqueraded to the host's public address; traffic inside the site is not.
    "\tchain postrouting {",
    "\t\ttype nat hook postrouting priority srcnat; policy accept;",
    "\t\toifname \($h.uplink | quoted) ip saddr @nat_pools ip daddr != @site_pools snat ip to \($h.publicIp)",
    "\t}",
    "}"
  ]
| join("\n");

# Per host, NUL-terminated fields: its name, its `enter` argv (word count, then the
# words), extra fields given by the caller (FIELDS), so one jq run serves every host
# (jq takes ~40 ms of a core to start: one run per apply, not several per host).
def host_records(fields):
  .hosts[] as $h
  | ($h.name, ($h.enter | length | tostring), $h.enter[], ($h | fields)) + "\u0000";
JQ

# render_host STATE HOST: print HOST's nft script.
render_host() {
  jq -r --arg host "$2" --arg TABLE "$TABLE" "$RENDER_JQ"$'\n''host_script($host)' "$1"
}

# read_host: read one host_records record from stdin into $host and the array $enter,
# the argv prefix (`nsenter --net=/run/netns/NS`, `ip netns exec NS`, ...) that runs a
# command inside that host, so any backend works. Fails at the end of the input.
read_host() {
  local count word i
  IFS= read -r -d '' host || return 1
  IFS= read -r -d '' count
  enter=()
  for ((i = 0; i < count; i++)); do
    IFS= read -r -d '' word
    enter+=("$word")
  done
}

check_state() {
  [[ -r $1 ]] || die "cannot read state file '$1'"
  local profile
  profile=$(jq -r 'if .version == 1 then .profile else "" end' "$1") ||
    die "$1: cannot be read as JSON (see docs/driver-state.schema.json)"
  [[ -n $profile ]] ||
    die "$1: expected a DriverState with \"version\": 1 (see docs/driver-state.schema.json)"
  [[ $profile == safespring || $profile == cloudstack ]] ||
    die "profile '$profile' is not implemented by this example driver"
}

apply() {
  local state=$1 failed=0 host script applied dir
  local -a enter
  dir=$(mktemp -d)
  # Every host's script and its {"applied":true,"host":...} line, from one jq run.
  jq -j --arg TABLE "$TABLE" \
    "$RENDER_JQ"$'\n''. as $state | host_records((.name as $n | $state | host_script($n)), ({applied: true, host: .name} | tojson))' \
    "$state" >"$dir/hosts"
  while read_host; do
    IFS= read -r -d '' script
    IFS= read -r -d '' applied
    printf '%s\n' "$script" >"$dir/$host.nft"
    # nft reads the script on stdin: that also works when `enter` changes mount namespace.
    if "${enter[@]}" nft -f - <"$dir/$host.nft" 2>"$dir/$host.err"; then
      printf '%s\n' "$applied"
    else
      failed=1
      printf 'nft-safespring: host %s: nft -f rejected the script (kept at %s):\n' \
        "$host" "$dir/$host.nft" >&2
      cat "$dir/$host.err" >&2
    fi
  done <"$dir/hosts"
  ((failed == 0)) && rm -rf "$dir"
  return "$failed"
}

teardown() {
  local state=$1 failed=0 host hosts
  local -a enter
  hosts=$(mktemp)
  jq -j --arg TABLE "$TABLE" "$RENDER_JQ"$'\n''host_records(empty)' "$state" >"$hosts"
  while read_host; do
    # Declaring the table first makes the delete succeed when it is already gone.
    if ! printf 'table inet %s {}\ndelete table inet %s\n' "$TABLE" "$TABLE" |
      "${enter[@]}" nft -f -; then
      printf 'nft-safespring: host %s: could not delete table inet %s\n' "$host" "$TABLE" >&2
      failed=1
    fi
  done <"$hosts"
  rm -f "$hosts"
  return "$failed"
}

# serve: answer requests until stdin closes (`--driver exec-serve:PATH`). Each request
# runs apply/teardown in a subshell, so a failing request cannot end the loop; their
# per-host lines are dropped and one answer line is written per request.
serve() {
  local line op state
  state=$(mktemp)
  # Expanded now: the trap runs at exit, when this function's locals are gone.
  # shellcheck disable=SC2064
  trap "rm -f -- $(printf '%q' "$state")" EXIT
  while IFS= read -r line; do
    [[ -n $line ]] || continue
    # One jq run: the op on the first line, the state (one JSON line) after it.
    { IFS= read -r op && cat >"$state"; } < <(jq -r '.op, (.state | tojson)' <<<"$line")
    if [[ $op != apply && $op != teardown ]]; then
      jq -nc --arg op "$op" '{applied: false, message: "unknown op \($op)"}'
    elif (check_state "$state" && "$op" "$state") >/dev/null; then
      echo '{"applied":true}'
    else
      jq -nc --arg op "$op" '{applied: false, message: "\($op) failed (see stderr)"}'
    fi
  done
}

main() {
  local command=${1:-} state=${2:-}
  command -v jq >/dev/null || die "jq is required (apt-get install jq)"
  if [[ $command == serve ]]; then
    command -v nft >/dev/null || die "nft is required (apt-get install nftables)"
    serve
    return
  fi
  [[ -n $command && -n $state ]] || die "usage: $0 apply|teardown|render STATE.json [HOST] | serve"
  check_state "$state"
  case $command in
    apply) command -v nft >/dev/null || die "nft is required (apt-get install nftables)"; apply "$state" ;;
    teardown) teardown "$state" ;;
    render)
      local host
      for host in ${3:-$(jq -r '.hosts[].name' "$state")}; do render_host "$state" "$host"; done
      ;;
    *) die "unknown command '$command' (expected apply, teardown, render or serve)" ;;
  esac
}

main "$@"
