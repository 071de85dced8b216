#!/usr/bin/env bash
# The suite on other days: runs every test file again with the process clock moved ahead
# (libfaketime, from Debian's `faketime` package), so a test that dated its data on one
# clock and checked it on the wall clock fails here rather than on the day it expires.
# The whole suite runs, not a list: most files sign, verify or print dated things, and a
# list would miss the next one. Children (the CLI, cupsd, pcscd) inherit the moved clock.
#
# Only the wall clock moves. libfaketime also fakes the monotonic clock by default, and
# Debian's 0.9.10 then mixes the two clocks in pthread_cond_clockwait, which is known to
# hang threaded programs waiting on a monotonic deadline (libfaketime issue 469); node's
# libuv waits so. So: the multi-threaded library (-m) and the monotonic clock left alone
# (--exclude-monotonic: nothing here dates anything by it). And a bound on each run, so a
# hang fails here, saying so, instead of eating CI's time: a test worker that hung for ever
# (in fact Node's own crypto deadlock, payload/algorithms.ts freshKeyPair) cost a CI run.
# Chromium is the exception: with the monotonic clock left alone it crawls (minutes for a
# page), so the tests start it on the computer's own clock (test/support/chromium.ts).
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
  faketime -m --exclude-monotonic -f "$offset" node -e '
    const [realMs, days] = process.argv.slice(1).map(Number);
    const moved = (Date.now() - realMs) / 86400000;
    if (Math.abs(moved - days) > 1) {
      console.error(`faketime moved the clock ${moved.toFixed(1)} days, not ${days}`);
      process.exit(1);
    }
    console.log(`== the suite on ${new Date().toISOString().slice(0, 10)} (${days} days ahead)`);
  ' "$(date +%s%3N)" "${offset//[!0-9-]/}"
  status=0
  timeout --kill-after=30s "${ANY_DATE_RUN_LIMIT:-28m}" \
    faketime -m --exclude-monotonic -f "$offset" npx vitest run --config test/vitest.config.ts || status=$?
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "the suite at $offset did not finish within ${ANY_DATE_RUN_LIMIT:-28m}: a test or its worker hung (the last files above are the ones that finished)" >&2
  fi
  [ "$status" -eq 0 ] || exit "$status"
done
