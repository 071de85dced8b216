/**
 * Backups at the desk (contract/backup.ts): the core backs the station up on its own while it
 * runs, when a folder is chosen and the last backup is older than the plan's interval
 * (core/backup/schedule.ts), and the page sees it, hurries it and plans it.
 */
import { backUpNow, backupState, listBackups, nextBackupAt, planBackups } from '../../backup/index.ts';
import { StationError } from '../../errors.ts';
import type { Station } from '../../station/index.ts';
import type { Handlers } from '../server.ts';
import { actorOf } from './session.ts';
import type { StationAccess } from './station-access.ts';

/** How often the core looks whether a backup is due. */
const LOOK_EVERY_MS = 60_000;

export interface DeskBackups {
  handlers: Pick<Handlers, 'backup.state' | 'backup.now' | 'backup.plan'>;
  stop(): void;
}

export function backupHandlers(access: StationAccess, options: { lookEveryMs?: number } = {}): DeskBackups {
  let running: Promise<unknown> | undefined;
  const once = (station: Station, actor: string) => {
    if (running) throw new StationError('STATION_BUSY', 'A backup is being made now; it will be listed when it is written.');
    const work = backUpNow(station, actor);
    running = work.finally(() => {
      running = undefined;
    });
    return work;
  };
  const look = () => {
    let station: Station;
    try {
      station = access.station();
    } catch {
      return; // No station yet, sealed, or busy (an import): the next look.
    }
    const due = nextBackupAt(backupState(station), station.clock());
    if (running || due === undefined || station.clock() < due) return;
    // A failure is recorded (ledger, state) by backUpNow and shown on the page: nothing more to do here.
    once(station, 'system:desk').catch(() => {});
  };
  const timer = setInterval(look, options.lookEveryMs ?? LOOK_EVERY_MS);
  timer.unref();
  return {
    handlers: {
      'backup.state': async () => {
        const station = access.station();
        const state = backupState(station);
        const listed = state.folder ? await listBackups(state.folder, station.number).catch(() => []) : [];
        const next = nextBackupAt(state, station.clock());
        return {
          ...(state.folder ? { folder: state.folder } : {}),
          now: station.clock(),
          everyMinutes: state.everyMinutes,
          keep: state.keep,
          ...(state.lastAt !== undefined ? { lastAt: state.lastAt } : {}),
          ...(state.failure ? { failure: state.failure } : {}),
          ...(next !== undefined ? { nextAt: next } : {}),
          running: running !== undefined,
          backups: listed.map(({ path, manifest }) => ({
            created: manifest.created,
            path,
            events: manifest.ledger.head?.seq ?? 0,
            photos: manifest.photos,
            bytes: manifest.database.bytes,
          })),
        };
      },
      'backup.now': async (_params, call) => {
        const made = await once(access.station(), actorOf(call));
        return {
          path: made.path,
          ms: made.ms,
          events: made.manifest.ledger.head?.seq ?? 0,
          photos: made.manifest.photos,
          photosCopied: made.photosCopied,
        };
      },
      'backup.plan': (plan) => {
        const planned = planBackups(access.station(), plan);
        return { ...(planned.folder ? { folder: planned.folder } : {}), everyMinutes: planned.everyMinutes, keep: planned.keep };
      },
    },
    stop: () => clearInterval(timer),
  };
}
