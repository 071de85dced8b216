/**
 * Today's figures (contract/today.ts): issued by type and hour and who still waits
 * (today-tally.ts), each printer's pace and state, rejects with their reasons, jobs under
 * way. Everything but the tally is a small index range of today's or the last hour's
 * events, or of the few cards in printers.
 */
import { type Catalog, loadCatalog } from '../../catalog/index.ts';
import { JobStore, type StationPrinter, stationPrinters } from '../../jobs/index.ts';
import type { Station } from '../../station/index.ts';
import type { Result } from '../contract/index.ts';
import type { Handlers } from '../server.ts';
import type { StationAccess } from './station-access.ts';
import { dayIn, TodayTally } from './today-tally.ts';

type Figures = Result<'today.figures'>;

const HOUR_MS = 3_600_000;
/** A CUPS printer that has not answered by then is shown without its live state rather than holding the picture up. */
const STATUS_WAIT_MS = 1_000;
const UNDER_WAY = `('claimed', 'rendered', 'encoded', 'sent')`;

export interface TodayOptions {
  /** The station's time zone: the computer's unless a test pins one. */
  timeZone?: string | undefined;
}

export function todayHandlers(access: StationAccess, options: TodayOptions = {}): Pick<Handlers, 'today.figures'> {
  const timeZone = options.timeZone ?? new Intl.DateTimeFormat().resolvedOptions().timeZone;
  const tally = new TodayTally();
  let catalog: Catalog | undefined;
  return {
    'today.figures': async () => {
      const station = access.station();
      catalog ??= loadCatalog();
      const at = station.clock();
      const day = dayIn(timeZone, at);
      const counts = tally.figures(station, day);
      const hours = Math.max(1, Math.min(Math.floor((at - day.start) / HOUR_MS) + 1, Math.ceil((day.end - day.start) / HOUR_MS)));
      const types = catalog.types.map((type) => ({
        type: type.code,
        nameEn: type.name_en,
        nameZh: type.name_zh,
        colour: type.card_colour,
      }));
      // Types the catalogue no longer lists still count, under their code.
      for (const code of new Set([...counts.holders.keys(), ...counts.issued.keys()]))
        if (!types.some((type) => type.type === code)) types.push({ type: code, nameEn: code, nameZh: code, colour: '#666666' });
      const byHour = Array.from({ length: hours }, (_, hour) => ({
        start: day.start + hour * HOUR_MS,
        issued: [...counts.issued.values()].reduce((sum, perHour) => sum + (perHour[hour] ?? 0), 0),
      }));
      const issuedByType = types.map((type) => ({
        ...type,
        issued: (counts.issued.get(type.type) ?? []).reduce((sum, n) => sum + (n ?? 0), 0),
      }));
      const withoutByType = types.map((type) => {
        const holders = counts.holders.get(type.type) ?? 0;
        return { ...type, holders, without: Math.max(0, holders - (counts.issuedHolders.get(type.type) ?? 0)) };
      });
      return {
        station: station.number,
        holders: [...counts.holders.values()].reduce((sum, n) => sum + n, 0),
        at,
        timeZone,
        day,
        issued: {
          total: issuedByType.reduce((sum, type) => sum + type.issued, 0),
          byType: issuedByType,
          byHour,
        },
        printers: await printersNow(access, station, at),
        rejects: rejectsOn(station, day),
        jobs: jobsUnderWay(station),
        withoutBadge: {
          total: withoutByType.reduce((sum, type) => sum + type.without, 0),
          byType: withoutByType.filter((type) => type.holders > 0),
        },
      } satisfies Figures;
    },
  };
}

