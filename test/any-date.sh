#!/usr/bin/env bash
# The suite on other days: runs every test file again with the process clock moved ahead
# (libfaketime, from Debian's `faketime` package), so a test that dated its data on one
# clock and checked it on the wall clock fails here rather than on the day it expires.
# The whole suite runs, not a list: most files sign, verify or print dated things, and a
# list would miss the next one. Children (the CLI, cupsd, pcscd) inherit the moved clock.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v faketime >/dev/null; then
  echo "test:any-date needs faketime: apt-get install faketime" >&2
  exit 1
fi

# Offsets as faketime takes them (+400d); by default a year and three years ahead.
offsets=("$@")
[ ${#offsets[@]} -gt 0 ] || offsets=(+400d +1100d)
for offset in "${offsets[@]}"; do
  # A clock that did not move would let this pass without proving anything.
  faketime -f "$offset" node -e '
    const [realMs, days] = process.argv.slice(1).map(Number);
    const moved = (Date.now() - realMs) / 86400000;
    if (Math.abs(moved - days) > 1) {
      console.error(`faketime moved the clock ${moved.toFixed(1)} days, not ${days}`);
      process.exit(1);
    }
    console.log(`== the suite on ${new Date().toISOString().slice(0, 10)} (${days} days ahead)`);
  ' "$(date +%s%3N)" "${offset//[!0-9-]/}"
  faketime -f "$offset" npx vitest run --config test/vitest.config.ts
done
