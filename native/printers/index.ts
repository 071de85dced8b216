export { type CardPrinter, CupsCardPrinter, type PrintedCard } from './card-printer.ts';
export { type CardJob, CupsSpooler, type JobOutcome, type PrinterQueue } from './cups-spooler.ts';
export { DemoPrinter, type DemoPrinterOptions } from './demo-printer.ts';
export { decodeResponse, encodeRequest } from './ipp-codec.ts';
export { PrinterError, type PrinterErrorCode } from './printer-error.ts';
export { type Marker, type PlainPrinterState, type PrinterStatus, plainState } from './printer-status.ts';
