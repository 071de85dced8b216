/**
 * Badge serials: `E-007-0012345-2` is type letter, station number, the station's own
 * counter and the version. Unique across stations without coordination, because each
 * station only ever counts its own numbers.
 */
export interface Serial {
  letter: string;
  station: string;
  counter: number;
  version: number;
}

const SERIAL = /^([A-Z])-(\d{3})-(\d{7})-(\d)$/;
export const MAX_COUNTER = 9_999_999;
export const MAX_VERSION = 9;

export function formatSerial(serial: Serial): string {
  return `${serial.letter}-${serial.station}-${String(serial.counter).padStart(7, '0')}-${serial.version}`;
}

export function parseSerial(text: string): Serial | null {
  const match = SERIAL.exec(text.trim().toUpperCase());
  if (!match) return null;
  const [, letter, station, counter, version] = match as unknown as [string, string, string, string, string];
  return { letter, station, counter: Number(counter), version: Number(version) };
}
