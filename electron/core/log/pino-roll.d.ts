// pino-roll ships no types; this is the part of its documented API the station uses.
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino';

  interface PinoRollOptions {
    file: string | (() => string);
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
    sync?: boolean;
    /** The mode each log file is created with (passed to sonic-boom). */
    mode?: number;
    symlink?: boolean;
  }

  export default function build(options: PinoRollOptions): Promise<DestinationStream & { flushSync(): void; end(): void }>;
}
