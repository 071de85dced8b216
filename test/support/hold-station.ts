// Another program holding a station open: opens it, says "ready", waits to be killed.
import { openStation } from '../../electron/core/station/index.ts';
import { testKek } from './passphrase.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: hold-station DIR');
const station = openStation(dir, 'badge-station print (test holder)', {
  kek: testKek(process.env.BADGE_STATION_PASSPHRASE || undefined),
});
process.stdout.write('ready\n');
setInterval(() => station.ledger.head(), 1000);
