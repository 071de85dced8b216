/**
 * `npm run bench` runs every group; `npm run bench -- GROUP [GROUP ...]` runs those.
 * Each group prints `name value unit` lines. Benchmarks measure; they never pass or fail
 * on a number (that is the closing note's job), only on a broken run.
 */
import { chipBench } from './chip.ts';
import { handoverBench } from './handover.ts';
import { ledgerBench } from './ledger.ts';
import { payloadBench } from './payload.ts';
import { pipelineBench } from './pipeline.ts';
import { printersBench } from './printers.ts';
import { renderBench } from './render.ts';
import { rosterBench } from './roster.ts';
import { syncBench } from './sync.ts';
import { uiBench } from './ui.ts';

const groups: Record<string, () => Promise<void>> = {
  ledger: ledgerBench,
  roster: rosterBench,
  payload: payloadBench,
  chip: chipBench,
  render: renderBench,
  printers: printersBench,
  pipeline: pipelineBench,
  handover: handoverBench,
  ui: uiBench,
  sync: syncBench,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in groups));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown group ${unknown.join(', ')}; groups are ${Object.keys(groups).join(', ')}\n`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(groups)) {
  await (groups[name] as () => Promise<void>)();
}
