/**
 * The station's own printers: which spooler queues (or demo printers) this desk prints
 * on, and which of them have an encoder inside. Hosts (CLI, desktop) turn each into a
 * driver; the pipeline only sees the ports.
 */
import { StationError } from '../errors.ts';
import type { Station } from '../station/index.ts';

export interface StationPrinter {
  name: string;
  driver: 'cups' | 'demo';
  /** cups: the queue's name on the spooler; demo: the folder its cards go to. */
  target: string;
  /** cups: the spooler's address. */
  server: string | null;
  /** 'demo', 'pcsc:<reader>', or null for a printer without an encoder. */
  encoder: string | null;
  paceMs: number | null;
  /**
   * cups: the printer's make, as a profile id of native/printers (the driver options its
   * card jobs carry, and how it moves a card to its encoder and to the reject box); the
   * host checks it against the queue's driver when the printer is added. null: generic.
   */
  profile?: string | null;
  /** The ribbon loaded (YMCKO, KO, K); null: the profile's first. */
  ribbon?: string | null;
  /** false: cards are printed without the clear overlay panel. */
  overlay?: boolean;
  /** The printer's own 180° turn, for printers that take cards upside down. */
  rotate180?: boolean;
}

interface Row {
  name: string;
  driver: 'cups' | 'demo';
  target: string;
  server: string | null;
  encoder: string | null;
  pace_ms: number | null;
  profile: string | null;
  ribbon: string | null;
  overlay: number;
  rotate180: number;
}

const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,39}$/u;

export function stationPrinters(station: Station): StationPrinter[] {
  const rows = station.db
    .statement(
      'SELECT name, driver, target, server, encoder, pace_ms, profile, ribbon, overlay, rotate180 FROM station_printers ORDER BY name',
    )
    .all() as Row[];
  return rows.map((row) => ({
    name: row.name,
    driver: row.driver,
    target: row.target,
    server: row.server,
    encoder: row.encoder,
    paceMs: row.pace_ms,
    profile: row.profile,
    ribbon: row.ribbon,
    overlay: row.overlay === 1,
    rotate180: row.rotate180 === 1,
  }));
}

/** What the station itself can check of a printer, before a host asks its spooler. */
export function checkStationPrinter(printer: StationPrinter): void {
  if (!NAME.test(printer.name))
    throw new StationError(
      'USAGE',
      `"${printer.name}" cannot name a printer: use up to 40 letters, digits, spaces, dots, dashes or underscores.`,
    );
  const demoEncoder = printer.encoder !== null && /^demo(:bad-every=\d+)?$/.test(printer.encoder);
  if (printer.encoder !== null && !demoEncoder && !/^pcsc:./.test(printer.encoder))
    throw new StationError(
      'USAGE',
      `"${printer.encoder}" is not an encoder: use pcsc:<reader name>, or demo (demo:bad-every=N for training).`,
    );
  if (demoEncoder && printer.driver !== 'demo')
    throw new StationError('USAGE', 'Only a demo printer has the demo encoder inside it.');
  if (printer.driver === 'demo' && (printer.profile || printer.ribbon || printer.rotate180 || printer.overlay === false))
    throw new StationError('USAGE', 'A demo printer has no make, ribbon or driver options: those are for CUPS printers.');
}

export function addStationPrinter(station: Station, printer: StationPrinter, now: number = Date.now()): StationPrinter {
  checkStationPrinter(printer);
  try {
    station.db
      .statement(
        `INSERT INTO station_printers (name, driver, target, server, encoder, pace_ms, profile, ribbon, overlay, rotate180, added_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        printer.name,
        printer.driver,
        printer.target,
        printer.server,
        printer.encoder,
        printer.paceMs,
        printer.profile ?? null,
        printer.ribbon ?? null,
        printer.overlay === false ? 0 : 1,
        printer.rotate180 ? 1 : 0,
        now,
      );
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
      throw new StationError('USAGE', `The station already has a printer called ${printer.name}.`);
    throw error;
  }
  return printer;
}

/** A printer holding a card cannot be removed: the card's state would be lost with it. */
export function removeStationPrinter(station: Station, name: string): void {
  const holding = station.db
    .statement(`SELECT serial, state FROM job_items WHERE printer = ? AND state IN ('claimed', 'rendered', 'encoded', 'sent')`)
    .get(name) as { serial: string; state: string } | undefined;
  if (holding)
    throw new StationError(
      'USAGE',
      `${name} holds card ${holding.serial} (${holding.state}): resume the job to finish it before removing the printer.`,
    );
  if (station.db.statement('DELETE FROM station_printers WHERE name = ?').run(name).changes === 0)
    throw new StationError('PRINTER_UNKNOWN', `The station has no printer called ${name}.`);
}
