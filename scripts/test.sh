#!/usr/bin/env bash
# The whole suite, as `npm test` runs it (npm puts node_modules/.bin, with Node 22, first on PATH):
# system packages, generated types up to date, type check, unit/rule tests, then browser and broker tests.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-system.sh
node scripts/generate-types.ts --check
tsc --noEmit -p tsconfig.json
vitest run
vitest run --config vitest.e2e.config.ts
