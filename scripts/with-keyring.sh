#!/usr/bin/env bash
# Runs a command against a throwaway, unlocked GNOME Keyring on the current D-Bus session bus.
# Meant to run inside a private session bus:
#   dbus-run-session -- bash scripts/with-keyring.sh vitest run -c vitest.keychain.config.ts
# The keyring lives in temp folders (never the user's own) and is deleted afterwards. Exits with
# the command's status, so a failing test fails the caller.
set -euo pipefail

if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  echo "with-keyring.sh: no D-Bus session bus; run it inside dbus-run-session" >&2
  exit 2
fi
if ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-keyring.sh: gnome-keyring-daemon is missing (Debian: apt-get install gnome-keyring dbus-x11)" >&2
  exit 2
fi

scratch="$(mktemp -d "${TMPDIR:-/tmp}/vigil-keyring.XXXXXX")"
cleanup() { rm -rf "$scratch"; }
trap cleanup EXIT
mkdir -m 700 "$scratch/data" "$scratch/runtime"
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/runtime"

# --unlock reads the password on stdin, creates the "login" keyring with it and unlocks it. Its
# output, if any, is environment assignments (GNOME_KEYRING_CONTROL=...): export them.
password="throwaway-$RANDOM$RANDOM"
daemon_env="$(printf '%s' "$password" | gnome-keyring-daemon --unlock --components=secrets)"
while IFS= read -r line; do
  case "$line" in
    [A-Z_]*=*) export "${line?}" ;;
  esac
done <<<"$daemon_env"
export VIGIL_THROWAWAY_KEYRING=1

"$@"
