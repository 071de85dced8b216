/**
 * The one RPC contract between the station core and whatever shows it (the desk page in
 * a browser or in Electron): every method with the schema of its params and result, the
 * roles that may call it, its timeout, and the topics the core pushes.
 *
 * Imports nothing of the core (the architecture test holds it to zod alone), so the page
 * can import it and both sides validate every message against the same schemas. Errors
 * cross as `{ code, message }`, the message saying what to do, never a stack trace.
 */
import { z } from 'zod';

import { backupMethods } from './backup.ts';
import { badgesMethods } from './badges.ts';
import { chipsMethods } from './chips.ts';
import { devicesMethods } from './devices.ts';
import { handoverMethods } from './handover.ts';
import { ledgerMethods } from './ledger.ts';
import { jobProgress, printerProgress, printMethods } from './print.ts';
import { reportsMethods } from './reports.ts';
import { rosterMethods } from './roster.ts';
import { importProgress, rosterImportMethods } from './roster-import.ts';
import { sessionMethods, usersMethods } from './session.ts';
import { setupMethods, setupProgress } from './setup.ts';
import { everyone } from './spec.ts';
import { stationMethods } from './station.ts';
import { syncMethods } from './sync.ts';
import { templatesMethods } from './templates.ts';
import { todayMethods } from './today.ts';

export { DEFAULT_TIMEOUT_MS, MAX_MESSAGE_BYTES, ROLES, type Role } from './spec.ts';

/**
 * Every method, by area: one file each (station.ts, roster.ts, ledger.ts ...), so a screen's
 * methods are added beside the others without touching theirs.
 */
export const METHODS = {
  ...sessionMethods,
  ...usersMethods,
  ...stationMethods,
  ...rosterMethods,
  ...rosterImportMethods,
  ...ledgerMethods,
  ...setupMethods,
  ...templatesMethods,
  ...todayMethods,
  ...devicesMethods,
  ...chipsMethods,
  ...printMethods,
  ...handoverMethods,
  ...badgesMethods,
  ...reportsMethods,
  ...syncMethods,
  ...backupMethods,
} as const;

export type MethodName = keyof typeof METHODS;
export type Params<M extends MethodName> = z.input<(typeof METHODS)[M]['params']>;
export type Result<M extends MethodName> = z.output<(typeof METHODS)[M]['result']>;

/** What the core pushes without being asked, to those who subscribed and whose role may hear it. */
export const TOPICS = {
  /** A job's progress as it prints (print.ts: jobProgress), at most a few a second per job. */
  'job.progress': { data: jobProgress, roles: everyone },
  /** A printer's state; during a run also its pace, time left and the card just out. */
  'printers.state': {
    data: printerProgress.partial().extend({
      printer: z.string(),
      state: z.string(),
      job: z.number().int().optional(),
    }),
    roles: everyone,
  },
  'import.progress': { data: importProgress, roles: everyone },
  /**
   * An encoder plugged in or pulled out, a card laid on or taken off a PC/SC reader: noticed
   * by the core's watchers (USB HID looked at once a second, PC/SC's own monitor), so the
   * Devices screen asks for the readers again at once rather than at its next poll.
   */
  'encoders.changed': {
    data: z.object({
      kind: z.enum(['pcsc', 'hid']),
      change: z.enum(['attached', 'detached', 'card-inserted', 'card-removed']),
      reader: z.string(),
    }),
    roles: everyone,
  },
  // The first run's progress, shown before anyone can have signed in.
  'setup.progress': { data: setupProgress, roles: everyone, session: 'open' },
  'dashboard.figures': {
    data: z.object({ issuedToday: z.number().int().nonnegative() }),
    roles: everyone,
  },
} as const;

export type TopicName = keyof typeof TOPICS;
export type TopicData<T extends TopicName> = z.output<(typeof TOPICS)[T]['data']>;

export const rpcError = z.object({
  code: z.string(),
  message: z.string(),
  /** Facts the page may say in its own words (USER_LOCKED's lockedUntil, SIGN_IN_FAILED's triesLeft): never personal data. */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type RpcError = z.infer<typeof rpcError>;

/** Page to core. */
export const clientFrame = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('call'), id: z.number().int().nonnegative(), method: z.string().max(100), params: z.unknown() }),
  z.object({ kind: z.literal('subscribe'), topic: z.string().max(100) }),
  z.object({ kind: z.literal('unsubscribe'), topic: z.string().max(100) }),
]);
export type ClientFrame = z.infer<typeof clientFrame>;

/** Core to page. A reply without an id answers a message that could not be read at all. */
export const serverFrame = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('result'), id: z.number().int(), result: z.unknown() }),
  z.object({ kind: z.literal('error'), id: z.number().int().optional(), error: rpcError }),
  z.object({ kind: z.literal('event'), topic: z.string(), data: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof serverFrame>;
