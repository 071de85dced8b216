/**
 * Card printers through a CUPS spooler, over IPP: find the queues, read their state,
 * send one card as one job, follow it to the end, cancel it.
 *
 * Every call has a timeout. A job that cannot finish ends in a PrinterError whose code
 * says why (offline, out of cards, ribbon out, jammed, refused) and which carries the
 * job id, so the caller knows the card was not printed and can cancel or resume it.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { SentCard } from './card-printer.ts';
import {
  first,
  ippTime,
  isBlocking,
  isCr80,
  keywords,
  PRINTER_ATTRIBUTES,
  type PrinterQueue,
  problem,
  statusError,
  toQueue,
} from './ipp-attributes.ts';
import { decodeResponse, encodeRequest, GROUP, type IppAttribute, type IppResponse, type IppValue, VALUE } from './ipp-codec.ts';
import { PrinterError } from './printer-error.ts';
import { type PrinterStatus, plainState } from './printer-status.ts';

export type { PrinterQueue } from './ipp-attributes.ts';

const OP = {
  printJob: 0x0002,
  cancelJob: 0x0008,
  getJobAttributes: 0x0009,
  getJobs: 0x000a,
  getPrinterAttributes: 0x000b,
  cupsGetPrinters: 0x4002,
  cupsGetPpd: 0x400f,
};
const JOB_STATE = { pending: 3, held: 4, processing: 5, stopped: 6, canceled: 7, aborted: 8, completed: 9 } as const;

export interface CardJob {
  /** Shown in the spooler's list: the badge serial. */
  jobName: string;
  pdf: Uint8Array;
  sides?: 'one-sided' | 'two-sided-long-edge' | 'two-sided-short-edge';
  /** A media keyword from the queue's `media-supported`; CR80 by default when offered. */
  media?: string;
  /** PPD options by name (Ribbon=KO, ...), passed as job attributes as CUPS expects. */
  options?: Record<string, string>;
  /** A PNG of the card, for printers that keep one (the demo printer). */
  preview?: Uint8Array;
}

/** A job as the spooler reports it (times in ms). */
export interface JobState {
  state: number;
  reasons: string[];
  /** The printer's state reasons as the job saw them. */
  printerReasons: string[];
  startedAt?: number;
  finishedAt?: number;
}

/** Job attributes that are IPP keywords (RFC 8011, PWG 5100.13), not PPD options. */
const IPP_KEYWORD_ATTRIBUTES = new Set(['sides', 'print-color-mode', 'print-quality', 'print-scaling']);
/** How much further back than a card's sending another computer's spooler history must reach to say it never got the card. */
const REMOTE_CLOCK_MARGIN_MS = 5 * 60_000;
/**
 * Failures to connect at all: the request never left this computer, so the spooler did
 * not get it (a card sent this way is known not to be at the printer). A connection that
 * broke after it was made says nothing of the kind.
 */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export interface JobOutcome {
  jobId: number;
  state: 'completed';
}

export class CupsSpooler {
  readonly server: URL;
  readonly #timeoutMs: number;
  #requestId = 1;

