/**
 * What a printer's IPP state means at the counter: one plain state the UI can show and
 * translate, from `printer-state` and `printer-state-reasons` (RFC 8011 §5.4.11-12,
 * PWG 5100.9), plus the ribbon and card levels from the marker attributes.
 */

export type PlainPrinterState =
  | 'ready'
  | 'printing'
  | 'ribbon-low'
  | 'paused'
  | 'offline'
  | 'out-of-cards'
  | 'ribbon-out'
  | 'door-open'
  | 'jammed'
  | 'error';

export interface Marker {
  name: string;
  type: string;
  /** 0-100, or -1 unknown, -2 unknown but not empty, -3 unknown but not full (RFC 3805). */
  level: number;
}

export interface PrinterStatus {
  state: PlainPrinterState;
  /** The raw reasons, for technicians. */
  reasons: string[];
  message: string;
  markers: Marker[];
  acceptingJobs: boolean;
}

// Checked in order: the first that applies names the state. Worst problems first.
const BLOCKING: [RegExp, PlainPrinterState][] = [
  [/^(offline|shutdown|connecting-to-device|timed-out)/, 'offline'],
  [/^(media-jam|jam)/, 'jammed'],
  [/^(door-open|cover-open|interlock-open)/, 'door-open'],
  [/^(media-empty|media-needed|input-tray-missing)/, 'out-of-cards'],
  [/^(marker-supply-empty|toner-empty|ribbon-empty)/, 'ribbon-out'],
];

export function plainState(printerState: number, reasons: readonly string[]): PlainPrinterState {
  const bare = reasons.filter((reason) => reason !== 'none').map((reason) => reason.replace(/-(report|warning|error)$/, ''));
  for (const [pattern, state] of BLOCKING) if (bare.some((reason) => pattern.test(reason))) return state;
  if (printerState === 5) return bare.includes('paused') ? 'paused' : 'error';
  if (printerState === 4) return 'printing';
  if (bare.some((reason) => /^(marker-supply-low|toner-low|ribbon-low)/.test(reason))) return 'ribbon-low';
  return 'ready';
}

export function markersFrom(names: readonly unknown[], types: readonly unknown[], levels: readonly unknown[]): Marker[] {
  return names.map((name, index) => ({
    name: String(name),
    type: String(types[index] ?? 'unknown'),
    level: typeof levels[index] === 'number' ? (levels[index] as number) : -1,
  }));
}