async function printersNow(access: StationAccess, station: Station, at: number): Promise<Figures['printers']> {
  const printers = stationPrinters(station);
  const pace = new Map(
    (
      station.db
        .statement(
          `SELECT json_extract(data, '$.printer') AS printer, count(*) AS n FROM ledger_events
            WHERE type = 'BADGE_PRINTED' AND at > ? AND at <= ? GROUP BY printer`,
        )
        .all(at - HOUR_MS, at) as { printer: string; n: number }[]
    ).map((row) => [row.printer, row.n]),
  );
  const busy = new Set(
    (station.db.statement(`SELECT printer FROM job_items WHERE state IN ${UNDER_WAY}`).all() as { printer: string }[]).map(
      (row) => row.printer,
    ),
  );
  // A printer whose last word today was a failure needs someone, until it prints again.
  const lastWord = station.db.statement(
    `SELECT type, json_extract(data, '$.code') AS code FROM ledger_events
      WHERE type IN ('BADGE_PRINTED', 'PRINT_FAILED') AND at > ? AND json_extract(data, '$.printer') = ?
      ORDER BY at DESC, seq DESC LIMIT 1`,
  );
  const live = await liveStatus(access, station, printers);
  return printers.map((printer) => {
    const word = lastWord.get(at - 24 * HOUR_MS, printer.name) as { type: string; code: string } | undefined;
    const status = live.get(printer.name);
    const failed = word?.type === 'PRINT_FAILED';
    const blocked = status !== undefined && !['ready', 'printing', 'ribbon-low'].includes(status.state);
    return {
      name: printer.name,
      driver: printer.driver,
      state: busy.has(printer.name) ? 'printing' : failed || blocked ? 'attention' : 'idle',
      code: blocked || !failed ? (status?.state ?? null) : word.code,
      cardsPerHour: pace.get(printer.name) ?? 0,
      ribbonLeft: status?.ribbonLeft ?? null,
    };
  });
}

/**
 * What CUPS printers say of themselves (state, ribbon level), through the station's device
 * wiring. A demo printer lives only in the run that drives it, so asking a fresh one would
 * tell nothing true: the station's records speak for it instead.
 */
async function liveStatus(
  access: StationAccess,
  station: Station,
  printers: readonly StationPrinter[],
): Promise<Map<string, { state: string; ribbonLeft: number | null }>> {
  const found = new Map<string, { state: string; ribbonLeft: number | null }>();
  const devices = access.devices;
  if (!devices) return found;
  await Promise.all(
    printers
      .filter((printer) => printer.driver === 'cups')
      .map(async (printer) => {
        const report = await Promise.race([
          devices.printerStatus(station.dataDir, printer).catch(() => undefined),
          new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), STATUS_WAIT_MS).unref()),
        ]);
        if (report)
          found.set(printer.name, {
            state: report.state,
            ribbonLeft: report.ribbon === undefined ? null : Math.min(100, report.ribbon),
          });
      }),
  );
  return found;
}

function rejectsOn(station: Station, day: { start: number; end: number }): Figures['rejects'] {
  // A bad chip names its reason; a failed print, the printer's code.
  const reason = `coalesce(json_extract(data, '$.reason'), json_extract(data, '$.code'), 'UNKNOWN')`;
  const kind = `CASE type WHEN 'CARD_REJECTED' THEN 'chip' ELSE 'print' END`;
  const where = `type IN ('CARD_REJECTED', 'PRINT_FAILED') AND at >= ? AND at < ?`;
  const byReason = station.db
    .statement(
      `SELECT ${kind} AS kind, ${reason} AS reason, count(*) AS count FROM ledger_events WHERE ${where} GROUP BY 1, 2 ORDER BY 3 DESC, 2`,
    )
    .all(day.start, day.end) as { kind: 'chip' | 'print'; reason: string; count: number }[];
  const latest = station.db
    .statement(
      `SELECT at, ${kind} AS kind, ${reason} AS reason, json_extract(data, '$.serial') AS serial,
              json_extract(data, '$.printer') AS printer
         FROM ledger_events WHERE ${where} ORDER BY at DESC, seq DESC LIMIT 10`,
    )
    .all(day.start, day.end) as Figures['rejects']['latest'];
  return { total: byReason.reduce((sum, row) => sum + row.count, 0), byReason, latest };
}

function jobsUnderWay(station: Station): Figures['jobs'] {
  const jobs = new JobStore(station.db, station.ledger);
  // Cancelled jobs are not counted at all; a job still marked running is (its cards by state, one index range).
  const ids = (
    station.db.statement(`SELECT id FROM print_jobs WHERE status IN ('running', 'paused') ORDER BY id`).all() as {
      id: number;
    }[]
  ).map((row) => row.id);
  const under: Figures['jobs'] = [];
  for (const id of ids) {
    const progress = jobs.progress(id);
    if (progress.status === 'done' || progress.status === 'cancelled') continue;
    const n = (state: keyof typeof progress.byState) => progress.byState[state] ?? 0;
    under.push({
      job: progress.job,
      name: progress.name,
      status: progress.status,
      total: progress.total,
      done: n('issued') + n('cancelled') + n('failed') + n('rejected'),
      issued: n('issued'),
    });
  }
  return under;
}
