/**
 * The CLI as the crash test runs it: the program the app ships, given an observer of the
 * print pipeline's durable moves that, at the nth pass through the chosen one, says so on
 * stderr and freezes, for the harness to SIGKILL the process right there. Nothing of this
 * is in the app: the shipped command never stops on its own.
 *
 *   node --import tsx test/support/halting-cli.ts <point>:<n> <badge-station arguments ...>
 */
import { main } from '../../electron/cli/main.ts';
import { PIPELINE_POINTS } from '../../electron/core/jobs/index.ts';

const [spec = '', ...argv] = process.argv.slice(2);
const [target, count = '1'] = spec.split(':');
if (!PIPELINE_POINTS.includes(target as never) || !(Number(count) >= 1)) {
  throw new Error(`halting-cli: "${spec}" is not <point>:<n> with a point of ${PIPELINE_POINTS.join(', ')}`);
}
let hits = 0;
process.exitCode = await main(argv, {
  observePipeline(point, serial) {
    if (point !== target) return;
    hits += 1;
    if (hits !== Number(count)) return;
    // A pipe's write is synchronous on Linux: the harness has the line before the freeze.
    process.stderr.write(`HALTED AT ${point} ${serial}\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  },
});
