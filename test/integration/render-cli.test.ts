import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { badgeClaims, badgeForChip } from '../../electron/core/chips/index.ts';
import { systemClock } from '../../electron/core/clock.ts';
import { passphraseKey, stationClockGuard, unlockStation } from '../../electron/core/keys/index.ts';
import { barcodeForm } from '../../electron/core/payload/index.ts';
import { eventOnCard } from '../../electron/core/render/index.ts';
import { PIPELINE_PASSPHRASE, pipelineStation } from '../support/pipeline.ts';
import { pdfText } from '../support/render.ts';
import { cli, tempDir } from '../support/station.ts';

describe('badge-station render', () => {
  it('--demo writes a PDF and SVG previews per card and one batch PDF, in the catalogue order', () => {
    const out = tempDir('render-cli-');
    const run = cli(['render', '--demo', '--out', out, '--json', '--data', tempDir()]);
    expect(run.status, run.stderr + run.stdout).toBe(0);
    const files = readdirSync(out);
    expect(files.filter((f) => f.endsWith('.pdf'))).toHaveLength(7);
    expect(files.filter((f) => f.endsWith('-front.svg'))).toHaveLength(6);
    const text = pdfText(readFileSync(join(out, 'batch.pdf')));
    expect(text.indexOf('特邀嘉宾证')).toBeLessThan(text.indexOf('安保证'));
  });

  it('--calibration-card prints the offsets stored for the printer; a wrong command line is exit status 2', () => {
    const out = tempDir('render-cli-');
    const run = cli(['render', '--calibration-card', '--printer', 'zebra-1', '--out', out, '--data', tempDir()]);
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(join(out, 'calibration-zebra-1.pdf'))).toBe(true);
    expect(pdfText(readFileSync(join(out, 'calibration-zebra-1.pdf')))).toContain('x +0.00 mm');
    expect(cli(['render', '--out', out]).status).toBe(2);
  });

  it('--badge prints the payload it is given with the dates that payload is valid, and refuses one that does not verify or names another badge (on the real clock, as the CLI runs)', async () => {
    const desk = await pipelineStation(2, [], { folder: tempDir('badge-station-pipeline-'), clock: systemClock });
    const station = desk.open();
    const keyring = unlockStation(desk.dataDir, passphraseKey(PIPELINE_PASSPHRASE), stationClockGuard(station));
    const [first, second] = desk.serials as [string, string];
    const badge = badgeForChip(station, first);
    if (!badge) throw new Error('no badge');
    const claims = badgeClaims(badge, loadCatalog(), keyring);
    // Signed while the station is open: its guard reads the station's clock standing.
    const payload = barcodeForm(claims, keyring.signer);
    station.close();
    const out = tempDir('render-cli-');
    const data = ['--data', desk.dataDir, '--json', 'render', '--out', out];

    const ok = cli([...data, '--badge', first, '--payload', payload]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(pdfText(readFileSync(join(out, 'batch.pdf')))).toContain(eventOnCard(claims).dates);

    expect(cli([...data, '--badge', second, '--payload', payload]).json()).toMatchObject({
      error: { code: 'PAYLOAD_INVALID', message: `The payload was signed for ${first}, not ${second}: nothing was rendered.` },
    });
    expect(cli([...data, '--badge', first, '--payload', 'BS1:GGW']).json()).toMatchObject({
      error: { code: 'PAYLOAD_INVALID', message: expect.stringContaining('MALFORMED') },
    });
  });
});
