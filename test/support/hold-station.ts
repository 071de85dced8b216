// Another program holding a station open: opens it, says "ready", waits to be killed.
import { openStation } from '../../electron/core/station/index.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: hold-station DIR');
const station = openStation(dir, 'badge-station print (test holder)');
process.stdout.write('ready\n');
setInterval(() => station.ledger.head(), 1000);
