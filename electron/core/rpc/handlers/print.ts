/**
 * The Print screen's methods: batches made into jobs, previews in the real templates, and
 * runs on the station's printers through the desk's run manager (jobs/desk-runs.ts).
 */
import { setImmediate as yieldToOthers } from 'node:timers/promises';
import { badgeClaims, badgeForChip } from '../../chips/index.ts';
import { StationError } from '../../errors.ts';
import { DeskRuns } from '../../jobs/desk-runs.ts';
import { JobStore, stationPrinters } from '../../jobs/index.ts';
import { demoEventWindow, type StationKeyring } from '../../keys/index.ts';
import type { Station } from '../../station/index.ts';
import { runLeases, upstreamPlaceOf } from '../../upstream/index.ts';
import type { Result } from '../contract/index.ts';
import type { Handlers } from '../server.ts';
import { approvalFor } from './approval.ts';
import { actorOf } from './session.ts';
import type { StationAccess } from './station-access.ts';

type PrintMethod =
  | 'print.jobs'
  | 'print.batch'
  | 'print.preview'
  | 'print.printers'
  | 'print.start'
  | 'print.pause'
  | 'print.cancel'
  | 'print.problems'
  | 'print.retry'
  | 'print.release';

type Problem = Extract<Result<'print.batch'>, { made: false }>['problems'][number];

/** What a preview's barcode says: a preview is never a badge. */
const NOT_VALID = 'PREVIEW NOT VALID';
/** A preview page's SVG, at most (characters): well under the socket's 1 MB with the rest of the answer. */
const PAGE_BUDGET = 800_000;

export interface PrintHandlers {
  handlers: Pick<Handlers, PrintMethod>;
  runs: DeskRuns;
}

export function printHandlers(access: StationAccess): PrintHandlers {
  const unlock = (station: Station): StationKeyring => access.keyring(station);
  const runs = new DeskRuns({
    dataDir: access.dataDir,
    station: () => access.station(),
    ...(access.devices ? { devices: access.devices } : {}),
    keyring: unlock,
    // A station connected to upstream claims its run's holders there, as the CLI's runs do.
    // A login this desk cannot open yet does not stop the printing: the run says it did not claim.
    leases: (station, store, notice) => {
      let url: string | undefined;
      try {
        url = upstreamPlaceOf(access.dataDir) === undefined ? undefined : access.upstreamUrl();
      } catch (error) {
        notice({
          code: 'UPSTREAM_NOT_CLAIMED',
          message: `Printing without claiming the holders upstream: ${(error as Error).message}`,
        });
      }
      return runLeases(station, store, url, undefined, notice);
    },
  });
  return {
    runs,
    handlers: {
      'print.jobs': ({ limit }) => ({ jobs: runs.jobs(limit) }),
      'print.batch': ({ name, from }, call) => {
        const station = access.station();
        const store = new JobStore(station.db, station.ledger);
        const create = (badges: Parameters<JobStore['createJob']>[0]['badges'], fallback: string) => {
          const job = store.createJob({ name: name ?? fallback, badges, actor: actorOf(call) });
          // A batch waits for its printers: started, it is printed by the run it is started on.
          store.pause(job);
          return { made: true as const, job, cards: store.progress(job).total };
        };
        if (from.kind === 'list') {
          const resolved = resolveList(station, from.text);
          if (resolved.problems.length > 0 || resolved.serials.length === 0)
            return { made: false as const, problems: resolved.problems, lines: resolved.lines };
          return create({ serials: resolved.serials }, `${resolved.serials.length} badges from a list`);
        }
        if (from.type !== undefined && !station.db.statement('SELECT 1 FROM holders WHERE type = ? LIMIT 1').get(from.type))
          throw new StationError('BADGE_TYPE_UNKNOWN', `Nobody on the roster has the badge type "${from.type}": pick another.`);
        const fallback = ['every badge not yet printed', from.type, from.organisation].filter(Boolean).join(' · ');
        if (from.organisation === undefined)
          return create({ unprinted: true, ...(from.type ? { type: from.type } : {}) }, fallback);
        return create({ serials: unprintedOf(station, from.type, from.organisation) }, fallback);
      },
      'print.preview': async ({ job, page, pageSize = 4 }) => {
        const station = access.station();
        const store = new JobStore(station.db, station.ledger);
        const total = store.progress(job).total;
        const rows = station.db
          .statement('SELECT serial FROM job_items WHERE job = ? ORDER BY position LIMIT ? OFFSET ?')
          .all(job, pageSize, page * pageSize) as { serial: string }[];
        const render = await import('../../render/index.ts');
        const { cardForBadge } = await import('../../render/station-card.ts');
        const { loadCatalog } = await import('../../catalog/index.ts');
        const catalog = loadCatalog();
        const layouts = render.loadLayouts();
        const cards: Result<'print.preview'>['cards'] = [];
        let size = 0;
        for (const { serial } of rows) {
          const badge = badgeForChip(station, serial);
          if (!badge) continue;
          // The dates the run will print: the certificate's window when the key is at hand.
          let validity: { notBefore: number; expires: number } = demoEventWindow(station.clock);
          try {
            validity = badgeClaims(badge, catalog, unlock(station));
          } catch {}
          const card = cardForBadge(station, catalog, serial, NOT_VALID, validity);
          const draw = (data: typeof card) => render.cardSvg(render.layoutCard(render.layoutFor(layouts, data), data)).front;
          let front = draw(card);
          // Photos go into the SVG as they were imported: a page of big ones would pass the
          // socket's 1 MB, so past the budget a card is previewed without its photo.
          const photoLeftOut = size + front.length > PAGE_BUDGET && card.photo !== undefined;
          if (photoLeftOut) front = draw({ ...card, photo: undefined });
          size += front.length;
          cards.push({
            serial,
            holder: { id: card.holder.id, name: card.holder.name },
            type: { code: card.type.code, nameZh: card.type.name_zh, nameEn: card.type.name_en },
            lanyard: { colour: card.type.lanyard.colour, nameZh: card.type.lanyard.name_zh, nameEn: card.type.lanyard.name_en },
            front,
            ...(photoLeftOut ? { photoLeftOut } : {}),
          });
          // A card takes tens of milliseconds to lay out: other callers are answered in between.
          await yieldToOthers();
        }
        return { job, page, pages: Math.max(1, Math.ceil(total / pageSize)), total, cards };
      },
      'print.printers': () => ({
        printers: stationPrinters(access.station()).map((printer) => ({
          name: printer.name,
          driver: printer.driver,
          encoder: printer.encoder !== null,
          job: runs.printerJob(printer.name),
        })),
      }),
      'print.start': async ({ job, printers }, call) => {
        runs.publishTo({
          job: (view) => call.publish('job.progress', view),
          printer: (view) => call.publish('printers.state', view),
        });
        return runs.start(job, [...new Set(printers)], actorOf(call));
      },
      'print.pause': ({ job }) => runs.pause(job),
      'print.cancel': async ({ job, approval }, call) => {
        const station = access.station();
        const approved = await approvalFor(station, call.caller, 'print.cancel', approval);
        const done = runs.cancel(job);
        station.ledger.append({
          type: 'JOB_CANCELLED',
          actor: actorOf(call),
          subject: `job:${job}`,
          data: { job, cancelled: done.cancelled, approvedBy: approved.actor },
        });
        return done;
      },
      'print.problems': ({ job }) => {
        const station = access.station();
        runs.view(job);
        const cards = station.db
          .statement(
            `SELECT i.serial, i.state, i.reason, i.printer, h.name AS holder, v.type
             FROM job_items i JOIN badge_versions v ON v.serial = i.serial JOIN holders h ON h.id = v.holder
             WHERE i.job = ? AND i.state IN ('failed', 'rejected', 'held') ORDER BY i.position LIMIT 500`,
          )
          .all(job) as Result<'print.problems'>['cards'];
        return { cards };
      },
      'print.retry': ({ job }) => {
        runs.view(job);
        return runs.retry(job);
      },
      'print.release': ({ job, serial }) => {
        runs.view(job);
        return runs.release(job, serial?.trim().toUpperCase());
      },
    },
  };
}

