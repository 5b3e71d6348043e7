#!/usr/bin/env bash
# Starts the emulator and the built console for the e2e suite, on a fresh database with one user
# per role. E2E_DB=postgres uses a throwaway database on the local PostgreSQL instead of PGlite.
# The console runs as it is deployed: the standalone artifact of the last build (NEXT_DIST_DIR,
# default .next), copied to a temporary folder and started there with `node server.js`, away from
# the source tree. Its output (JSON log lines) goes to $CONSOLE_DATA_DIR/console.log.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${E2E_PORT:=3210}" "${E2E_EMULATOR_PORT:=18790}" "${E2E_DB:=pglite}"
# Absolute: the artifact's server.js changes to its own folder.
export CONSOLE_DATA_DIR="$PWD/.data/e2e-$E2E_DB-$E2E_PORT"
rm -rf "$CONSOLE_DATA_DIR"
mkdir -p "$CONSOLE_DATA_DIR"
if [ "$E2E_DB" = postgres ]; then
  : "${E2E_PG_ADMIN_URL:=postgres://postgres@127.0.0.1:5432/postgres}"
  psql "$E2E_PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS aic_e2e_$E2E_PORT WITH (FORCE)" -c "CREATE DATABASE aic_e2e_$E2E_PORT" >/dev/null
  # The owner migrates; the console runs as aic_console, which may only read and append the audit tables.
  export DATABASE_MIGRATION_URL="${E2E_PG_ADMIN_URL%/*}/aic_e2e_$E2E_PORT"
  psql "$DATABASE_MIGRATION_URL" -q -v ON_ERROR_STOP=1 -f scripts/pg-roles.sql >/dev/null
  CONSOLE_DB_URL="$(node -e 'const u = new URL(process.argv[1]); u.username = "aic_console"; u.password = ""; console.log(u.toString())' "$DATABASE_MIGRATION_URL")"
  export DATABASE_URL="$DATABASE_MIGRATION_URL"
fi
for role in viewer requester operator auditor admin; do
  echo "e2e-password-$role" | npx tsx scripts/users.ts add "$role@e2e.test" "$role" >/dev/null
done
echo "e2e-password-temp" | npx tsx scripts/users.ts add "temp@e2e.test" viewer >/dev/null
if [ "$E2E_DB" = postgres ]; then export DATABASE_URL="$CONSOLE_DB_URL"; fi
# The key that signs the audit chain's checkpoints, made once in the data folder, readable by us only.
(umask 077; openssl genpkey -algorithm ed25519 -out "$CONSOLE_DATA_DIR/audit-signing-key.pem")
export AUDIT_SIGNING_KEY_FILE="$CONSOLE_DATA_DIR/audit-signing-key.pem"

export ENS_EMULATOR_PORT="$E2E_EMULATOR_PORT" ENS_EMULATOR_SERVERS="${ENS_EMULATOR_SERVERS:-25}" ENS_EMULATOR_QPS="${ENS_EMULATOR_QPS:-0}"
# Outside the source tree, so no module can resolve from its node_modules. A fresh folder each start
# (mktemp); the last start's is removed here, as Playwright stops this script with SIGKILL and no trap runs.
rm -rf "${TMPDIR:-/tmp}"/aic-console-e2e-"$E2E_PORT"-*
ARTIFACT="$(mktemp -d "${TMPDIR:-/tmp}/aic-console-e2e-$E2E_PORT-XXXXXX")"
node scripts/standalone.mjs --to "$ARTIFACT" >/dev/null
npx tsx emulator/main.ts &
EMU_PID=$!
trap 'kill $EMU_PID 2>/dev/null || true' EXIT

export ENS_ENDPOINT="127.0.0.1:$E2E_EMULATOR_PORT" ENS_PROTOCOL=HTTP ENS_REGION_ID=cn-hangzhou
export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI5tEmulatorDemoKey01 ALIBABA_CLOUD_ACCESS_KEY_SECRET=emulator-demo-secret-0123456789abcdef
export AUTH_SECRET="e2e-only-secret-$(date +%s)" AUTH_TRUST_HOST=true NEXT_MANUAL_SIG_HANDLE=1
# The secrets scan (e2e/security.spec.ts) looks for this value in everything the browser receives.
printf %s "$AUTH_SECRET" > "$CONSOLE_DATA_DIR/auth-secret"
# SSO against the real OpenID provider that e2e/sso.spec.ts starts itself (e2e/oidc-provider.ts), on E2E_PORT + 2.
export AUTH_OIDC_ISSUER="http://127.0.0.1:$((E2E_PORT + 2))" AUTH_OIDC_CLIENT_ID=aic-console-e2e \
  AUTH_OIDC_CLIENT_SECRET=e2e-oidc-client-secret-0123456789abcdef AUTH_OIDC_NAME="E2E SSO" \
  AUTH_OIDC_ROLE_MAP="aic-admins=admin,aic-ops=operator,aic-audit=auditor,aic-viewers=viewer"
export CONSOLE_FLEET_REFRESH_MS="${CONSOLE_FLEET_REFRESH_MS:-2000}"
# e2e/destinations.spec.ts starts its receivers on 127.0.0.1: the one host outbound sends may reach there.
export CONSOLE_OUTBOUND_ALLOW=127.0.0.1
# e2e/metrics.spec.ts scrapes /api/metrics with it after a walk through the browser.
export CONSOLE_METRICS_TOKEN=e2e-metrics-token-0123456789abcdef0123
if [ "$E2E_DB" = postgres ]; then
  # A second replica on the same database (e2e/two-replicas.spec.ts), on the next port.
  HOSTNAME=127.0.0.1 PORT="$((E2E_PORT + 1))" node "$ARTIFACT/server.js" >>"$CONSOLE_DATA_DIR/console-2.log" 2> >(tee -a "$CONSOLE_DATA_DIR/console-2.log" >&2) &
  REPLICA_PID=$!
  trap 'kill $EMU_PID $REPLICA_PID 2>/dev/null || true' EXIT
fi
HOSTNAME=127.0.0.1 PORT="$E2E_PORT" node "$ARTIFACT/server.js" >>"$CONSOLE_DATA_DIR/console.log" 2> >(tee -a "$CONSOLE_DATA_DIR/console.log" >&2)
