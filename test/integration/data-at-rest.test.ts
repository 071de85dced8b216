/**
 * A counter laptop gets lost: its data folder, copied off the disk without the station
 * passphrase, must give away no holder. Every raw file (the database, its WAL while the
 * station is open, the photos, the logs) is searched for the holders' names, pinyin,
 * organisations, document numbers and photo bytes. And what the key guards: a wrong
 * passphrase or another station's keys open nothing and change nothing; a station from
 * before encryption is encrypted where it lies, also after a crash halfway.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { isPlaintextDatabase } from '../../electron/core/db/encrypt-in-place.ts';
import { verifyLedger } from '../../electron/core/ledger/index.ts';
import { importRoster, PhotoStore, searchHolders } from '../../electron/core/roster/index.ts';
import { type StationHandlers, stationHandlers } from '../../electron/core/rpc/handlers/index.ts';
import { RpcServer } from '../../electron/core/rpc/server.ts';
import { createDataKey, DATA_KEY_FILES, DATABASE_FILE, openStation } from '../../electron/core/station/index.ts';
import { rawStationDatabase, TEST_PASSPHRASE, testKek } from '../support/passphrase.ts';
import { HEADER_ZH, writeCsv, writeZip } from '../support/roster.ts';
import { cli, newStation, tempDir } from '../support/station.ts';

const PEOPLE = [
  ['H-100', '欧阳娜娜', 'OUYANG NANA', '绝密贸易有限公司', '中国', '身份证', '310101199001011234', '参展证', ''],
  ['H-101', '司马光', 'SIMA GUANG', '砸缸研究所', '中国', '护照', 'E98765432', '参展证', ''],
];
/** What must not be readable in any raw file: names, pinyin (the search keys), organisations, documents. */
const PERSONAL = [
  '欧阳娜娜',
  '司马光',
  'OUYANG NANA',
  'SIMA GUANG',
  'ouyang',
  'simaguang',
  '绝密贸易',
  '砸缸研究所',
  '310101199001011234',
  'E98765432',
];