/**
 * A pasted list, a holder id or a badge serial a line (blank lines and # notes skipped),
 * as active badges not yet printed; every line that is not one is told by its number.
 */
function resolveList(station: Station, text: string): { serials: string[]; problems: Problem[]; lines: number } {
  const bySerial = station.db.statement('SELECT serial, status FROM badge_versions WHERE serial = ?');
  const byHolder = station.db.statement(
    `SELECT h.id, v.serial FROM holders h LEFT JOIN badge_versions v ON v.holder = h.id AND v.status = 'active' WHERE h.id = ?`,
  );
  const spoken = station.db.statement(
    `SELECT job, state FROM job_items WHERE serial = ? AND state != 'cancelled' ORDER BY id DESC LIMIT 1`,
  );
  const serials: string[] = [];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    // A line copied from a spreadsheet keeps only its first cell.
    const entry = raw.split('\t')[0]?.trim() ?? '';
    if (!entry || entry.startsWith('#')) return;
    const line = index + 1;
    const badge = bySerial.get(entry.toUpperCase()) as { serial: string; status: string } | undefined;
    const holder = badge ? undefined : (byHolder.get(entry) as { id: string; serial: string | null } | undefined);
    const serial = badge?.serial ?? holder?.serial ?? undefined;
    if (!badge && !holder) problems.push({ line, text: entry, problem: 'unknown' });
    else if (!serial || badge?.status === 'revoked') problems.push({ line, text: entry, problem: 'not-active' });
    else if (seen.has(serial)) problems.push({ line, text: entry, problem: 'twice' });
    else {
      seen.add(serial);
      const other = spoken.get(serial) as { job: number; state: string } | undefined;
      if (other) problems.push({ line, text: entry, problem: other.state === 'issued' ? 'printed' : 'in-job', job: other.job });
      else serials.push(serial);
    }
  });
  return { serials, problems: problems.slice(0, 1000), lines: lines.length };
}

/** Active badges not yet in any job, of a type and organisations starting with a text. */
function unprintedOf(station: Station, type: string | undefined, organisation: string): string[] {
  return (
    station.db
      .statement(
        `SELECT v.serial FROM badge_versions v JOIN holders h ON h.id = v.holder
         WHERE v.status = 'active' AND (? IS NULL OR v.type = ?) AND h.organisation LIKE ? ESCAPE '\\'
           AND NOT EXISTS (SELECT 1 FROM job_items i WHERE i.serial = v.serial AND i.state != 'cancelled')
         ORDER BY v.badge, v.version`,
      )
      .all(type ?? null, type ?? null, `${organisation.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) as { serial: string }[]
  ).map((row) => row.serial);
}