  constructor(server = 'http://127.0.0.1:631', options: { timeoutMs?: number } = {}) {
    this.server = new URL(server);
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  async listQueues(): Promise<PrinterQueue[]> {
    const response = await this.#call('/', OP.cupsGetPrinters, { 'requested-attributes': keywords(...PRINTER_ATTRIBUTES) });
    return response.groups.filter((group) => group.tag === GROUP.printer).map((group) => toQueue(group.attributes));
  }

  async queue(name: string): Promise<PrinterQueue> {
    const response = await this.#call(`/printers/${encodeURIComponent(name)}`, OP.getPrinterAttributes, {
      'requested-attributes': keywords(...PRINTER_ATTRIBUTES),
    });
    const printer = response.groups.find((group) => group.tag === GROUP.printer);
    if (!printer) throw new PrinterError('PRINTER_NOT_FOUND', `The spooler has no printer "${name}".`);
    return toQueue(printer.attributes);
  }

  async status(name: string): Promise<PrinterStatus> {
    return (await this.queue(name)).status;
  }

  /** Sends one card. Returns the spooler's job id as soon as the job is queued. */
  async submit(queueName: string, job: CardJob): Promise<number> {
    try {
      return await this.#submit(queueName, job);
    } catch (error) {
      // Never connected: the card provably did not reach the spooler (any other failure may
      // have come after it arrived). The pipeline then puts it back instead of asking later.
      const cause = error instanceof PrinterError ? (error.cause as { cause?: { code?: unknown } } | undefined) : undefined;
      const code = cause?.cause?.code;
      if (error instanceof PrinterError && typeof code === 'string' && NOT_CONNECTED.has(code))
        throw new PrinterError(error.code, error.message, undefined, { notReceived: true, cause: error.cause });
      throw error;
    }
  }

  async #submit(queueName: string, job: CardJob): Promise<number> {
    const queue = await this.queue(queueName);
    if (!queue.status.acceptingJobs) {
      throw new PrinterError(
        'JOB_REFUSED',
        `${queueName} is not accepting jobs (${queue.status.message || 'rejecting'}): enable it in the printer settings.`,
      );
    }
    const jobAttributes: Record<string, IppAttribute> = {};
    const media = job.media ?? queue.media.find(isCr80);
    if (media) jobAttributes.media = { tag: VALUE.keyword, values: [media] };
    if (job.sides) jobAttributes.sides = { tag: VALUE.keyword, values: [job.sides] };
    for (const [option, value] of Object.entries(job.options ?? {}))
      jobAttributes[option] = { tag: IPP_KEYWORD_ATTRIBUTES.has(option) ? VALUE.keyword : VALUE.name, values: [value] };
    const response = await this.#call(
      `/printers/${encodeURIComponent(queueName)}`,
      OP.printJob,
      {
        'job-name': { tag: VALUE.name, values: [job.jobName] },
        'document-format': { tag: VALUE.mimeMediaType, values: ['application/pdf'] },
      },
      jobAttributes,
      job.pdf,
    );
    const jobId = first(response, GROUP.job, 'job-id');
    if (typeof jobId !== 'number') throw new PrinterError('JOB_REFUSED', `${queueName} accepted the card but gave no job id.`);
    return jobId;
  }

  /** The PPD the queue prints with, to check a printer profile against it. */
  async ppd(queueName: string): Promise<string> {
    const response = await this.#call('/', OP.cupsGetPpd, {
      'printer-uri': { tag: VALUE.uri, values: [`ipp://${this.server.host}/printers/${encodeURIComponent(queueName)}`] },
    });
    return response.data.toString('latin1');
  }

  /**
   * Sends printer commands as they are (no filter, no PPD): for the command sets of
   * printers that need them around inline encoding. The queue must be a raw queue.
   */
  async submitRaw(queueName: string, jobName: string, bytes: Uint8Array): Promise<number> {
    const response = await this.#call(
      `/printers/${encodeURIComponent(queueName)}`,
      OP.printJob,
      {
        'job-name': { tag: VALUE.name, values: [jobName] },
        'document-format': { tag: VALUE.mimeMediaType, values: ['application/vnd.cups-raw'] },
      },
      undefined,
      bytes,
    );
    const jobId = first(response, GROUP.job, 'job-id');
    if (typeof jobId !== 'number')
      throw new PrinterError('JOB_REFUSED', `${queueName} accepted the commands but gave no job id.`);
    return jobId;
  }

  /**
   * A job's state in one request: with the printer's own state reasons as the job saw
   * them (`job-printer-state-reasons`), so following a job asks for the printer's
   * attributes only when something is wrong.
   */
  async jobState(queueName: string, jobId: number): Promise<JobState> {
    const response = await this.#call(`/printers/${encodeURIComponent(queueName)}`, OP.getJobAttributes, {
      'job-id': { tag: VALUE.integer, values: [jobId] },
      'requested-attributes': keywords(
        'job-state',
        'job-state-reasons',
        'job-printer-state-reasons',
        'time-at-processing',
        'time-at-completed',
      ),
    });
    const job = response.groups.find((group) => group.tag === GROUP.job)?.attributes ?? {};
    const startedAt = ippTime(job['time-at-processing']?.[0]);
    const finishedAt = ippTime(job['time-at-completed']?.[0]);
    return {
      state: Number(job['job-state']?.[0] ?? 0),
      reasons: (job['job-state-reasons'] ?? []).map(String),
      printerReasons: (job['job-printer-state-reasons'] ?? []).map(String),
      ...(startedAt !== undefined ? { startedAt } : {}),
      ...(finishedAt !== undefined ? { finishedAt } : {}),
    };
  }

  /** IPP requests made so far: following a card costs one a poll. */
  get requests(): number {
    return this.#requestId - 1;
  }

  /**
   * Follows a job until the card is out. A job the printer cannot finish (stopped queue,
   * aborted, cancelled) ends in a PrinterError that names the printer's problem.
   */
  async waitForJob(
    queueName: string,
    jobId: number,
    options: { pollMs?: number; timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<JobOutcome> {
    const deadline = Date.now() + (options.timeoutMs ?? 120_000);
    for (;;) {
      options.signal?.throwIfAborted();
      const job = await this.jobState(queueName, jobId);
      if (job.state === JOB_STATE.completed) return { jobId, state: 'completed' };
      const failure = await this.#failure(queueName, jobId, job);
      if (failure) throw failure;
      if (Date.now() > deadline)
        throw new PrinterError('TIMEOUT', `Job ${jobId} on ${queueName} did not finish in time; check the printer.`, jobId);
      await delay(options.pollMs ?? 250, undefined, { signal: options.signal });
    }
  }

  /**
   * What became of the card last sent to `queueName` as `jobName` (the pipeline names each
   * card's job uniquely), from the spooler's own job history: after a crash, the spooler
   * is the one who knows whether the card came out. A name sent twice is answered for the
   * newest job.
   *
   * When the spooler has no such job, it either never got the card or has forgotten it
   * (CUPS purges its job history: MaxJobs, PreserveJobHistory). It never got it only if its
   * history reaches back past `sentAt`, the moment the card was recorded as sent: then
   * `unknown`. Otherwise `forgotten`, and nobody can say whether the card came out. An
   * empty history reaches nowhere. A spooler on this computer shares the station's clock
   * (CUPS keeps whole seconds); another computer's may differ, so its history must reach
   * five minutes further back.
   */
  async findJob(queueName: string, jobName: string, sentAt: number): Promise<SentCard> {
    const response = await this.#call(`/printers/${encodeURIComponent(queueName)}`, OP.getJobs, {
      'which-jobs': { tag: VALUE.keyword, values: ['all'] },
      'requested-attributes': keywords(
        'job-id',
        'job-name',
        'job-state',
        'job-state-reasons',
        'time-at-creation',
        'time-at-processing',
        'time-at-completed',
      ),
    });
    let newest: Record<string, IppValue[]> | undefined;
    let oldestCreated = Number.POSITIVE_INFINITY;
    for (const group of response.groups) {
      if (group.tag !== GROUP.job) continue;
      oldestCreated = Math.min(oldestCreated, ippTime(group.attributes['time-at-creation']?.[0]) ?? Number.POSITIVE_INFINITY);
      if (String(group.attributes['job-name']?.[0] ?? '') !== jobName) continue;
      if (!newest || Number(group.attributes['job-id']?.[0]) > Number(newest['job-id']?.[0])) newest = group.attributes;
    }
    const margin = ['127.0.0.1', 'localhost', '[::1]'].includes(this.server.hostname) ? 1000 : REMOTE_CLOCK_MARGIN_MS;
    if (!newest) return oldestCreated <= sentAt - margin ? { state: 'unknown' } : { state: 'forgotten' };
    const jobId = Number(newest['job-id']?.[0]);
    const state = Number(newest['job-state']?.[0] ?? 0);
    if (state === JOB_STATE.completed) {
      const startedAt = ippTime(newest['time-at-processing']?.[0]);
      const finishedAt = ippTime(newest['time-at-completed']?.[0]);
      return {
        state: 'printed',
        jobId,
        ...(startedAt !== undefined ? { startedAt } : {}),
        ...(finishedAt !== undefined ? { finishedAt } : {}),
      };
    }
    if (state === JOB_STATE.canceled || state === JOB_STATE.aborted) {
      const startedAt = ippTime(newest['time-at-processing']?.[0]);
      const job = {
        state,
        reasons: (newest['job-state-reasons'] ?? []).map(String),
        printerReasons: [],
        ...(startedAt !== undefined ? { startedAt } : {}),
      };
      const failure =
        (await this.#failure(queueName, jobId, job)) ??
        new PrinterError('JOB_ABORTED', `${queueName} gave up on job ${jobId}.`, jobId, { cardStarted: startedAt !== undefined });
      return { state: 'failed', jobId, code: failure.code, message: failure.message, cardStarted: failure.cardStarted };
    }
    // Pending, held or stopped: the job is still the printer's to finish (follow it).
    return { state: 'printing', jobId };
  }

  /**
   * When a job's card cannot come out (cancelled, held, aborted, a blocked printer): the
   * error that says why. Decided from the job's own state where it can be; the printer's
   * attributes are asked for only when the job says something is wrong with the printer.
   */
  async #failure(queueName: string, jobId: number, job: JobState): Promise<PrinterError | undefined> {
    const cardStarted = job.startedAt !== undefined;
    if (job.state === JOB_STATE.canceled)
      return new PrinterError(
        'JOB_CANCELED',
        `Job ${jobId} on ${queueName} was cancelled${cardStarted ? ' while printing: the card may be half printed' : '; the card was not printed'}.`,
        jobId,
        { cardStarted },
      );
    // Held in the spooler (by hand, or a queue that holds new jobs): nobody has touched the card.
    if (job.state === JOB_STATE.held)
      return new PrinterError(
        'JOB_HELD',
        `Job ${jobId} is held in ${queueName}'s queue (${job.reasons.join(', ') || 'held'}): the card was not printed. Release held jobs in the printer settings, or cancel them.`,
        jobId,
      );
    const documentFailed = job.reasons.includes('job-completed-with-errors') || job.reasons.includes('document-format-error');
    // CUPS pauses a queue whose backend gave up (an unplugged printer): the job waits.
    const wrong =
      documentFailed ||
      job.state === JOB_STATE.aborted ||
      job.state === JOB_STATE.stopped ||
      job.reasons.includes('printer-stopped') ||
      isBlocking(plainState(3, job.printerReasons));
    if (!wrong) return undefined;
    const status = await this.status(queueName);
    if (documentFailed) {
      return new PrinterError(
        'JOB_ABORTED',
        `${queueName} could not process job ${jobId} (${status.message || job.reasons.join(', ')}).`,
        jobId,
        { cardStarted },
      );
    }
    const stuck =
      job.state === JOB_STATE.aborted ||
      job.state === JOB_STATE.stopped ||
      job.reasons.includes('printer-stopped') ||
      isBlocking(status.state);
    return stuck ? problem(queueName, jobId, status, job.state === JOB_STATE.aborted, cardStarted) : undefined;
  }

  async cancel(queueName: string, jobId: number): Promise<void> {
    await this.#call(`/printers/${encodeURIComponent(queueName)}`, OP.cancelJob, {
      'job-id': { tag: VALUE.integer, values: [jobId] },
    });
  }

  async #call(
    path: string,
    operation: number,
    operationAttributes: Record<string, IppAttribute>,
    jobAttributes?: Record<string, IppAttribute>,
    data?: Uint8Array,
  ): Promise<IppResponse> {
    const url = new URL(path, this.server);
    const printerUri = `ipp://${url.host}${url.pathname}`;
    const body = encodeRequest({
      operation,
      requestId: this.#requestId++,
      groups: [
        {
          tag: GROUP.operation,
          attributes: {
            'attributes-charset': { tag: VALUE.charset, values: ['utf-8'] },
            'attributes-natural-language': { tag: VALUE.naturalLanguage, values: ['en'] },
            ...(path === '/' ? {} : { 'printer-uri': { tag: VALUE.uri, values: [printerUri] } }),
            'requesting-user-name': { tag: VALUE.name, values: ['badge-station'] },
            ...operationAttributes,
          },
        },
        ...(jobAttributes && Object.keys(jobAttributes).length > 0 ? [{ tag: GROUP.job, attributes: jobAttributes }] : []),
      ],
      ...(data ? { data } : {}),
    });
    let reply: Response;
    try {
      reply = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/ipp' },
        body,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new PrinterError(
        timedOut ? 'TIMEOUT' : 'SPOOLER_UNREACHABLE',
        timedOut
          ? `The print spooler at ${this.server.host} did not answer within ${this.#timeoutMs / 1000} s.`
          : `The print spooler (CUPS) at ${this.server.host} is not answering: start it, or check the printer settings.`,
        undefined,
        { cause: error },
      );
    }
    if (!reply.ok)
      throw new PrinterError('SPOOLER_UNREACHABLE', `The print spooler answered HTTP ${reply.status} for ${url.pathname}.`);
    let response: IppResponse;
    try {
      response = decodeResponse(new Uint8Array(await reply.arrayBuffer()));
    } catch (error) {
      throw new PrinterError(
        'SPOOLER_UNREACHABLE',
        `The print spooler sent an answer that is not IPP (${(error as Error).message}).`,
      );
    }
    if (response.statusCode >= 0x0400) throw statusError(response, path);
    return response;
  }
}
