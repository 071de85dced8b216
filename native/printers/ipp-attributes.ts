/**
 * What CUPS's IPP answers mean for a card printer: a queue's attributes as a PrinterQueue,
 * a blocked printer's state as the PrinterError that says what to do, an IPP status as a
 * refusal, and the small readers of IPP values the spooler uses.
 */
import { GROUP, type IppAttribute, type IppResponse, type IppValue, VALUE } from './ipp-codec.ts';
import { PrinterError, type PrinterErrorCode } from './printer-error.ts';
import { markersFrom, type PlainPrinterState, type PrinterStatus, plainState } from './printer-status.ts';

export interface PrinterQueue {
  name: string;
  uri: string;
  makeAndModel: string;
  info: string;
  media: string[];
  sides: string[];
  colour: boolean;
  status: PrinterStatus;
}

export const PRINTER_ATTRIBUTES = [
  'printer-name',
  'printer-uri-supported',
  'printer-make-and-model',
  'printer-info',
  'printer-state',
  'printer-state-reasons',
  'printer-state-message',
  'printer-is-accepting-jobs',
  'media-supported',
  'sides-supported',
  'color-supported',
  'marker-names',
  'marker-types',
  'marker-levels',
  'job-hold-until-default',
];

export function toQueue(attributes: Record<string, IppValue[]>): PrinterQueue {
  const strings = (name: string) => (attributes[name] ?? []).map(String);
  const reasons = strings('printer-state-reasons');
  const state = Number(attributes['printer-state']?.[0] ?? 3);
  // A queue set to hold every new job prints nothing until someone releases each one: to
  // the desk it is paused, so its cards go to other printers instead of waiting there.
  const holdsJobs = (strings('job-hold-until-default')[0] ?? 'no-hold') !== 'no-hold';
  return {
    name: strings('printer-name')[0] ?? '',
    uri: strings('printer-uri-supported')[0] ?? '',
    makeAndModel: strings('printer-make-and-model')[0] ?? '',
    info: strings('printer-info')[0] ?? '',
    media: strings('media-supported'),
    sides: strings('sides-supported'),
    colour: attributes['color-supported']?.[0] === true,
    status: {
      state: holdsJobs && plainState(state, reasons) === 'ready' ? 'paused' : plainState(state, reasons),
      reasons,
      message: holdsJobs
        ? 'The queue holds every new job: set it to print jobs at once in the printer settings.'
        : (strings('printer-state-message')[0] ?? ''),
      markers: markersFrom(attributes['marker-names'] ?? [], attributes['marker-types'] ?? [], attributes['marker-levels'] ?? []),
      acceptingJobs: attributes['printer-is-accepting-jobs']?.[0] !== false,
    },
  };
}

/** CUPS names a PPD's CR80 size by its dimensions (85.6 x 54 mm, rounded its own way). */
export function isCr80(media: string): boolean {
  return /cr80/i.test(media) || /_85\.\d+x5[34]\.\d+mm/.test(media);
}

export function isBlocking(state: PlainPrinterState): boolean {
  return ['offline', 'out-of-cards', 'ribbon-out', 'door-open', 'jammed'].includes(state);
}

export function problem(
  queue: string,
  jobId: number,
  status: PrinterStatus,
  aborted: boolean,
  cardStarted: boolean,
): PrinterError {
  const card = cardStarted
    ? 'the card it was printing may be half printed'
    : 'the card was not printed; the job is kept so it can be resumed or cancelled';
  const fail = (code: PrinterErrorCode, message: string) => new PrinterError(code, message, jobId, { cardStarted });
  switch (status.state) {
    case 'offline':
      return fail('PRINTER_OFFLINE', `${queue} is offline (unplugged or switched off): ${card}.`);
    case 'out-of-cards':
      // An empty feeder picked no card: nothing was printed, even when the job had begun.
      return new PrinterError(
        'MEDIA_EMPTY',
        `${queue} is out of cards: load cards, then resume; the card was not printed.`,
        jobId,
      );
    case 'ribbon-out':
      return fail('RIBBON_EMPTY', `${queue}'s ribbon is used up: change it, then resume; ${card}.`);
    case 'jammed':
      return fail('PRINTER_JAMMED', `${queue} has a card jam: clear it, then resume; ${card}.`);
    case 'door-open':
      return fail('DOOR_OPEN', `${queue}'s cover is open: close it, then resume; ${card}.`);
    default:
      return aborted
        ? fail('JOB_ABORTED', `${queue} gave up on job ${jobId} (${status.message || status.reasons.join(', ')}).`)
        : fail('PRINTER_OFFLINE', `${queue} stopped (${status.message || status.reasons.join(', ')}): ${card}.`);
  }
}

export function statusError(response: IppResponse, path: string): PrinterError {
  const message = String(first(response, GROUP.operation, 'status-message') ?? '');
  const code = response.statusCode;
  if (code === 0x0406) return new PrinterError('PRINTER_NOT_FOUND', `The spooler has no printer at ${path}.`);
  if (code === 0x0506 || code === 0x040a || code === 0x040b || code === 0x0400) {
    return new PrinterError('JOB_REFUSED', `The spooler refused the card (${message || `IPP status 0x${code.toString(16)}`}).`);
  }
  return new PrinterError('JOB_REFUSED', `The spooler answered IPP status 0x${code.toString(16).padStart(4, '0')} (${message}).`);
}

export function first(response: IppResponse, group: number, name: string): IppValue | undefined {
  return response.groups.find((candidate) => candidate.tag === group && name in candidate.attributes)?.attributes[name]?.[0];
}

/** IPP job times are seconds since the epoch (CUPS) or absent / no-value. */
export function ippTime(value: IppValue | undefined): number | undefined {
  return typeof value === 'number' && value > 0 ? value * 1000 : undefined;
}

export function keywords(...names: string[]): IppAttribute {
  return { tag: VALUE.keyword, values: names };
}
