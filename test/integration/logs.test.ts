import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StationError } from '../../electron/core/errors.ts';
import { openLog } from '../../electron/core/log/index.ts';
import { HEADER_ZH, writeZip } from '../support/roster.ts';
import { cli, tempDir } from '../support/station.ts';

/** What a reader does with a cell it expects to hold JSON: its failure quotes the cell. */
function readCell(cell: string): unknown {
  return JSON.parse(cell);
}

/** A workbook as a registration system might write it, its cells as inline strings, text as given (escapes and all). */
function writeInlineXlsx(path: string, rows: readonly (readonly string[])[]): string {
  const cells = (row: readonly string[], r: number) =>
    row.map((text, c) => `<c r="${String.fromCharCode(65 + c)}${r}" t="inlineStr"><is><t>${text}</t></is></c>`).join('');
  const sheet = `<worksheet><sheetData>${rows.map((row, i) => `<row r="${i + 1}">${cells(row, i + 1)}</row>`).join('')}</sheetData></worksheet>`;
  return writeZip(path, {
    '[Content_Types].xml': Buffer.from('<Types/>'),
    'xl/workbook.xml': Buffer.from('<workbook><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    'xl/_rels/workbook.xml.rels': Buffer.from(
      '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
    'xl/worksheets/sheet1.xml': Buffer.from(sheet),
  });
}

function allLogText(dataDir: string): string {
  const logs = join(dataDir, 'logs');
  return readdirSync(logs)
    .map((file) => readFileSync(join(logs, file), 'utf8'))
    .join('');
}

describe("the station's logs", () => {
  it('record what commands did, as JSON lines in the data folder', () => {
    const dir = join(tempDir(), 'desk');
    cli(['--data', dir, 'init', '--station', '3']);
    cli(['--data', dir, 'ledger', 'verify']);
    const lines = allLogText(dir)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ msg: 'station initialised', station: '003' }),
        expect.objectContaining({ msg: 'ledger verified', intact: true, events: 1 }),
      ]),
    );
  });

  it('never hold a holder’s personal data or a secret, even when code passes them in', async () => {
    const dir = tempDir();
    const log = await openLog(dir);
    const holder = {
      id: 'H-000123',
      name: '欧阳娜娜',
      latin_name: 'OUYANG NANA',
      passport: 'E12345678',
      phone: '+86 138 0013 8000',
    };
    log.info({ holder, count: 1 }, 'holder imported');
    log.info({ passphrase: 'correct horse battery staple', secret: 'c2VjcmV0LWV2ZW50LWtleQ==' }, 'keys unlocked');
    log.warn({ err: new StationError('USAGE', 'Row 7, column 姓名: "欧阳娜娜" is not unique') }, 'import refused');
    log.flush();
    const text = allLogText(dir);
    for (const leaked of ['欧阳娜娜', 'OUYANG NANA', 'E12345678', '138 0013', 'correct horse', 'c2VjcmV0']) {
      expect(text).not.toContain(leaked);
    }
    expect(text).toContain('H-000123');
    expect(text).toContain('"code":"USAGE"');
  });

  it('keep an unexpected error’s class, code and stack frames, never its message: it may quote a holder', async () => {
    const dir = tempDir();
    const log = await openLog(dir);
    let failure: unknown;
    try {
      readCell('{"姓名": 欧阳娜娜}');
    } catch (error) {
      failure = error;
    }
    expect((failure as Error).message).toContain('欧阳娜娜');
    log.warn({ command: 'import', err: failure }, 'command failed');
    // Without a message of its own, pino would make the error's message the line's.
    log.error(failure);
    log.error({ err: failure });
    const photo = Object.assign(new Error("ENOENT: no such file or directory, open '/photos/欧阳娜娜/H-000123.jpg'"), {
      code: 'ENOENT',
      syscall: 'open',
      path: '/photos/欧阳娜娜/H-000123.jpg',
    });
    log.error({ err: new Error('photos of 欧阳娜娜 failed', { cause: photo }) }, 'photos failed');
    log.error({ err: new AggregateError([failure, photo], '2 photos of OUYANG NANA failed') }, 'photos failed');
    log.flush();
    const text = allLogText(dir);
    for (const leaked of ['欧阳娜娜', 'OUYANG NANA']) expect(text).not.toContain(leaked);
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const failed = lines.find((line) => line.msg === 'command failed');
    expect(failed.err).toMatchObject({
      type: 'SyntaxError',
      stack: expect.stringMatching(/at readCell \(.*logs\.test\.ts:\d+:\d+\)/),
    });
    expect(lines.filter((line) => line.msg === 'photos failed').map((line) => line.err)).toEqual([
      expect.objectContaining({ type: 'Error', cause: expect.objectContaining({ code: 'ENOENT', syscall: 'open' }) }),
      expect.objectContaining({
        type: 'AggregateError',
        errors: [expect.objectContaining({ type: 'SyntaxError' }), expect.objectContaining({ code: 'ENOENT' })],
      }),
    ]);
  });

  it('keep the frames of a roster reader’s unexpected failure, on the real clock, and none of the row it failed on', () => {
    const dir = join(tempDir(), 'desk');
    cli(['--data', dir, 'init', '--station', '3']);
    // A character reference past Unicode's last code point: the reader's decoding throws
    // (a bug of the reader, used here as the unexpected failure it is).
    const roster = writeInlineXlsx(join(tempDir(), 'roster.xlsx'), [
      HEADER_ZH,
      ['H-000123', '欧阳娜娜&#1114112;', 'OUYANG NANA', '', '', '', '', '观展证', ''],
    ]);
    const run = cli(['--data', dir, 'import', roster]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^badge-station: Unexpected failure: .*Please report it with the station's log folder/);
    const text = allLogText(dir);
    for (const leaked of ['欧阳娜娜', 'OUYANG NANA']) expect(text).not.toContain(leaked);
    const failed = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .find((line) => line.msg === 'command failed');
    expect(failed.err).toMatchObject({ type: 'RangeError', stack: expect.stringMatching(/read-xlsx\.ts:\d+:\d+/) });
  });

  it('roll over to a new file past their size limit, keeping a bounded number', async () => {
    const dir = tempDir();
    // Two processes one after the other, as CLI commands are; rolling happens between writes.
    for (const run of [1, 2]) {
      const log = await openLog(dir, { size: '1k', keep: 3 });
      for (let i = 0; i < 60; i += 1) {
        log.info({ run, i, padding: 'x'.repeat(40) }, 'filler');
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
    // Rolling and clean-up run after the write that triggers them: let them finish before
    // looking (and before the folder is removed under them).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const files = readdirSync(join(dir, 'logs')).filter((file) => file.endsWith('.log'));
    expect(files.length).toBeGreaterThan(1);
    expect(files.length).toBeLessThanOrEqual(4);
    // Each new file is its user's alone, as the folder is.
    expect(
      [join(dir, 'logs'), ...files.map((file) => join(dir, 'logs', file))].map((path) => statSync(path).mode & 0o777),
    ).toEqual([0o700, ...files.map(() => 0o600)]);
  });
});
