/**
 * A roster imported from the page: the file arrives in pieces into the data folder (the
 * core's own, 0700), then `importRoster` reads it on its reader thread exactly as
 * `badge-station import` does, while this thread stays free to tell every other caller
 * STATION_BUSY with how far the import is.
 *
 * What an import does to the holders already on the station is what the CLI's does: a
 * row whose holder id is new adds a holder, a row whose id is there replaces that
 * holder's fields (and photo, when the zip has one), holders the file does not name are
 * kept as they were, and bad rows change nothing (they are reported). Badges are never
 * touched.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { formatSerial, parseSerial } from '../../badges/index.ts';
import { StationError } from '../../errors.ts';
import { importRoster } from '../../roster/index.ts';
import { IMPORT_CHUNK_BYTES } from '../contract/roster-import.ts';
import type { Call, Handlers } from '../server.ts';
import { actorOf } from './session.ts';
import type { StationAccess } from './station-access.ts';

/** Where uploads wait for their import, inside the data folder. */
export const UPLOADS_FOLDER = 'uploads';
/** Uploads kept at once (a few pages, a roster and its photos each); the oldest goes first. */
const MAX_UPLOADS = 8;
/** An upload nobody has sent to for this long was abandoned (a closed tab). */
const IDLE_MS = 60 * 60_000;

interface Upload {
  id: string;
  kind: 'roster' | 'photos';
  fileName: string;
  folder: string;
  path: string;
  bytes: number;
  received: number;
  next: number;
  usedAt: number;
  /** The pieces' writes, one after the other. */
  writing: Promise<void>;
}

type ImportHandlers =
  | 'roster.importBegin'
  | 'roster.importChunk'
  | 'roster.importFinish'
  | 'roster.importCancel'
  | 'roster.badge';

export function rosterImportHandlers(access: StationAccess): Pick<Handlers, ImportHandlers> {
  const uploads = new Map<string, Upload>();
  const root = join(access.dataDir, UPLOADS_FOLDER);
  let cleared = false;

  const forget = (upload: Upload) => {
    uploads.delete(upload.id);
    rmSync(upload.folder, { recursive: true, force: true });
  };
  const find = (id: string): Upload => {
    const upload = uploads.get(id);
    if (!upload)
      throw new StationError(
        'UPLOAD_NOT_FOUND',
        'This upload is not known to the station (it was finished, cancelled, or the station restarted): choose the file again.',
      );
    upload.usedAt = performance.now();
    return upload;
  };

  return {
    'roster.importBegin': ({ fileName, bytes, kind }) => {
      if (!access.exists()) access.station(); // says STATION_NOT_INITIALISED
      // Pieces a crashed core left behind belong to no page now.
      if (!cleared) {
        rmSync(root, { recursive: true, force: true });
        cleared = true;
      }
      const now = performance.now();
      for (const upload of uploads.values()) if (now - upload.usedAt > IDLE_MS) forget(upload);
      const oldest = [...uploads.values()].sort((a, b) => a.usedAt - b.usedAt);
      while (oldest.length >= MAX_UPLOADS) forget(oldest.shift() as Upload);
      const id = randomBytes(16).toString('hex');
      const folder = join(root, id);
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      // The file keeps its own name: the import's errors name it, and `.xlsx` tells a workbook.
      const given = [...basename(fileName.replaceAll('\\', '/'))].filter((character) => character >= ' ').join('');
      const name = given === '' || given === '.' || given === '..' ? 'roster' : given;
      const upload: Upload = {
        id,
        kind,
        fileName: name,
        folder,
        path: join(folder, name),
        bytes,
        received: 0,
        next: 0,
        usedAt: now,
        writing: Promise.resolve(),
      };
      uploads.set(id, upload);
      return { upload: id, chunkBytes: IMPORT_CHUNK_BYTES };
    },

    'roster.importChunk': async ({ upload: id, index, data }) => {
      const upload = find(id);
      if (index !== upload.next)
        throw new StationError(
          'UPLOAD_INVALID',
          `Piece ${index} of ${upload.fileName} came out of order (piece ${upload.next} was next): choose the file again.`,
        );
      const bytes = Buffer.from(data, 'base64');
      if (upload.received + bytes.length > upload.bytes) {
        forget(upload);
        throw new StationError(
          'UPLOAD_INVALID',
          `${upload.fileName} is larger than the ${upload.bytes} bytes announced (did it change while it was sent?): choose it again.`,
        );
      }
      upload.next += 1;
      upload.received += bytes.length;
      upload.writing = upload.writing.then(() => appendFile(upload.path, bytes, { mode: 0o600 }));
      try {
        await upload.writing;
      } catch (error) {
        forget(upload);
        if ((error as NodeJS.ErrnoException).code === 'ENOSPC')
          throw new StationError(
            'DISK_FULL',
            `The disk of the data folder ${access.dataDir} is full, so ${upload.fileName} could not be received: free some space, then choose the file again.`,
          );
        throw error;
      }
      return { received: upload.received };
    },

    'roster.importCancel': ({ upload: id }) => {
      const upload = uploads.get(id);
      if (upload) forget(upload);
      return {};
    },

    'roster.importFinish': async ({ upload: id, photos: photosId }, call) => {
      const roster = complete(find(id), 'roster');
      const photos = photosId === undefined ? undefined : complete(find(photosId), 'photos');
      await roster.writing;
      await photos?.writing;
      // Refused as busy (another import), the upload stays for the same call once it is free.
      return access.holding('importing a roster', async (station, tell) => {
        const told = progressTeller(call, tell, photos !== undefined);
        try {
          const report = await importRoster(station, roster.path, {
            actor: actorOf(call),
            ...(photos ? { photos: photos.path } : {}),
            onProgress: told.progress,
            onStage: told.stage,
          });
          told.end('done');
          return { fileName: roster.fileName, ...report };
        } catch (error) {
          told.end('failed');
          throw error;
        } finally {
          // Imported or refused, the file has had its import: choosing it again sends it again.
          forget(roster);
          if (photos) forget(photos);
        }
      });
    },

    'roster.badge': ({ serial }) => {
      const { db } = access.station();
      const parsed = parseSerial(serial);
      const found = parsed
        ? (db.statement('SELECT serial, holder, status FROM badge_versions WHERE serial = ?').get(formatSerial(parsed)) as
            | { serial: string; holder: string; status: 'active' | 'revoked' }
            | undefined)
        : undefined;
      if (!found)
        throw new StationError(
          'BADGE_NOT_FOUND',
          parsed
            ? `No badge of this station has the serial ${formatSerial(parsed)}: check the card, or find its holder by name.`
            : `"${serial.slice(0, 40)}" is not a badge serial (like V-007-0000123-1): scan the badge's code again, or find its holder by name.`,
        );
      return found;
    },
  };
}

