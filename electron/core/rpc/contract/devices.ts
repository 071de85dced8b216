/**
 * The Devices screen: the station's printers with their state, ribbon, the card in each,
 * calibration; adding (a CUPS queue checked against its driver, or a demo printer) and
 * removing them; test and calibration cards; and the readers on the technician's desk.
 * Changing devices is technician (and admin) work; looking is everyone's.
 */
import { z } from 'zod';
import { everyone, method } from './spec.ts';

const technician = ['technician', 'admin'] as const;

const printerName = z.string().min(1).max(40);

export const calibration = z.object({
  offsetX: z.number().min(-5).max(5),
  offsetY: z.number().min(-5).max(5),
  scaleX: z.number().min(0.95).max(1.05),
  scaleY: z.number().min(0.95).max(1.05),
  rotate180: z.boolean(),
});

export const stationPrinter = z.object({
  name: z.string(),
  driver: z.enum(['cups', 'demo']),
  /** cups: the queue; demo: the folder its cards go to. */
  target: z.string(),
  server: z.string().nullable(),
  /** 'demo', 'demo:bad-every=N', 'pcsc:<reader>', or null. */
  encoder: z.string().nullable(),
  profile: z.string().nullable(),
  /** The ribbon loaded (YMCKO, KO, K), for CUPS printers. */
  ribbonType: z.string().nullable(),
});

export const printerState = stationPrinter.extend({
  /** ready, printing, ribbon-low, paused, offline, out-of-cards, ribbon-out, door-open, jammed, error. */
  state: z.string(),
  message: z.string(),
  /** Ribbon left, per cent, when the printer says. */
  ribbon: z.number().min(0).max(100).optional(),
  /** The card in it, from the job store. */
  card: z.object({ serial: z.string(), job: z.number().int(), state: z.string() }).optional(),
  calibration,
});

const reader = z.object({
  name: z.string(),
  kind: z.enum(['pcsc', 'hid', 'demo']),
  state: z.enum(['card', 'empty', 'unavailable']),
  model: z.string().optional(),
  firmware: z.string().optional(),
  serial: z.string().optional(),
  /** Why a device that is there cannot be used (the screen says the fix): its firmware, access to it, or silence. */
  problem: z.enum(['NOT_BRP', 'NO_ACCESS', 'NOT_ANSWERING']).optional(),
  /** On a virtual desk encoder: the demo card lying on it. */
  card: z.object({ uid: z.string(), from: z.string(), writtenAt: z.number().optional() }).optional(),
});

export const devicesMethods = {
  /** The station's printers as they are now, and the makes a CUPS printer can be added as. */
  'devices.printers': method({
    params: z.object({}).strict(),
    result: z.object({
      printers: z.array(printerState),
      makes: z.array(z.object({ id: z.string(), make: z.string(), model: z.string(), ribbons: z.array(z.string()) })),
    }),
    roles: everyone,
  }),
  /**
   * A CUPS queue (checked against its make and its queue's driver before the station takes
   * it on) or a demo printer (its cards go to demo-printers/<name> in the data folder).
   */
  'devices.addPrinter': method({
    params: z.discriminatedUnion('driver', [
      z
        .object({
          driver: z.literal('cups'),
          name: printerName,
          queue: z.string().min(1).max(127),
          server: z.string().url().max(200).optional(),
          profile: z.string().max(40).optional(),
          ribbon: z.string().max(10).optional(),
          overlay: z.boolean().optional(),
          rotate180: z.boolean().optional(),
          encoder: z.string().max(120).optional(),
        })
        .strict(),
      z
        .object({
          driver: z.literal('demo'),
          name: printerName,
          paceMs: z.number().int().min(0).max(60_000).optional(),
          encoder: z.enum(['demo']).optional(),
        })
        .strict(),
    ]),
    result: stationPrinter,
    roles: technician,
    timeoutMs: 20_000,
  }),
  'devices.removePrinter': method({
    params: z.object({ name: printerName }).strict(),
    result: z.object({ removed: z.string() }),
    roles: technician,
  }),
  /**
   * One card outside any job: a test card (a demo card marked TEST, NOT VALID) or the
   * calibration card (frame, millimetre ticks, centre cross, the offsets in force), drawn
   * with the printer's calibration. Answers when the printer says it printed.
   */
  'devices.printCard': method({
    params: z.object({ printer: printerName, card: z.enum(['test', 'calibration']) }).strict(),
    result: z.object({ printer: z.string(), card: z.enum(['test', 'calibration']), ms: z.number() }),
    roles: technician,
    timeoutMs: 120_000,
  }),
  /** A printer's offsets, saved for every card drawn for it from now on. */
  'devices.calibrate': method({
    params: z.object({ printer: printerName, calibration }).strict(),
    result: calibration,
    roles: technician,
  }),
  /** The readers on the technician's desk and whether a card is on each. */
  'devices.readers': method({
    params: z.object({}).strict(),
    result: z.object({ pcscService: z.boolean(), readers: z.array(reader) }),
    roles: everyone,
  }),
};
