import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StationError } from '../../electron/core/errors.ts';
import { openLog } from '../../electron/core/log/index.ts';
import { cli, tempDir } from '../support/station.ts';

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
  });
});
