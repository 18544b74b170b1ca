#!/usr/bin/env bash
# broken-stateless.sh: a deliberately broken copy of nft-safespring.sh, to show that
# netconform catches a driver bug. It is the same script with one line removed: the
# rule that lets packets of already admitted flows through (conntrack's
# "established,related" accept). Replies are then filtered like new flows, so a reply
# that no rule allows is dropped, which contradicts CT-REPLY:
#
#   netconform check examples/safespring-walkthrough.json \
#     --driver exec:examples/drivers/broken-stateless.sh      # exits 1 (disagreement)
#
# The copy is made on the fly with sed, so it never drifts from the correct script.
set -euo pipefail

here=$(dirname "$(readlink -f "$0")")
original=$here/nft-safespring.sh
rule='ct state established,related accept'

count=$(grep -c -- "$rule" "$original" || true)
if [[ $count != 1 ]]; then
  echo "broken-stateless: expected exactly one '$rule' line in $original, found $count" >&2
  exit 2
fi
exec bash -c "$(grep -v -- "$rule" "$original")" broken-stateless.sh "$@"
