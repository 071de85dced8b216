/**
 * One BALTECH reader's HID line: a BRP command out as an output report, its answer back as
 * an input report, one command at a time, each with its deadline.
 *
 * What can come back, and what the caller gets:
 * - the answer to this command: returned, status and payload;
 * - an answer to an earlier command (one given up on after its deadline): skipped;
 * - a damaged report or frame (truncated, a length that lies, a bad CRC): `damaged`, at once:
 *   what the reader did with the command is unknown, so it is never taken as an answer;
 * - nothing before the deadline: `silent` (the encoder then asks whether the reader lives);
 * - node-hid refusing the write or the read (the device was pulled out): `gone`.
 * After `damaged` or `silent`, reports still in the pipe are drained before the next command.
 */
import { ChipError } from '../chips/errors.ts';
import { checkAborted } from '../chips/waiting.ts';
import { BrpFrameError, type BrpResponse, brpCommandFrame, brpReport, frameOfReport, hexByte, parseBrpResponse } from './brp.ts';
import type { HidDevice } from './hid-api.ts';

export type BrpLineFailure = 'silent' | 'damaged' | 'gone';

export class BrpLineError extends Error {
  readonly failure: BrpLineFailure;
  constructor(failure: BrpLineFailure, message: string) {
    super(message);
    this.name = 'BrpLineError';
    this.failure = failure;
  }
}

/** How long one read waits before the loop looks at the deadline and the AbortSignal again. */
const READ_SLICE_MS = 50;

export class BrpChannel {
  readonly #device: HidDevice;
  #turn: Promise<unknown> = Promise.resolve();
  /** Reports of a command given up on may still come: drain them before the next. */
  #stale = false;
  commands = 0;

  constructor(device: HidDevice) {
    this.#device = device;
  }

  /** Runs one command after those before it; never two on the line at once. */
  exec(command: number, payload: Uint8Array, timeoutMs: number, signal?: AbortSignal): Promise<BrpResponse> {
    const run = this.#turn.catch(() => {}).then(() => this.#exec(command, payload, timeoutMs, signal));
    this.#turn = run;
    return run;
  }

  async close(): Promise<void> {
    try {
      await this.#device.close();
    } catch {
      // already closed, or pulled out
    }
  }

  async #exec(command: number, payload: Uint8Array, timeoutMs: number, signal?: AbortSignal): Promise<BrpResponse> {
    checkAborted(signal);
    if (this.#stale) await this.#drain();
    const report = brpReport(brpCommandFrame(command, payload));
    this.commands += 1;
    try {
      await this.#device.write(report);
    } catch (error) {
      throw new BrpLineError('gone', `the encoder took no command (${(error as Error).message})`);
    }
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (signal?.aborted) {
        this.#stale = true;
        throw new ChipError('CANCELLED', 'Cancelled.');
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        this.#stale = true;
        throw new BrpLineError('silent', `the encoder did not answer command ${hexCode(command)} within ${timeoutMs} ms`);
      }
      let input: Buffer | undefined;
      try {
        input = await this.#device.read(Math.min(left, READ_SLICE_MS));
      } catch (error) {
        throw new BrpLineError('gone', `the encoder could not be read (${(error as Error).message})`);
      }
      if (!input || input.length === 0) continue;
      let response: BrpResponse;
      try {
        response = parseBrpResponse(frameOfReport(input));
      } catch (error) {
        if (!(error instanceof BrpFrameError)) throw error;
        this.#stale = true;
        throw new BrpLineError('damaged', `the encoder's answer to ${hexCode(command)} was damaged: ${error.message}`);
      }
      if (response.command !== command) continue; // a late answer to a command given up on
      return response;
    }
  }

  async #drain(): Promise<void> {
    this.#stale = false;
    for (let reports = 0; reports < 64; reports += 1) {
      let input: Buffer | undefined;
      try {
        input = await this.#device.read(20);
      } catch {
        return; // the write that follows says what became of the device
      }
      if (!input) return;
    }
  }
}

function hexCode(command: number): string {
  return `${hexByte(command >> 8)}${(command & 0xff).toString(16).toUpperCase().padStart(2, '0')}`;
}
