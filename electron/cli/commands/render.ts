import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { formatSerial, parseSerial } from '../../core/badges/index.ts';
import { type Clock, systemClock } from '../../core/clock.ts';
import { StationError } from '../../core/errors.ts';
import { demoEventWindow, readStationTrust, stationVerifier } from '../../core/keys/index.ts';
import type { BadgeClaims } from '../../core/payload/index.ts';
import type { CardData, CardKind } from '../../core/render/index.ts';
import type { CliContext } from '../context.ts';
import { withStation } from '../context.ts';
import { run } from '../run.ts';

interface RenderCliOptions {
  out: string;
  badge?: string;
  payload?: string;
  demo?: boolean;
  kind: string;
  printer?: string;
  calibrationCard?: boolean;
}

export function registerRender(program: Command): void {
  program
    .command('render')
    .description('render badges to PDF (front and back, one file a card, plus batch.pdf) and SVG previews')
    .requiredOption('--out <dir>', 'the folder to write into')
    .option('--badge <serial>', "one badge of this station, by serial (needs --payload, the badge's barcode form)")
    .option('--payload <text>', 'the signed barcode form (BS1:...) to print on the badge')
    .option('--demo', 'one demo card per badge type (no station needed)')
    .option('--kind <kind>', 'with --demo: badge, test or training (test and training cards carry no payload)', 'badge')
    .option('--printer <name>', "apply this printer's calibration (from the station's data folder)")
    .option('--calibration-card', 'print the calibration card for --printer instead')
    .action(run((options: RenderCliOptions, context) => render(options, context)));
}

async function render(options: RenderCliOptions, context: CliContext) {
  // Loaded when rendering, not for every command: pdfkit, fonts and barcodes cost ~0.3 s.
  const {
    badgeFonts,
    calibrationCard,
    calibrationFor,
    cardPdf,
    cardSvg,
    demoCards,
    KIND_MARK,
    layoutCard,
    layoutFor,
    loadLayouts,
    NO_CALIBRATION,
    nonBadgeSerial,
    PdfCards,
    renderBatch,
  } = await import('../../core/render/index.ts');
  const { loadCatalog } = await import('../../core/catalog/index.ts');
  // Reads the roster's tables: kept out of the render door so a rendering thread never loads the roster.
  const { cardForBadge } = await import('../../core/render/station-card.ts');
  if ([options.badge !== undefined, Boolean(options.demo), Boolean(options.calibrationCard)].filter(Boolean).length !== 1) {
    throw new StationError(
      'USAGE',
      'Give exactly one of --badge SERIAL, --demo or --calibration-card (see badge-station render --help).',
    );
  }
  if (!['badge', 'test', 'training'].includes(options.kind))
    throw new StationError('USAGE', '--kind must be badge, test or training.');
  mkdirSync(options.out, { recursive: true });
  const calibration = options.printer ? calibrationFor(context.dataDir, options.printer) : undefined;
  if (options.calibrationCard) {
    if (!options.printer) throw new StationError('USAGE', '--calibration-card needs --printer NAME.');
    const pdf = new PdfCards(badgeFonts(), { calibration, title: 'Calibration card' });
    pdf.addSide(calibrationCard(options.printer, calibration ?? NO_CALIBRATION, badgeFonts()));
    const file = join(options.out, `calibration-${options.printer}.pdf`);
    writeFileSync(file, await pdf.end());
    return { result: { files: [file] }, text: `Wrote the calibration card for ${options.printer} to ${file}.` };
  }
  const catalog = loadCatalog();
  let cards: CardData[];
  if (options.badge !== undefined) {
    if (!options.payload) throw new StationError('USAGE', '--badge needs --payload BS1:... (the signed barcode form).');
    const serial = options.badge.trim().toUpperCase();
    const payload = options.payload.trim();
    const claims = payloadOfBadge(context.dataDir, serial, payload, systemClock);
    cards = [await withStation(context, 'render', (station) => cardForBadge(station, catalog, serial, payload, claims))];
  } else {
    const kind = options.kind as CardKind;
    // Demo, test and training cards print the dates a demo event would run from today.
    cards = (await demoCards(catalog, demoEventWindow(systemClock), (i) => `DEMO-NOT-VALID-${i + 1}`)).map((card) =>
      kind === 'badge' ? card : { ...card, kind, serial: nonBadgeSerial(kind), payload: `${KIND_MARK[kind]} NOT VALID` },
    );
  }
  const layouts = loadLayouts();
  const files: string[] = [];
  const warnings: string[] = [];
  for (const card of cards) {
    const rendered = layoutCard(layoutFor(layouts, card), card);
    warnings.push(...rendered.warnings.map((w) => `${card.serial}: ${w.message}`));
    const base = join(options.out, `${card.type.code}-${card.serial}`);
    writeFileSync(`${base}.pdf`, await cardPdf(rendered, calibration));
    const svg = cardSvg(rendered);
    writeFileSync(`${base}-front.svg`, svg.front);
    if (svg.back) writeFileSync(`${base}-back.svg`, svg.back);
    files.push(`${base}.pdf`);
  }
  const batch = join(options.out, 'batch.pdf');
  const report = await renderBatch(cards, { out: batch, calibration, workers: 1 });
  files.push(batch);
  const text = [
    `Wrote ${cards.length} card(s) and batch.pdf (${report.pages} pages) to ${options.out}.`,
    ...warnings.map((w) => `warning: ${w}`),
  ];
  return { result: { files, warnings, failed: report.failed }, text: text.join('\n') };
}

/**
 * The claims of the payload a badge is to carry, checked as a gate would check them on
 * `clock`: a card is never printed with a payload that does not verify, or one made for
 * another badge, and its printed dates are the dates that payload is valid.
 */
function payloadOfBadge(dataDir: string, serial: string, payload: string, clock: Clock): BadgeClaims {
  const trust = readStationTrust(dataDir);
  if (!trust)
    throw new StationError(
      'KEY_MISSING',
      'This station is not enrolled, so the payload cannot be checked: nothing was rendered.',
    );
  const verdict = stationVerifier(trust, clock).verify(payload);
  if (!verdict.valid || !verdict.claims)
    throw new StationError(
      'PAYLOAD_INVALID',
      `The payload does not verify (${verdict.code}: ${verdict.message}): nothing was rendered.`,
    );
  const claims = verdict.claims;
  const signed = formatSerial({
    letter: claims.type,
    station: String(verdict.station).padStart(3, '0'),
    counter: claims.badgeId,
    version: claims.version,
  });
  if (parseSerial(serial) === null || signed !== serial)
    throw new StationError('PAYLOAD_INVALID', `The payload was signed for ${signed}, not ${serial}: nothing was rendered.`);
  return claims;
}
