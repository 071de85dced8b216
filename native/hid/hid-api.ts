/**
 * The part of node-hid's API the HID drivers use: the asynchronous one only (`devicesAsync`,
 * `HIDAsync.open`, and the device's `write`, `read` and `close`), whose calls run on
 * node-hid's own threads, so a device that hangs never holds the core's thread.
 *
 * The real module (loaded on first use: a station without a HID encoder never needs its
 * native binding) and the report-level emulator (brp-emulator.ts) both offer exactly this,
 * so the drivers above run unchanged against either.
 */
import { createRequire } from 'node:module';

export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  serialNumber?: string | undefined;
  manufacturer?: string | undefined;
  product?: string | undefined;
  release: number;
  interface: number;
  usagePage?: number | undefined;
  usage?: number | undefined;
}

export interface HidDevice {
  /** An output report, its id first (0 for a device without numbered reports). */
  write(values: number[] | Buffer): Promise<number>;
  /** The next input report (its id first for numbered reports); undefined when none came in time. */
  read(timeoutMs?: number): Promise<Buffer | undefined>;
  close(): Promise<void>;
}

export interface HidApi {
  devicesAsync(): Promise<HidDeviceInfo[]>;
  HIDAsync: { open(path: string): Promise<HidDevice> };
}

let loaded: HidApi | undefined;

/** node-hid itself. */
export function nodeHid(): HidApi {
  loaded ??= createRequire(import.meta.url)('node-hid') as HidApi;
  return loaded;
}
