import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { migrations } from '../../electron/core/db/migrations/index.ts';
import { DATABASE_FILE, openStation } from '../../electron/core/station/index.ts';
import { testKek } from '../support/passphrase.ts';
import { HEADER_ZH, jpeg, writeCsv } from '../support/roster.ts';
import { cli, tempDir } from '../support/station.ts';
import { tamper } from '../support/tamper.ts';

// Each test here runs the CLI as a child process many times (tsx's start, a passphrase's
// scrypt): 5-20 s on a quiet 2-core machine, far more on a busy one.
vi.setConfig({ testTimeout: 120_000 });

/** The permission bits of a file or folder, as `ls -l` shows them. */
function modeOf(path: string): string {
  return (statSync(path).mode & 0o777).toString(8).padStart(4, '0');
}

function initialised(): string {
  const dir = join(tempDir(), 'desk-7');
  const result = cli(['--data', dir, 'init', '--station', '7']);
  expect(result.status).toBe(0);
  return dir;
}

describe('badge-station, the command', () => {
  it('creates a station and proves its new ledger intact', () => {
    const dir = join(tempDir(), 'desk-7');
    const init = cli(['--data', dir, 'init', '--station', '7']);
    expect(init).toMatchObject({
      status: 0,
      stdout: `Station 007 is ready in ${dir}. Its data is encrypted: every command opens it with the station passphrase.\n`,
    });

    const verify = cli(['--data', dir, 'ledger', 'verify']);
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/^Ledger of station 007 is intact: 1 events, head 1 [0-9a-f]{16}/);

    const status = cli(['--data', dir, '--json', 'status']).json();
    expect(status).toMatchObject({ ok: true, result: { station: '007', schema: migrations.length, ledger: { events: 1 } } });
  });

  it('finds the station through BADGE_STATION_HOME when --data is not given', () => {
    const dir = join(tempDir(), 'home');
    expect(cli(['init', '--station', '12'], { BADGE_STATION_HOME: dir }).status).toBe(0);
    expect(cli(['--json', 'status'], { BADGE_STATION_HOME: dir }).json()).toMatchObject({
      result: { station: '012', dataDir: dir },
    });
  });

  it('refuses to initialise a station twice, changing nothing', () => {
    const dir = initialised();
    const again = cli(['--data', dir, '--json', 'init', '--station', '8']);
    expect(again.status).toBe(1);
    expect(again.json()).toEqual({
      ok: false,
      error: { code: 'STATION_EXISTS', message: `${dir} is already station 007; nothing was changed.` },
    });
  });

  it('tells the operator to run init when the folder holds no station, without creating one', () => {
    const dir = join(tempDir(), 'typo');
    const result = cli(['--data', dir, 'status']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `badge-station: There is no station in ${dir}. Create one with "badge-station init --station NNN", or point --data at an existing station.\n`,
    );
    expect(existsSync(dir)).toBe(false);
  });

  it('exits 1 and names the first bad event when the ledger was tampered with', () => {
    const dir = initialised();
    tamper(join(dir, DATABASE_FILE), (db) => db.prepare(`UPDATE ledger_events SET actor = 'someone-else' WHERE seq = 1`).run());
    const plain = cli(['--data', dir, 'ledger', 'verify']);
    expect(plain.status).toBe(1);
    expect(plain.stderr).toBe(
      'badge-station: Ledger of station 007 is NOT intact: first bad event is 1. Event 1 was altered: its contents no longer match its hash.\n',
    );
    const json = cli(['--data', dir, '--json', 'ledger', 'verify']);
    expect(json.status).toBe(1);
    expect(json.json()).toMatchObject({
      ok: false,
      error: { code: 'LEDGER_BROKEN' },
      result: { firstBadSeq: 1, problem: { kind: 'altered' } },
    });
  });

  it('exports the ledger as JSONL, and as CSV with the BOM Excel needs to read UTF-8', () => {
    const dir = initialised();
    const jsonl = cli(['--data', dir, 'ledger', 'export']);
    expect(jsonl.status).toBe(0);
    const [event] = jsonl.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(event).toMatchObject({ seq: 1, type: 'STATION_INITIALISED', subject: 'station:007', data: { station: '007' } });
    expect(event.prev_hash).toBe('0'.repeat(64));

    const out = join(tempDir(), 'ledger.csv');
    const csv = cli(['--data', dir, 'ledger', 'export', '--format', 'csv', '--out', out]);
    expect(csv).toMatchObject({ status: 0, stdout: `Exported 1 events as CSV to ${out}.\n` });
    const lines = readFileSync(out, 'utf8').split('\r\n');
    expect(lines[0]).toBe('\uFEFFseq,at,at_ms,type,actor,subject,data,prev_hash,hash');
    expect(lines[1]).toContain(
      `,STATION_INITIALISED,system:cli,station:007,"{""schema"":${migrations.length},""station"":""007""}",`,
    );
  });

  it('keeps the data folder, its database, logs and stored photos to their user alone (on the real clock)', async () => {
    const dir = join(tempDir(), 'stations', 'desk-7');
    expect(cli(['--data', dir, 'init', '--station', '7']).status).toBe(0);
    const photos = tempDir('photos-');
    writeFileSync(join(photos, 'H-1.jpg'), await jpeg(1));
    const roster = writeCsv([HEADER_ZH, ['H-1', '欧阳娜娜', '', '', '中国', '身份证', '1', '观展证', '']]);
    expect(cli(['--data', dir, 'import', roster, '--photos', photos]).status).toBe(0);

    const entries = (folder: string) => readdirSync(folder, { recursive: true }).map((entry) => join(folder, String(entry)));
    const stored = entries(join(dir, 'photos'));
    expect(stored.filter((path) => path.endsWith('.photo'))).toHaveLength(1);
    const folders = [
      join(dir, '..'),
      dir,
      join(dir, 'logs'),
      join(dir, 'photos'),
      join(dir, 'keys'),
      ...stored.filter((path) => !path.endsWith('.photo')),
    ];
    const files = [
      join(dir, DATABASE_FILE),
      join(dir, 'keys', 'data-key.json'),
      ...entries(join(dir, 'logs')),
      ...stored.filter((path) => path.endsWith('.photo')),
    ];
    // The database's -wal file is there while the station is open.
    const station = openStation(dir, 'test', { kek: testKek() });
    try {
      const wal = join(dir, `${DATABASE_FILE}-wal`);
      expect(existsSync(wal)).toBe(true);
      files.push(wal, ...[`${DATABASE_FILE}-shm`].map((name) => join(dir, name)).filter(existsSync));
      expect(Object.fromEntries([...folders, ...files].map((path) => [path, modeOf(path)]))).toEqual(
        Object.fromEntries([...folders.map((path) => [path, '0700']), ...files.map((path) => [path, '0600'])]),
      );
    } finally {
      station.close();
    }
  });

  it('with no command shows its help and exits 2, as for any command line it cannot run', () => {
    for (const args of [[], ['ledger']]) {
      const bare = cli(args);
      expect(bare.status).toBe(2);
      expect(bare.stdout).toBe('');
      expect(bare.stderr).toMatch(
        new RegExp(`^Usage: badge-station${args.map((arg) => ` ${arg}`).join('')} \\[options\\] \\[command\\]`),
      );
      expect(bare.stderr).not.toContain('outputHelp');
    }
    expect(cli(['--json'])).toMatchObject({ status: 2 });
    expect(cli(['--json']).json()).toEqual({
      ok: false,
      error: { code: 'USAGE', message: 'No command given: badge-station --help lists them.' },
    });
  });

  it('names a roster that is not there in one plain line, not in the system’s words', () => {
    const dir = initialised();
    const missing = join(tempDir(), 'roster.csv');
    const run = cli(['--data', dir, 'import', missing]);
    expect(run).toMatchObject({ status: 1, stdout: '', stderr: `badge-station: No file ${missing}: check the path.\n` });
  });

  it('answers --help with exit 0 and a mistyped command with exit 2 and one line', () => {
    const help = cli(['ledger', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('verify');
    const typo = cli(['ledger', 'verfy']);
    expect(typo.status).toBe(2);
    expect(typo.stderr.trim().split('\n')).toHaveLength(1);
    expect(cli(['--json', 'ledger', 'export', '--format', 'xml']).json()).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    expect(cli(['--json', 'init', '--station', '1000']).json()).toMatchObject({
      ok: false,
      error: { code: 'STATION_NUMBER_INVALID' },
    });
  });
});
