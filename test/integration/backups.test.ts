/**
 * Backups that lose no issuance record when a laptop dies: made while a print run prints and
 * still whole (restored, the ledger verifies to the head the backup names), rotated, still
 * encrypted, an interrupted one leaving the ones before it valid, a full drive said plainly;
 * and restores that refuse a damaged or tampered backup, saying why, before replacing anything.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backUpNow, backupStation, listBackups, planBackups, restoreStation } from '../../electron/core/backup/index.ts';
import { verifyLedger } from '../../electron/core/ledger/index.ts';
import { searchHolders } from '../../electron/core/roster/index.ts';
import { DATABASE_FILE, openStation } from '../../electron/core/station/index.ts';
import { demoPort } from '../../electron/devices/index.ts';
import { DemoPrinter } from '../../native/printers/index.ts';
import { rawStationDatabase, TEST_PASSPHRASE, testKek } from '../support/passphrase.ts';
import { type PipelineStation, pipelineOn, pipelineStation } from '../support/pipeline.ts';
import { cli, cliBin, newStation, tempDir } from '../support/station.ts';
import { tamper } from '../support/tamper.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function snapshot(dir: string): Map<string, string> {
  return new Map(filesUnder(dir).map((file) => [file, createHash('sha256').update(readFileSync(file)).digest('hex')]));
}

/** A demo-roster station with photos and badges, and two instant printers. */
async function printingStation(holders: number): Promise<PipelineStation> {
  return pipelineStation(holders, [{ name: 'Counter-1' }, { name: 'Counter-2' }], {
    folder: tempDir('badge-backup-'),
    photos: true,
  });
}

