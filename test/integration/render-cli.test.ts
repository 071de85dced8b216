import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
});
