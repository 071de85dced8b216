/**
 * The Windows path (design; only this part runs here): on Windows there is no CUPS, so a
 * card goes to the Windows spooler through the vendor's driver. Printing is Electron's
 * `webContents.print({ silent: true, deviceName })` on a hidden window showing the card's
 * PDF (main process, behind the same `CardPrinter` interface); the job and printer state
 * come from the spooler (`Get-Printer` / `Get-PrintJob` in PowerShell, or the
 * `PRINTER_INFO_2.Status` of `GetPrinter`). This maps those status flags, as documented for
 * the Win32 spooler (`PRINTER_STATUS_*`), to the station's plain states.
 */
import { type PlainPrinterState, plainState } from './printer-status.ts';

/** `PRINTER_STATUS_*` flags and the IPP reason each corresponds to. */
const FLAGS: [number, string][] = [
  [0x00000001, 'paused'], // PAUSED
  [0x00000002, 'other-error'], // ERROR
  [0x00000008, 'media-jam-error'], // PAPER_JAM
  [0x00000010, 'media-empty-error'], // PAPER_OUT
  [0x00000040, 'media-needed-error'], // PAPER_PROBLEM
  [0x00000080, 'offline-report'], // OFFLINE
  [0x00020000, 'marker-supply-low-warning'], // TONER_LOW
  [0x00040000, 'marker-supply-empty-error'], // NO_TONER
  [0x00400000, 'door-open-error'], // DOOR_OPEN
  [0x00001000, 'offline-report'], // NOT_AVAILABLE
  [0x00000400, 'processing'], // PRINTING
];

export function windowsPrinterReasons(status: number): string[] {
  const reasons = FLAGS.filter(([flag]) => (status & flag) !== 0).map(([, reason]) => reason);
  return reasons.length > 0 ? reasons : ['none'];
}

export function windowsPrinterState(status: number): PlainPrinterState {
  const reasons = windowsPrinterReasons(status);
  const printing = reasons.includes('processing');
  const stopped = reasons.includes('paused') || reasons.includes('other-error');
  return plainState(
    stopped ? 5 : printing ? 4 : 3,
    reasons.filter((reason) => reason !== 'processing'),
  );
}
