#!/usr/bin/env bash
# Fails when a published JSON Schema differs from a fresh generation from zod.
set -euo pipefail
npm run --silent schema >/dev/null
git diff --exit-code -- '*.schema.json'
