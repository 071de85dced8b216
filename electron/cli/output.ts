/**
 * How the CLI answers: plain lines for people, one JSON document for scripts.
 *
 * Success exits 0. A failure is one plain line on stderr (or `{ok:false,error:{code,
 * message}}` on stdout with --json) and a non-zero status: 2 for a mistyped command,
 * 1 for everything else.
 */
import { isStationError } from '../core/errors.ts';

export interface CommandOutcome {
  /** What scripts get under --json. */
  result: unknown;
  /** What people read. */
  text: string;
  /** A command can report a finding (a broken ledger) as a failure with its result. */
  failure?: { code: string; message: string };
}

export interface OutputMode {
  json: boolean;
}

export function printOutcome(outcome: CommandOutcome, mode: OutputMode): number {
  if (mode.json) {
    const body = outcome.failure
      ? { ok: false, error: outcome.failure, result: outcome.result }
      : { ok: true, result: outcome.result };
    process.stdout.write(`${JSON.stringify(body)}\n`);
  } else {
    if (outcome.text) process.stdout.write(`${outcome.text}\n`);
    if (outcome.failure) process.stderr.write(`badge-station: ${outcome.failure.message}\n`);
  }
  return outcome.failure ? 1 : 0;
}

export function printError(error: unknown, mode: OutputMode): number {
  const { code, message } = describe(error);
  // For developers: the stack of an unexpected failure, never shown to the desk by default.
  if (process.env.BADGE_STATION_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  if (mode.json) {
    process.stdout.write(`${JSON.stringify({ ok: false, error: { code, message } })}\n`);
  } else {
    process.stderr.write(`badge-station: ${message}\n`);
  }
  return code === 'USAGE' ? 2 : 1;
}

function describe(error: unknown): { code: string; message: string } {
  if (isStationError(error)) return { code: error.code, message: oneLine(error.message) };
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: 'INTERNAL',
    message: oneLine(`Unexpected failure: ${message}. Please report it with the station's log folder (see README).`),
  };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
