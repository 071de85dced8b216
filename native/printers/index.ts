export { type CardPrinter, CupsCardPrinter, type PrintedCard, type SentCard } from './card-printer.ts';
export { type CardJob, CupsSpooler, type JobOutcome, type PrinterQueue } from './cups-spooler.ts';
export { DemoPrinter, type DemoPrinterOptions } from './demo-printer.ts';
export { EVOLIS_COMMANDS, type EvolisCommand, evolisCommand } from './evolis-commands.ts';
export { decodeResponse, encodeRequest } from './ipp-codec.ts';
export { PrinterError, type PrinterErrorCode } from './printer-error.ts';
export { type Marker, type PlainPrinterState, type PrinterStatus, plainState } from './printer-status.ts';
export { PrinterWatcher, type PrinterWatcherEvents } from './printer-watcher.ts';
export {
  type CardSettings,
  cardMoveCommands,
  checkProfile,
  jobOptions,
  type OptionSetting,
  PROFILES,
  type PrinterProfile,
  printerProfile,
  type Ribbon,
} from './profiles.ts';
export { windowsPrinterReasons, windowsPrinterState } from './windows-status.ts';
