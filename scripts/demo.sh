#!/usr/bin/env bash
# `npm run demo`: the console on its embedded defaults (ENS emulator + PGlite), on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
: "${PORT:=3000}" "${ENS_EMULATOR_PORT:=18787}"
mkdir -p "${CONSOLE_DATA_DIR:-.data}"
# Absolute: the standalone server changes to its own folder.
CONSOLE_DATA_DIR="$(cd "${CONSOLE_DATA_DIR:-.data}" && pwd)"
export CONSOLE_DATA_DIR

# A secret generated once and kept, so sessions survive restarts.
SECRET_FILE="$CONSOLE_DATA_DIR/auth-secret"
[ -s "$SECRET_FILE" ] || (umask 077; node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))" > "$SECRET_FILE")
export AUTH_SECRET="$(cat "$SECRET_FILE")" AUTH_TRUST_HOST=true NEXT_MANUAL_SIG_HANDLE=1 NEXT_TELEMETRY_DISABLED=1
# The Ed25519 key that signs the audit chain's checkpoints, made once; outside the database.
KEY_FILE="$CONSOLE_DATA_DIR/audit-signing-key.pem"
[ -s "$KEY_FILE" ] || (umask 077; node -e "process.stdout.write(require('crypto').generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }))" > "$KEY_FILE")
export AUDIT_SIGNING_KEY_FILE="$(cd "$(dirname "$KEY_FILE")" && pwd)/$(basename "$KEY_FILE")"

# Demo users, one per role, made once (before the server opens the PGlite folder).
FIRST_RUN=0
if [ -z "${DATABASE_URL:-}" ] && [ ! -d "$CONSOLE_DATA_DIR/pglite" ]; then FIRST_RUN=1; fi
LOGINS=""
if [ "$FIRST_RUN" = 1 ]; then
  # A scripted first admin (CONSOLE_BOOTSTRAP_ADMIN_EMAIL / _PASSWORD), made before the demo users
  # as the console makes it on an empty database.
  if [ -n "${CONSOLE_BOOTSTRAP_ADMIN_EMAIL:-}" ]; then
    npx tsx scripts/bootstrap-admin.ts >/dev/null
    LOGINS+="    $CONSOLE_BOOTSTRAP_ADMIN_EMAIL  /  (CONSOLE_BOOTSTRAP_ADMIN_PASSWORD)"$'\n'
  fi
  for role in admin operator auditor viewer requester; do
    pw="$(node -e "console.log(require('crypto').randomBytes(12).toString('base64url'))")"
    echo "$pw" | npx tsx scripts/users.ts add "$role@demo.local" "$role" >/dev/null
    LOGINS+="    $role@demo.local  /  $pw"$'\n'
  done
fi

if [ ! -f .next/standalone/server.js ] || [ -n "$(find app components lib messages i18n public proxy.ts instrumentation.ts next.config.mjs package-lock.json -newer .next/BUILD_ID -print -quit)" ]; then
  echo "[demo] building the console"
  AUTH_SECRET=build-only npm run build >/dev/null
fi
node scripts/standalone.mjs >/dev/null # its static assets and public/, also after a plain `next build`

ENS_EMULATOR_PORT="$ENS_EMULATOR_PORT" npx tsx emulator/main.ts &
EMU_PID=$!
trap 'kill $EMU_PID 2>/dev/null || true' EXIT INT TERM

export ENS_ENDPOINT="127.0.0.1:$ENS_EMULATOR_PORT" ENS_PROTOCOL=HTTP ENS_REGION_ID=cn-hangzhou
export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI5tEmulatorDemoKey01 ALIBABA_CLOUD_ACCESS_KEY_SECRET=emulator-demo-secret-0123456789abcdef

echo
echo "  AIC Console: http://127.0.0.1:$PORT"
if [ -n "$LOGINS" ]; then
  echo "  Demo logins (shown once; reset with: npm run users -- set-password <email> --generate):"
  printf "%s" "$LOGINS"
else
  echo "  Data kept from the last run in $CONSOLE_DATA_DIR (logins were printed on the first run)."
fi
echo
# The deployable artifact, as production runs it (README: "Production").
HOSTNAME=127.0.0.1 PORT="$PORT" node .next/standalone/server.js
