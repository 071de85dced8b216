// A badge-station import in its own process, for tests that kill it: says "committing"
// (synchronously, from inside the import's transaction) and "done" when it finished.
import { writeSync } from 'node:fs';
import { importRoster } from '../../electron/core/roster/index.ts';
import { openStation } from '../../electron/core/station/index.ts';
import { testKek } from './passphrase.ts';

const [dir, file] = process.argv.slice(2);
if (!dir || !file) throw new Error('usage: import-roster DIR FILE');
const station = openStation(dir, 'badge-station import (test)', {
  kek: testKek(process.env.BADGE_STATION_PASSPHRASE || undefined),
});
// A small page cache makes the import write pages into the database file (or its WAL)
// long before it commits, so the crash has something to undo.
station.db.pragma('cache_size = 64');
await importRoster(station, file, {
  actor: 'system:test',
  onStage: (stage) => {
    if (stage === 'committing') writeSync(1, 'committing\n');
  },
});
writeSync(1, 'done\n');
station.close();
