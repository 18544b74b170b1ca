#!/usr/bin/env bash
# Removes anything a crashed test run left behind (namespaces, containers, networks).
node "$(dirname "$0")/../bin/netconform.mjs" cleanup