describe('a backup', () => {
  it('made while a print run prints is whole: restored elsewhere, its ledger verifies up to the head it names', async () => {
    const desk = await printingStation(120);
    const to = tempDir('badge-backup-drive-');
    const station = desk.open();
    try {
      const { jobs, run } = pipelineOn(desk, station);
      jobs.createJob({ name: 'batch', badges: { unprinted: true }, actor: 'system:test', now: desk.clock() });
      // 25 ms a card on each of two printers: the run takes a second and a half.
      const printers = ['Counter-1', 'Counter-2'].map(
        (name) =>
          new DemoPrinter({
            name,
            outputDir: join(desk.dataDir, 'cards', name),
            paceMs: 25,
            durable: false,
            cardsLoaded: 1e6,
            ribbonPanels: 1e6,
          }),
      );
      const printing = run(printers.map((printer) => ({ printer: demoPort(printer) })));
      // Backed up while cards are issued: some before the backup, some after.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const made = await backupStation(station, to);
      await printing;
      const issued = (
        station.db.statement(`SELECT count(*) AS n FROM ledger_events WHERE type = 'BADGE_PRINTED'`).get() as { n: number }
      ).n;
      expect(issued).toBe(120);
      expect(made.manifest.ledger.head?.seq).toBeLessThan(station.ledger.head()?.seq ?? 0);
      expect(made.manifest.photos).toBe(120);

      const restored = join(tempDir('badge-restored-'), 'station');
      const result = await restoreStation(restored, made.path, testKek(), { actor: 'system:test', clock: desk.clock });
      expect(result.replacedInto).toBeNull();
      expect(result.photos).toBe(120);
      const back = openStation(restored, 'test', { kek: testKek() }, { clock: desk.clock });
      try {
        const verified = verifyLedger(back.db, back.ledger);
        expect(verified.intact).toBe(true);
        // The backup's head, then the restore's own event.
        expect(verified.head?.seq).toBe((made.manifest.ledger.head?.seq ?? 0) + 1);
        const photo = (back.db.statement('SELECT photo FROM holders LIMIT 1').get() as { photo: string }).photo;
        expect(back.photos.readSync(photo).equals(station.photos.readSync(photo))).toBe(true);
        expect(searchHolders(back.db, 'H-0000001')).toHaveLength(1);
      } finally {
        back.close();
      }
    } finally {
      station.close();
    }
  }, 120_000);

  it('is encrypted as the station is, keeps the newest `keep`, copies each photo once, and leaves out the keychain copies', async () => {
    const station = newStation();
    const to = tempDir('badge-backup-drive-');
    try {
      writeFileSync(join(station.dataDir, 'keys', 'data-key.keychain.json'), '{"this computer only": true}\n');
      planBackups(station, { folder: to, keep: 2 });
      // Backups are named by the second they were taken in.
      const first = await backUpNow(station, 'system:test');
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const second = await backUpNow(station, 'system:test');
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const third = await backUpNow(station, 'system:test');
      expect((await listBackups(to, station.number)).map((backup) => backup.path)).toEqual([third.path, second.path]);
      expect(existsSync(first.path)).toBe(false);
      // Photos are shared by the backups, each copied once.
      expect(third.photosCopied).toBe(0);
      expect(readdirSync(join(third.path, 'keys')).sort()).toEqual(['data-key.json']);
      const db = readFileSync(join(third.path, DATABASE_FILE));
      expect(db.subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
      // Each recorded in the ledger, as who made it.
      const events = station.db.statement(`SELECT data FROM ledger_events WHERE type = 'STATION_BACKED_UP'`).all() as {
        data: string;
      }[];
      expect(events.map((event) => JSON.parse(event.data).ok)).toEqual([true, true, true]);
    } finally {
      station.close();
    }
  });

  it('that a drive cannot take (a file past its size limit, as FAT32 at 4 GB) is said plainly, and leaves the ones before it valid', async () => {
    const desk = await printingStation(60);
    const to = tempDir('badge-backup-drive-');
    expect(cli(['--data', desk.dataDir, 'backup', '--to', to]).status).toBe(0);
    // This process may write no file over 64 KB: the database's copy is refused by the kernel (EFBIG).
    const refused = spawnSync(
      'bash',
      ['-c', `ulimit -f 64; exec "${process.execPath}" "${cliBin}" --data "${desk.dataDir}" backup --to "${to}"`],
      { env: { ...process.env, BADGE_STATION_HOME: '', BADGE_STATION_PASSPHRASE: TEST_PASSPHRASE }, encoding: 'utf8' },
    );
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('too large for the file system of the backup drive');
    expect(refused.stderr).toContain('the backups before it are intact');
    expect(readdirSync(join(to, 'station-007')).some((name) => name.endsWith('.partial'))).toBe(false);
    const listed = await listBackups(to, '007');
    expect(listed).toHaveLength(1);
    const restored = join(tempDir('badge-restored-'), 'station');
    expect(cli(['--data', restored, 'restore', listed[0]?.path as string]).status).toBe(0);
    expect(cli(['--data', restored, 'ledger', 'verify']).status).toBe(0);
  }, 120_000);

  it('cut off by a crash (what it leaves: a half-copied .partial folder) is not listed, not restored, and cleared by the next', async () => {
    const station = newStation();
    const to = tempDir('badge-backup-drive-');
    try {
      const made = await backupStation(station, to);
      const partial = `${made.path.replace(/Z$/, '')}-crashed.partial`;
      cpSync(made.path, partial, { recursive: true });
      rmSync(join(partial, 'manifest.json'));
      truncateSync(join(partial, DATABASE_FILE), 4096);
      expect((await listBackups(to, station.number)).map((backup) => backup.path)).toEqual([made.path]);
      await expect(
        restoreStation(join(tempDir(), 'station'), partial, testKek(), { actor: 'system:test' }),
      ).rejects.toMatchObject({
        code: 'BACKUP_INVALID',
      });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await backupStation(station, to);
      expect(existsSync(partial)).toBe(false);
      expect(await listBackups(to, station.number)).toHaveLength(2);
    } finally {
      station.close();
    }
  });

  it('to a full drive says so, writes nothing half, and the backups before it stay valid', () => {
    const station = newStation();
    const dataDir = station.dataDir;
    station.close();
    const drive = tempDir('badge-backup-full-');
    // A 1 MB drive of its own (tmpfs in a mount namespace of this script's): one backup fits,
    // then a file fills it.
    const script = `
      set -e
      mount -t tmpfs -o size=1m tmpfs "${drive}"
      "${process.execPath}" "${cliBin}" --data "${dataDir}" backup --to "${drive}" > /dev/null
      head -c 2000000 /dev/zero > "${drive}/filler" 2>/dev/null || true
      set +e
      "${process.execPath}" "${cliBin}" --data "${dataDir}" backup --to "${drive}" 2> "${drive}.err"
      echo "status=$?" >> "${drive}.err"
      rm "${drive}/filler"
      ls "${drive}/station-007" > "${drive}.list"
    `;
    const ran = spawnSync('unshare', ['-m', 'bash', '-c', script], {
      env: {
        ...process.env,
        BADGE_STATION_HOME: '',
        BADGE_STATION_PASSPHRASE: TEST_PASSPHRASE,
        BADGE_STATION_USER: '',
        BADGE_STATION_SECRET: '',
      },
      encoding: 'utf8',
    });
    expect(ran.stderr).toBe('');
    expect(ran.status).toBe(0);
    const said = readFileSync(`${drive}.err`, 'utf8');
    expect(said).toContain('is full: this backup was not made');
    expect(said).toContain('the backups before it are intact');
    expect(said).toMatch(/status=1/);
    // One backup, no half one, and the photos folder.
    expect(
      readFileSync(`${drive}.list`, 'utf8')
        .trim()
        .split('\n')
        .filter((name) => !name.endsWith('.partial')),
    ).toHaveLength(2);
    expect(readFileSync(`${drive}.list`, 'utf8')).not.toContain('.partial');
  });
});

describe('a restore', () => {
  async function backedUp() {
    const station = newStation();
    const to = tempDir('badge-backup-drive-');
    const made = await backupStation(station, to);
    station.ledger.append({ type: 'KEY_EVENT', actor: 'system:test', subject: 'after the backup', data: {} });
    station.close();
    return { dataDir: station.dataDir, backup: made.path };
  }

  it('over a station keeps the one that was there, moved aside, and records itself', async () => {
    const { dataDir, backup } = await backedUp();
    const result = await restoreStation(dataDir, backup, testKek(), { actor: 'system:test' });
    expect(result.replacedInto).not.toBeNull();
    expect(existsSync(join(result.replacedInto as string, DATABASE_FILE))).toBe(true);
    const station = openStation(dataDir, 'test', { kek: testKek() });
    try {
      const types = (station.db.statement('SELECT type FROM ledger_events ORDER BY seq').all() as { type: string }[]).map(
        (e) => e.type,
      );
      expect(types.at(-1)).toBe('STATION_RESTORED');
      expect(types).not.toContain('KEY_EVENT');
    } finally {
      station.close();
    }
  });

  it('of a tampered backup (its ledger changed and its manifest made to match) is refused, saying why, and nothing is replaced', async () => {
    const { dataDir, backup } = await backedUp();
    // Someone with the passphrase rewrites an event in the backup's copy, and its manifest's hash to suit.
    const copy = join(backup, DATABASE_FILE);
    tamper(copy, (db) => db.prepare(`UPDATE ledger_events SET actor = 'someone else' WHERE seq = 1`).run());
    const manifest = JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8'));
    manifest.database.sha256 = createHash('sha256').update(readFileSync(copy)).digest('hex');
    writeFileSync(join(backup, 'manifest.json'), JSON.stringify(manifest));
    const before = snapshot(dataDir);
    await expect(restoreStation(dataDir, backup, testKek(), { actor: 'system:test' })).rejects.toMatchObject({
      code: 'BACKUP_INVALID',
      message: expect.stringMatching(/its ledger does not verify: .*Nothing in the data folder was replaced/s),
    });
    expect(snapshot(dataDir)).toEqual(before);
  });

  it('of a damaged backup (a byte changed on the drive) is refused before it is opened; a wrong passphrase too', async () => {
    const { dataDir, backup } = await backedUp();
    const copy = join(backup, DATABASE_FILE);
    const bytes = readFileSync(copy);
    const before = snapshot(dataDir);
    const wrong = cli(['--data', dataDir, 'restore', backup], { BADGE_STATION_PASSPHRASE: 'not the station passphrase' });
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/passphrase/);
    bytes.writeUInt8((bytes.at(-100) ?? 0) ^ 0xff, bytes.length - 100);
    writeFileSync(copy, bytes);
    const damaged = cli(['--data', dataDir, 'restore', backup]);
    expect(damaged.status).not.toBe(0);
    expect(damaged.stderr).toContain('its database is not the one its manifest recorded');
    expect(snapshot(dataDir)).toEqual(before);
    // Still the station it was.
    const db = rawStationDatabase(join(dataDir, DATABASE_FILE), { readonly: true });
    expect((db.prepare(`SELECT count(*) AS n FROM ledger_events WHERE type = 'KEY_EVENT'`).get() as { n: number }).n).toBe(1);
    db.close();
  });
});
