#!/usr/bin/env bash
# Installs the Debian packages Waybill's test suite drives as child processes — a headless browser and
# three message brokers — when they are missing, and reuses whatever is already there.
#
#   bash scripts/setup-system.sh
#
# Idempotent: a second run installs nothing and does not touch apt's package lists. Runs as root
# without sudo (uses sudo only when not root). Services are never auto-started: a policy-rc.d that
# denies starts is put in place for the install and the previous one (if any) is restored afterwards.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

# package name → binaries that prove it is installed (any one of them is enough)
PACKAGES=(chromium nats-server mosquitto rabbitmq-server)
binaries_of() {
  case "$1" in
    chromium) echo "/usr/bin/chromium /usr/lib/chromium/chromium" ;;
    nats-server) echo "nats-server /usr/bin/nats-server /usr/sbin/nats-server" ;;
    mosquitto) echo "mosquitto /usr/sbin/mosquitto /usr/bin/mosquitto" ;;
    rabbitmq-server) echo "/usr/lib/rabbitmq/bin/rabbitmq-server" ;;
  esac
}

# Prints the first binary of the package that exists, or nothing.
find_binary() {
  local candidate
  for candidate in $(binaries_of "$1"); do
    if [[ "$candidate" == /* ]]; then
      [[ -x "$candidate" ]] && { echo "$candidate"; return 0; }
    elif command -v "$candidate" >/dev/null 2>&1; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

die() {
  echo "setup-system: $*" >&2
  exit 1
}

if [[ "$(id -u)" -eq 0 ]]; then
  AS_ROOT=()
elif command -v sudo >/dev/null 2>&1; then
  AS_ROOT=(sudo --preserve-env=DEBIAN_FRONTEND)
else
  die "must run as root (or with sudo available) to install packages"
fi
command -v apt-get >/dev/null 2>&1 || die "apt-get not found: this script supports Debian/Ubuntu only"

missing=()
for pkg in "${PACKAGES[@]}"; do
  if bin="$(find_binary "$pkg")"; then
    echo "$pkg: already present ($bin)"
  else
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

# Deny service starts during the install; put back whatever policy was there before.
POLICY=/usr/sbin/policy-rc.d
POLICY_BACKUP=""
restore_policy() {
  if [[ -n "$POLICY_BACKUP" ]]; then
    "${AS_ROOT[@]}" mv -f "$POLICY_BACKUP" "$POLICY"
  else
    "${AS_ROOT[@]}" rm -f "$POLICY"
  fi
}
if [[ -e "$POLICY" ]]; then
  POLICY_BACKUP="$(mktemp "${POLICY}.waybill-backup.XXXXXX")"
  "${AS_ROOT[@]}" cp -p "$POLICY" "$POLICY_BACKUP"
fi
trap restore_policy EXIT
trap "exit 130" INT TERM
printf '#!/bin/sh\n# written by waybill scripts/setup-system.sh for the duration of an install\nexit 101\n' \
  | "${AS_ROOT[@]}" tee "$POLICY" >/dev/null
"${AS_ROOT[@]}" chmod 755 "$POLICY"

APT_OPTS=(-o DPkg::Lock::Timeout=300 -q)
echo "setup-system: installing ${missing[*]} (apt-get update first)"
if ! "${AS_ROOT[@]}" apt-get "${APT_OPTS[@]}" update >/tmp/waybill-apt-update.log 2>&1; then
  tail -n 20 /tmp/waybill-apt-update.log >&2
  die "apt-get update failed (log: /tmp/waybill-apt-update.log)"
fi
if ! "${AS_ROOT[@]}" apt-get "${APT_OPTS[@]}" install -y "${missing[@]}" \
  >/tmp/waybill-apt-install.log 2>&1; then
  tail -n 20 /tmp/waybill-apt-install.log >&2
  die "apt-get install ${missing[*]} failed (log: /tmp/waybill-apt-install.log)"
fi

status=0
for pkg in "${missing[@]}"; do
  if bin="$(find_binary "$pkg")"; then
    echo "$pkg: installed ($bin)"
  else
    echo "$pkg: apt-get reported success but none of [$(binaries_of "$pkg")] exists" >&2
    status=1
  fi
done
exit "$status"
