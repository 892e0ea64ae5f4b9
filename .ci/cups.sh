# Sourced by .ci/run: a CUPS raw print queue that writes every job to a file, so the
# spooler test (tests/printing/test_devices.py) can check that the exact ESC/POS bytes
# arrive. Skipped cleanly (the test then skips) where CUPS cannot run: not root, no apt.
export LOKET_CUPS_QUEUE=loket-test-raw
export LOKET_CUPS_FILE=/tmp/loket-cups-raw.out

loket_cups_setup() {
  if ! command -v cupsd >/dev/null 2>&1 || ! command -v lpadmin >/dev/null 2>&1; then
    command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ] || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cups cups-client cups-bsd \
      >/dev/null || return 1
  fi
  [ "$(id -u)" = 0 ] || return 1
  if ! lpstat -r 2>/dev/null | grep -q 'is running'; then
    /usr/sbin/cupsd || return 1           # forks into the background itself
    for _ in $(seq 50); do
      lpstat -r 2>/dev/null | grep -q 'is running' && break
      sleep 0.2
    done
  fi
  # CUPS 2.4 runs no program for a raw job on a file: device and writes nothing, so the
  # queue's device is a three-line backend that copies the job, byte for byte, to a file.
  backend=/usr/lib/cups/backend/loketfile
  cat > "$backend" <<'SH' || return 1
#!/bin/sh
[ $# -eq 0 ] && { echo 'direct loketfile "Unknown" "Loket test file"'; exit 0; }
if [ -n "$6" ]; then cat "$6" > "${DEVICE_URI#loketfile:}"; else cat > "${DEVICE_URI#loketfile:}"; fi
SH
  chmod 0700 "$backend"                   # 0700: CUPS runs it as root, so it may write /tmp
  : > "$LOKET_CUPS_FILE" && chmod 666 "$LOKET_CUPS_FILE"
  lpadmin -x "$LOKET_CUPS_QUEUE" 2>/dev/null
  lpadmin -p "$LOKET_CUPS_QUEUE" -E -v "loketfile:$LOKET_CUPS_FILE" -m raw 2>/dev/null \
    || lpadmin -p "$LOKET_CUPS_QUEUE" -E -v "loketfile:$LOKET_CUPS_FILE" || return 1
  lpstat -p "$LOKET_CUPS_QUEUE" >/dev/null 2>&1
}

if loket_cups_setup; then
  echo "CUPS raw queue $LOKET_CUPS_QUEUE -> $LOKET_CUPS_FILE"
else
  echo "CUPS raw queue not available here: the spooler test will skip"
fi