/** The upload as the import needs it: of its kind and every byte in. */
function complete(upload: Upload, kind: Upload['kind']): Upload {
  if (upload.kind !== kind)
    throw new StationError(
      'UPLOAD_INVALID',
      kind === 'roster'
        ? `${upload.fileName} was sent as photos, not as the roster: choose the roster file (.csv or .xlsx).`
        : `${upload.fileName} was sent as the roster, not as photos: choose the photos zip.`,
    );
  if (upload.received !== upload.bytes)
    throw new StationError(
      'UPLOAD_INVALID',
      `Only ${upload.received} of the ${upload.bytes} bytes of ${upload.fileName} arrived: choose the file again.`,
    );
  return upload;
}

/**
 * The import's progress as one share of the whole: reading the rows is most of it without
 * photos, half of it with them (photos take as long as the rows, or longer); saving is
 * the last few per cent. The import already tells at most four times a second.
 */
function progressTeller(call: Call, tell: (share: number) => void, withPhotos: boolean) {
  const reading = withPhotos ? 0.5 : 0.95;
  let rows = 0;
  const say = (share: number, stage: 'reading' | 'photos' | 'saving' | 'done' | 'failed') => {
    const bounded = Math.min(1, Math.max(0, share));
    tell(bounded);
    call.publish('import.progress', { share: bounded, rows, stage });
  };
  return {
    progress: ({ stage, done, fraction }: { stage: 'reading' | 'photos'; done: number; fraction: number | null }) => {
      if (stage === 'reading') {
        rows = done;
        say((fraction ?? 0) * reading, 'reading');
      } else say(reading + (fraction ?? 0) * (0.95 - reading), 'photos');
    },
    stage: (stage: string) => {
      if (stage === 'reading') say(0, 'reading');
      if (stage === 'committing') say(0.95, 'saving');
    },
    end: (stage: 'done' | 'failed') => say(stage === 'done' ? 1 : 0, stage),
  };
}
