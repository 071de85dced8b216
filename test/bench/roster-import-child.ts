// One roster import in a process of its own, so its peak RSS is the import's alone.
// Timed from the open station, as the sqlite3 shell's `.import` is timed from its open
// database (roster.ts, sqliteShellImport, says why). Prints {"seconds":..,"maxRssMb":..}.
import { importRoster } from '../../electron/core/roster/index.ts';
import { openStation } from '../../electron/core/station/index.ts';
import { testKek } from '../support/passphrase.ts';

const [dir, file] = process.argv.slice(2);
if (!dir || !file) throw new Error('usage: roster-import-child DIR FILE');
const station = openStation(dir, 'bench', { kek: testKek() });
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const report = await importRoster(station, file, { actor: 'system:bench' });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
station.close();
if (report.rejected > 0) throw new Error(`the bench roster had ${report.rejected} rejected rows`);
process.stdout.write(
  `${JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, added: report.added, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
