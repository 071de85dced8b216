/**
 * Group `printers`: what talking IPP to CUPS costs per card. Runs its own sandboxed cupsd
 * (as the tests do) with an instant capture printer, so only the spooler's side is timed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { CupsSpooler } from '../../native/printers/index.ts';
import { startCupsd } from '../support/cupsd.ts';
import { report } from './report.ts';

const SUBMITS = 100;
const POLLS = 500;

async function cardPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: [242.65, 153.01], margin: 0 });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => doc.on('end', resolve));
  doc.fontSize(14).text('E-007-0012345-2', 20, 60);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

export async function printersBench(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'badge-bench-cups-'));
  const cups = await startCupsd(root);
  try {
    cups.addQueue('bench');
    const spooler = new CupsSpooler(cups.url);
    const pdf = await cardPdf();
    await spooler.submit('bench', { jobName: 'warm-up', pdf });
    let started = performance.now();
    for (let i = 0; i < SUBMITS; i += 1) await spooler.submit('bench', { jobName: `E-007-${i}`, pdf });
    report({ name: 'ipp_submit_ms', value: (performance.now() - started) / SUBMITS, unit: 'ms' });
    started = performance.now();
    for (let i = 0; i < POLLS; i += 1) await spooler.status('bench');
    report({ name: 'ipp_status_poll_ms', value: (performance.now() - started) / POLLS, unit: 'ms' });
  } finally {
    await cups.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
