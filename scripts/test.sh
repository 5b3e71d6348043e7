#!/usr/bin/env bash
# The whole suite: unit tests (vitest), then e2e (Playwright) on PGlite, then on PostgreSQL when
# one answers on 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh --browser

echo "== type check"
npx tsc --noEmit

echo "== lint"
npm run lint

echo "== unit tests"
npx vitest run

echo "== build"
# .next/standalone/, completed with its assets: the artifact the e2e suite copies and runs.
NEXT_TELEMETRY_DISABLED=1 AUTH_SECRET=build-only npm run build

echo "== reliability (faults, crash, two replicas)"
npx vitest run -c vitest.reliability.config.ts

SUITES=4
echo "== e2e on PGlite"
E2E_DB=pglite npx playwright test
echo "== audit chain after the e2e run on PGlite"
CONSOLE_DATA_DIR=.data/e2e-pglite-3210 AUDIT_SIGNING_KEY_FILE=.data/e2e-pglite-3210/audit-signing-key.pem npx tsx scripts/audit-verify.ts
echo "== the console's log of the e2e run on PGlite: JSON lines, no secret, no test password"
npx tsx scripts/scan-logs.ts .data/e2e-pglite-3210/console.log

if node -e "const s=require('net').connect(5432,'127.0.0.1');s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1))" 2>/dev/null; then
  echo "== e2e on PostgreSQL"
  E2E_DB=postgres E2E_SKIP_SCREENSHOTS=1 npx playwright test
  echo "== audit chain after the e2e run on PostgreSQL"
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/aic_e2e_3210 AUDIT_SIGNING_KEY_FILE=.data/e2e-postgres-3210/audit-signing-key.pem npx tsx scripts/audit-verify.ts
  echo "== the logs of both replicas of the e2e run on PostgreSQL: JSON lines, no secret, no test password"
  npx tsx scripts/scan-logs.ts .data/e2e-postgres-3210/console.log .data/e2e-postgres-3210/console-2.log
  SUITES=5
else
  echo "== e2e on PostgreSQL skipped: nothing listens on 127.0.0.1:5432"
fi

# Each step above stops the script on failure, so reaching here means every suite passed.
echo "suites: $SUITES passed, 0 failed"
