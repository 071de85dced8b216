/**
 * Group `printers`: what talking IPP to CUPS costs per card. Runs its own sandboxed cupsd
 * (as the tests do) with an instant capture printer, so only the spooler's side is timed.
 *
 * ipp_submit_ms: sending one card's job (Print-Job with the PDF), as CupsCardPrinter.print
 * sends it, until the spooler answers with its job id. The cards are real badges: one per
 * badge type, drawn by the product's renderer with the event's own layouts (photo, signed
 * QR, barcode, both sides), about the size the pipeline sends; a one-line placeholder PDF,
 * as before, left out most of the bytes a card takes to send. As the pipeline does, each
 * card is followed until the printer is done before the next is sent (not timed), so a
 * submit never waits behind the filters still working on the cards before it.
 * ipp_status_poll_ms: one printer status request.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { barcodeForm } from '../../electron/core/payload/index.ts';
import { cardPdf, demoCards, layoutCard, layoutFor, loadLayouts } from '../../electron/core/render/index.ts';
import { CupsSpooler } from '../../native/printers/index.ts';
import { startCupsd } from '../support/cupsd.ts';
import { exhibitorClaims, nowSeconds, testEvent } from '../support/event-keys.ts';
import { note, report } from './report.ts';

const SUBMITS = 100;
const POLLS = 500;

/** One PDF per badge type, as the pipeline's card press draws a card for the spooler. */
export async function badgePdfs(): Promise<Buffer[]> {
  const catalog = loadCatalog();
  const layouts = loadLayouts();
  const event = testEvent();
  const station = event.station(7);
  const validity = { notBefore: nowSeconds - 86_400, expires: nowSeconds + 5 * 86_400 };
  const cards = await demoCards(catalog, validity, (i) =>
    barcodeForm(exhibitorClaims(event.secret, { badgeId: 12_345 + i }), station.signer),
  );
  return Promise.all(cards.map((card) => cardPdf(layoutCard(layoutFor(layouts, card), card))));
}

export async function printersBench(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'badge-bench-cups-'));
  const cups = await startCupsd(root);
  try {
    cups.addQueue('bench');
    const spooler = new CupsSpooler(cups.url);
    const pdfs = await badgePdfs();
    note(`printers: badge PDFs of ${pdfs.map((pdf) => Math.round(pdf.length / 1024)).join(', ')} KB`);
    const send = (i: number) =>
      spooler.submit('bench', {
        jobName: `E-007-${String(i).padStart(7, '0')}-1`,
        pdf: pdfs[i % pdfs.length] as Buffer,
        sides: 'two-sided-long-edge',
      });
    await spooler.waitForJob('bench', await send(0), { pollMs: 20 });
    let submitting = 0;
    for (let i = 1; i <= SUBMITS; i += 1) {
      const started = performance.now();
      const job = await send(i);
      submitting += performance.now() - started;
      await spooler.waitForJob('bench', job, { pollMs: 20 });
    }
    report({ name: 'ipp_submit_ms', value: submitting / SUBMITS, unit: 'ms' });
    const started = performance.now();
    for (let i = 0; i < POLLS; i += 1) await spooler.status('bench');
    report({ name: 'ipp_status_poll_ms', value: (performance.now() - started) / POLLS, unit: 'ms' });
  } finally {
    await cups.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