/** A photo of noise: its bytes are its own, unlike a flat test image's (mostly the JPEG format's own tables). */
async function noisePhoto(): Promise<Buffer> {
  return sharp(randomBytes(48 * 64 * 3), { raw: { width: 48, height: 64, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

async function rosterFiles(): Promise<{ csv: string; zip: string; photos: Buffer[] }> {
  const photos = [await noisePhoto(), await noisePhoto()];
  const csv = writeCsv([HEADER_ZH, ...PEOPLE]);
  const zip = writeZip(join(tempDir(), 'photos.zip'), { 'H-100.jpg': photos[0] as Buffer, 'H-101.jpg': photos[1] as Buffer });
  return { csv, zip, photos };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every file under `dir` that holds one of `needles` (as UTF-8 bytes, or a byte string), or names a photo's hash. */
function leaks(dir: string, needles: readonly (string | Buffer)[], hashes: readonly string[] = []): string[] {
  const found: string[] = [];
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file);
    for (const needle of needles) {
      const wanted = typeof needle === 'string' ? Buffer.from(needle, 'utf8') : needle;
      const lower = typeof needle === 'string' ? Buffer.from(needle.toLowerCase(), 'utf8') : wanted;
      if (bytes.includes(wanted) || bytes.includes(lower))
        found.push(`${file}: ${typeof needle === 'string' ? needle : 'photo bytes'}`);
    }
    for (const hash of hashes) if (file.includes(hash) || bytes.includes(Buffer.from(hash))) found.push(`${file}: photo hash`);
  }
  return found;
}

/** Slices from inside each photo (past the JPEG headers every such file shares), and the photo's hash. */
function photoTraces(photos: readonly Buffer[]): { slices: Buffer[]; hashes: string[] } {
  return {
    slices: photos.flatMap((photo) => [photo.subarray(700, 732), photo.subarray(photo.length - 64, photo.length - 32)]),
    hashes: photos.map((photo) => createHash('sha256').update(photo).digest('hex')),
  };
}

function snapshot(dir: string): Map<string, string> {
  return new Map(filesUnder(dir).map((file) => [file, createHash('sha256').update(readFileSync(file)).digest('hex')]));
}

let desk: StationHandlers | undefined;
afterEach(() => {
  desk?.close();
  desk = undefined;
});

describe('a copied data folder without the station passphrase', () => {
  it('holds no name, pinyin, organisation, document number or photo in any file: database, WAL, photos, logs', async () => {
    const dir = join(tempDir(), 'desk');
    const { csv, zip, photos } = await rosterFiles();
    expect(cli(['--data', dir, 'init', '--station', '7']).status).toBe(0);
    const imported = cli(['--data', dir, 'import', csv, '--photos', zip]);
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    expect(cli(['--data', dir, 'search', 'oynn']).stdout).toContain('欧阳娜娜');
    const { slices, hashes } = photoTraces(photos);

    // While a station is open its WAL holds the latest pages: searched too.
    const station = openStation(dir, 'test', { kek: testKek() });
    try {
      await importRoster(
        station,
        writeCsv([
          HEADER_ZH,
          ['H-102', '诸葛亮', 'ZHUGE LIANG', '卧龙草庐', '中国', '身份证', '420101018101011111', '参展证', ''],
        ]),
        {
          actor: 'system:test',
        },
      );
      expect(existsSync(join(dir, `${DATABASE_FILE}-wal`))).toBe(true);
      expect(leaks(dir, [...PERSONAL, '诸葛亮', 'zhuge', '卧龙草庐', '420101018101011111', ...slices], hashes)).toEqual([]);
      // And the key does open it all: search by initials, the photo as it was imported.
      expect(searchHolders(station.db, 'oynn').map((hit) => hit.name)).toEqual(['欧阳娜娜']);
      const photoHash = (station.db.statement(`SELECT photo FROM holders WHERE id = 'H-100'`).get() as { photo: string }).photo;
      expect(station.photos.readSync(photoHash).equals(photos[0] as Buffer)).toBe(true);
    } finally {
      station.close();
    }
    expect(leaks(dir, [...PERSONAL, '诸葛亮', 'zhuge', ...slices], hashes)).toEqual([]);
    // Not even SQLite's own header: the file does not say it is a database.
    expect(isPlaintextDatabase(join(dir, DATABASE_FILE))).toBe(false);
  });

  it('opens with nothing else: a wrong passphrase is refused and nothing is written', () => {
    const station = newStation();
    const dir = station.dataDir;
    station.close();
    const before = snapshot(dir);
    expect(() => openStation(dir, 'test', { kek: testKek('not the station passphrase') })).toThrow(
      expect.objectContaining({ code: 'KEY_PASSPHRASE_WRONG' }),
    );
    expect(snapshot(dir)).toEqual(before);
    const refused = cli(['--data', dir, 'search', '王'], { BADGE_STATION_PASSPHRASE: 'not the station passphrase' });
    expect(refused.status).not.toBe(0);
    expect(snapshot(dir)).toEqual(before);
  });

  it('a command with no passphrase given is told how to give one', () => {
    const station = newStation();
    station.close();
    const refused = cli(['--data', station.dataDir, 'status'], { BADGE_STATION_PASSPHRASE: '' });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('BADGE_STATION_PASSPHRASE');
    expect(refused.stderr).toContain('encrypted');
  });

  it("another station's keys folder put in its place opens nothing, says so, and changes nothing", () => {
    const mine = newStation('007');
    const other = newStation('008');
    mine.close();
    other.close();
    const keyFile = join(mine.dataDir, 'keys', DATA_KEY_FILES.passphrase);
    writeFileSync(keyFile, readFileSync(join(other.dataDir, 'keys', DATA_KEY_FILES.passphrase)));
    const before = snapshot(mine.dataDir);
    expect(() => openStation(mine.dataDir, 'test', { kek: testKek() })).toThrow(
      expect.objectContaining({ code: 'DB_CORRUPT', message: expect.stringContaining('keys folder') }),
    );
    expect(snapshot(mine.dataDir)).toEqual(before);
  });
});

describe('the desk on an encrypted station', () => {
  it('says the station is sealed, refuses a wrong passphrase, opens with the right one; the signing key stays locked', async () => {
    const made = newStation();
    made.close();
    desk = stationHandlers(made.dataDir);
    const server = new RpcServer(desk.handlers, { gate: desk.gate });
    const frames: { id?: number; result?: any; error?: { code: string; message: string } }[] = [];
    const connection = server.connect((text) => frames.push(JSON.parse(text)));
    let id = 0;
    const call = async (method: string, params: unknown = {}) => {
      id += 1;
      await connection.receive(JSON.stringify({ kind: 'call', id, method, params }));
      return frames.find((frame) => frame.id === id);
    };
    expect((await call('station.status'))?.result).toEqual({ initialised: true, sealed: true, dataDir: made.dataDir });
    // Nothing of the station is told before it is open: not even who may sign in.
    expect((await call('session.status'))?.error?.code).toBe('STATION_SEALED');
    const wrong = await call('station.open', { passphrase: 'not the station passphrase' });
    expect(wrong?.error).toEqual({ code: 'KEY_PASSPHRASE_WRONG', message: expect.stringContaining('Caps Lock') });
    expect((await call('station.status'))?.result.sealed).toBe(true);
    expect((await call('station.open', { passphrase: TEST_PASSPHRASE }))?.result).toEqual({ station: '007' });
    const status = (await call('station.status'))?.result;
    expect(status).toMatchObject({ initialised: true, station: '007', holders: 0 });
    expect(status.sealed).toBeUndefined();
    expect(status.locked).toBe(true);
    expect((await call('session.status'))?.result).toMatchObject({ firstAdminNeeded: true });
  });
});

describe('a station from before encryption at rest', () => {
  /** A station as an older Badge Station left it: the database and its photos in clear, no data key. */
  async function oldStation(): Promise<{ dir: string; photos: Buffer[] }> {
    const { csv, zip, photos } = await rosterFiles();
    const station = newStation();
    await importRoster(station, csv, { actor: 'system:test', photos: zip });
    const hashes = station.db.statement('SELECT hash, format FROM photos').all() as { hash: string; format: string }[];
    const dir = station.dataDir;
    const store = station.photos;
    for (const { hash, format } of hashes) {
      const folder = join(dir, 'photos', hash.slice(0, 2));
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `${hash}.${format === 'jpeg' ? 'jpg' : format}`), store.readSync(hash));
      rmSync(store.pathOf(hash));
    }
    station.close();
    const db = rawStationDatabase(join(dir, DATABASE_FILE));
    db.pragma('journal_mode = DELETE');
    // An empty key takes the encryption off: the file as SQLite itself writes it.
    db.pragma(`rekey = ''`);
    db.close();
    rmSync(join(dir, 'keys'), { recursive: true });
    expect(isPlaintextDatabase(join(dir, DATABASE_FILE))).toBe(true);
    expect(leaks(dir, ['OUYANG NANA'])).not.toEqual([]);
    return { dir, photos };
  }

  async function expectEncryptedAndWhole(dir: string, photos: readonly Buffer[]) {
    const station = openStation(dir, 'test', { kek: testKek() });
    try {
      expect(searchHolders(station.db, 'oynn').map((hit) => hit.name)).toEqual(['欧阳娜娜']);
      expect(verifyLedger(station.db, station.ledger).intact).toBe(true);
      const byId = station.db.statement('SELECT id, photo FROM holders ORDER BY id').all() as { id: string; photo: string }[];
      expect(byId.map(({ photo }) => station.photos.readSync(photo))).toEqual(photos);
    } finally {
      station.close();
    }
    const { slices, hashes } = photoTraces(photos);
    expect(leaks(dir, [...PERSONAL, ...slices], hashes)).toEqual([]);
    expect(readdirSync(dir).filter((name) => name.includes('encrypting'))).toEqual([]);
  }

  it('is encrypted where it lies at its first open with a passphrase, photos and all, nothing lost', async () => {
    const { dir, photos } = await oldStation();
    await expectEncryptedAndWhole(dir, photos);
  });

  it('is encrypted all the same after a crash halfway (its data key made, a half-written copy left, a photo moved in but not yet removed)', async () => {
    const { dir, photos } = await oldStation();
    const key = createDataKey(dir, testKek());
    writeFileSync(join(dir, `${DATABASE_FILE}.encrypting`), randomBytes(10_000));
    const [first] = photoTraces(photos).hashes;
    new PhotoStore(dir, key).store({ hash: first as string, bytes: photos[0] as Buffer });
    await expectEncryptedAndWhole(dir, photos);
  });
});
