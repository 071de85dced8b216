/**
 * The station the handlers work on: opened on the first call that needs it and kept, one
 * owner of the database for as long as the core runs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../clock.ts';
import { demoPassphraseKey, demoStationKey, deskDemoFolder } from '../../demo/index.ts';
import { StationError } from '../../errors.ts';
import type { DeviceWiring } from '../../jobs/index.ts';
import {
  forgetRememberedStationKey,
  hasRememberedStationKey,
  type KeyEncryptionKey,
  passphraseKey,
  type StationKeyring,
  stationClockGuard,
  unlockStation,
} from '../../keys/index.ts';
import {
  DATABASE_FILE,
  hasDataKey,
  hasRememberedDataKey,
  initStation,
  noStation,
  openDataKey,
  openStation,
  type Station,
  type StationKey,
  sealDataKey,
} from '../../station/index.ts';
import {
  forgetRememberedUpstream,
  hasRememberedUpstream,
  openUpstreamUrl,
  saveUpstreamUrl,
  upstreamNotConnected,
  upstreamPlaceOf,
} from '../../upstream/index.ts';
import { type SessionOptions, Sessions } from '../../users/index.ts';

export interface StationAccess {
  dataDir: string;
  /** The station's printers and encoders, as whoever runs the core wired them. */
  devices?: DeviceWiring;
  /** Whether there is a station in the data folder at all. */
  exists(): boolean;
  /** The open station (opened now if need be); STATION_NOT_INITIALISED when there is none, STATION_BUSY while it is being set up. */
  station(): Station;
  /**
   * Makes the station in the empty data folder, its data sealed under `passphrase` (a demo
   * station: the demo's own), and keeps it open; STATION_EXISTS when there is one already.
   */
  create(number: string, actor: string, passphrase: string | 'demo'): Station;
  /**
   * Whether the station's data is still sealed: there is a station, not open yet, and nothing
   * here opens it without its passphrase (no demo passphrase, no key this computer remembers).
   */
  sealed(): boolean;
  /**
   * Opens the station's data with its passphrase (KEY_PASSPHRASE_WRONG when it does not). The
   * signing key stays locked: unlocking it is a supervisor's act (unlock()), after sign-in.
   */
  openWith(passphrase: string): Station;
  /**
   * Gives the station just made to `work` (filling it with demo data) and tells every other
   * caller meanwhile STATION_BUSY: a half-filled station is nobody's to read or change.
   */
  settingUp<T>(what: string, work: () => Promise<T>): Promise<T>;
  /**
   * Gives the open station to `work` (a roster import) and tells every other caller
   * meanwhile STATION_BUSY with how far it is, as `work` tells its share (0 to 1).
   */
  holding<T>(what: string, work: (station: Station, share: (share: number) => void) => Promise<T>): Promise<T>;
  /** The station's unlocked key: the one a supervisor unlocked, a demo station's own, else STATION_LOCKED. */
  keyring(station: Station): StationKeyring;
  /** Unlocks the station's key with its passphrase and keeps it in this process only; KEY_PASSPHRASE_WRONG when it does not open. */
  unlock(passphrase: string): void;
  /** Forgets the unlocked key, and the copy remembered under the keychain: the passphrase is needed again. */
  lock(): void;
  /**
   * The desktop app's key from the system keychain (main hands it over at start): an unlock
   * with the passphrase then also seals a copy of the station key under it, which opens the
   * station at the next start without the passphrase, until Lock.
   */
  receiveHostKey(key: KeyEncryptionKey): void;
  /**
   * The station's data key, kept by the host that restarts this core after a crash (it was
   * opened with the passphrase by the core before): the new core opens the station with it,
   * so a page does not ask for the passphrase again after a crash. Memory only, never disk.
   */
  receiveDataKey(key: Buffer): void;
  /** Whether a call needing the key would now be refused (never on a demo station). */
  locked(): boolean;
  /**
   * The station's upstream connection string, opened with the key that unlocked the
   * station (kept in this process only, like the key): UPSTREAM_NOT_CONNECTED when the
   * station has none, STATION_LOCKED while it is locked.
   */
  upstreamUrl(): string;
  /**
   * Keeps a connection string sealed under the station's passphrase (and the keychain's
   * key, on the desktop); the passphrase, checked, also unlocks the station as unlock() does.
   */
  connectUpstream(url: string, passphrase: string): void;
  /** Who is signed in at the desk: the open station's sessions (STATION_NOT_INITIALISED, STATION_BUSY as station()). */
  sessions(): Sessions;
  close(): void;
}

export interface StationAccessOptions {
  /** The station's clock: the computer's unless a test dates its station otherwise. */
  clock?: Clock;
  /** The hardware (electron/devices): the core process gives it; tests may give demo-only wiring. */
  devices?: DeviceWiring;
  /** The idle lock and a session's longest life (users/sessions.ts has the defaults). */
  sessions?: SessionOptions;
  /**
   * Told the data key once the station is opened with its passphrase (or made): the host
   * keeps it in its memory for a core it restarts (receiveDataKey). Never written anywhere.
   */
  keepDataKey?: (key: Buffer) => void;
}

export function stationAccess(dataDir: string, options: StationAccessOptions = {}): StationAccess {
  let open: Station | undefined;
  let sessions: { station: Station; sessions: Sessions } | undefined;
  let busyWith: string | undefined;
  let busyShare: number | undefined;
  const busy = () => {
    const far = busyShare === undefined ? '' : ` (${Math.floor(busyShare * 100)} %)`;
    return new StationError('STATION_BUSY', `The station is ${busyWith}${far}; try again when that has finished.`, {
      busyWith,
      ...(busyShare === undefined ? {} : { share: busyShare }),
    });
  };
  const hold = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    if (busyWith !== undefined) throw busy();
    busyWith = what;
    try {
      return await work();
    } finally {
      busyWith = undefined;
      busyShare = undefined;
    }
  };
  const clock = options.clock ? { clock: options.clock } : {};
  // The unlocked key lives in this closure only: never written to the data folder, the logs or
  // an answer, and gone at lock() or when the core closes the station (or its process ends).
  let unlocked: StationKeyring | undefined;
  // The key that opened it: it also opens the upstream connection string (credentials.ts).
  let unlockedWith: KeyEncryptionKey | undefined;
  let hostKey: KeyEncryptionKey | undefined;
  // A demo station's passphrase is written down in its demo folder (demo-station.ts), so its
  // key needs nobody to unlock it.
  const demoKey = () => demoStationKey(deskDemoFolder(dataDir));
  // What opens the station's data without asking anyone: the keychain's copy of its data key
  // (the desktop, after a passphrase once), or a demo station's written passphrase.
  let heldDataKey: Buffer | undefined;
  const keyWithoutPassphrase = (): StationKey | undefined => {
    if (heldDataKey) return { dataKey: heldDataKey };
    if (hostKey && hasRememberedDataKey(dataDir)) return { kek: hostKey };
    const demo = demoKey();
    if (!demo) return undefined;
    // A demo folder's passphrase that does not open this station's data: it is asked for.
    try {
      return { dataKey: openDataKey(dataDir, demo) };
    } catch {
      return undefined;
    }
  };
  const openNow = (): Station => {
    if (busyWith !== undefined) throw busy();
    if (open) return open;
    if (!existsSync(join(dataDir, DATABASE_FILE))) throw noStation(dataDir);
    const key = keyWithoutPassphrase();
    if (!key) throw sealedStation();
    open = openStation(dataDir, 'badge-station desk', key, clock);
    return open;
  };
  // The copy sealed under the keychain's key, when this computer remembers one. One that the
  // key does not open (the keychain was reset, or the copy is damaged) is removed: the
  // station is then simply locked, and the next unlock with the passphrase writes a new one.
  const rememberedKey = (station: Station): StationKeyring | undefined => {
    if (!hostKey || !hasRememberedStationKey(dataDir)) return undefined;
    try {
      const keyring = unlockStation(dataDir, hostKey, stationClockGuard(station));
      unlockedWith = hostKey;
      return keyring;
    } catch (error) {
      if (!(error instanceof StationError) || !['KEY_PASSPHRASE_WRONG', 'KEY_FILE_CORRUPT', 'TRUST_INVALID'].includes(error.code))
        throw error;
      forgetRememberedStationKey(dataDir);
      return undefined;
    }
  };
  const keyring = (station: Station): StationKeyring => {
    if (unlocked) return unlocked;
    const remembered = rememberedKey(station);
    if (remembered) {
      unlocked = remembered;
      return unlocked;
    }
    const kek = demoKey();
    if (!kek)
      throw new StationError(
        'STATION_LOCKED',
        "The station is locked: a supervisor unlocks it with the station's passphrase (Unlock, at the top of the page).",
      );
    unlocked = unlockStation(dataDir, kek, stationClockGuard(station));
    unlockedWith = kek;
    return unlocked;
  };
  const checkedPassphrase = (station: Station, passphrase: string): KeyEncryptionKey => {
    let kek: ReturnType<typeof passphraseKey>;
    try {
      kek = passphraseKey(passphrase);
    } catch {
      // Too short to be any station's passphrase: told as a wrong one, not as a usage rule.
      throw wrongPassphrase();
    }
    try {
      unlocked = unlockStation(dataDir, kek, stationClockGuard(station), hostKey ? { rememberUnder: hostKey } : {});
    } catch (error) {
      if (error instanceof StationError && error.code === 'KEY_PASSPHRASE_WRONG') throw wrongPassphrase();
      throw error;
    }
    unlockedWith = kek;
    return kek;
  };
  return {
    dataDir,
    ...(options.devices ? { devices: options.devices } : {}),
    exists: () => open !== undefined || existsSync(join(dataDir, DATABASE_FILE)),
    station: openNow,
    create: (number, actor, passphrase) => {
      if (open) throw new StationError('STATION_EXISTS', `${dataDir} is already station ${open.number}; nothing was changed.`);
      const kek = passphrase === 'demo' ? demoPassphraseKey() : passphraseKey(passphrase);
      open = initStation(dataDir, number, actor, kek, clock);
      const dataKey = openDataKey(dataDir, kek);
      if (hostKey) sealDataKey(dataDir, dataKey, hostKey);
      // Kept in this process's memory: the station opens again after close() without asking.
      heldDataKey = dataKey;
      options.keepDataKey?.(dataKey);
      return open;
    },
    sealed: () => open === undefined && existsSync(join(dataDir, DATABASE_FILE)) && keyWithoutPassphrase() === undefined,
    openWith: (passphrase) => {
      if (busyWith !== undefined) throw busy();
      let kek: KeyEncryptionKey;
      try {
        kek = passphraseKey(passphrase);
      } catch {
        throw wrongPassphrase();
      }
      let dataKey: Buffer;
      try {
        // A station from before encryption has no data key yet: opening it with the passphrase makes one.
        if (!open && !hasDataKey(dataDir)) open = openStation(dataDir, 'badge-station desk', { kek }, clock);
        // The passphrase stretched once; checked even when another page opened the station already.
        dataKey = openDataKey(dataDir, kek);
        open ??= openStation(dataDir, 'badge-station desk', { dataKey }, clock);
      } catch (error) {
        if (error instanceof StationError && error.code === 'KEY_PASSPHRASE_WRONG') throw wrongPassphrase();
        throw error;
      }
      // This computer remembers the data key under its keychain: the next start opens without asking.
      if (hostKey && !hasRememberedDataKey(dataDir)) sealDataKey(dataDir, dataKey, hostKey);
      // Kept in this process's memory: the station opens again after close() without asking.
      heldDataKey = dataKey;
      options.keepDataKey?.(dataKey);
      return open;
    },
    settingUp: (what, work) => hold(what, work),
    holding: (what, work) => {
      const station = openNow();
      return hold(what, () =>
        work(station, (share) => {
          busyShare = share;
        }),
      );
    },
    keyring,
    unlock: (passphrase) => {
      checkedPassphrase(openNow(), passphrase);
    },
    lock: () => {
      unlocked = undefined;
      unlockedWith = undefined;
      forgetRememberedStationKey(dataDir);
      forgetRememberedUpstream(dataDir);
    },
    upstreamUrl: () => {
      if (upstreamPlaceOf(dataDir) === undefined) throw upstreamNotConnected();
      const station = openNow();
      keyring(station);
      const kek = unlockedWith as KeyEncryptionKey;
      if (kek.source === 'host' && !hasRememberedUpstream(dataDir))
        throw new StationError(
          'STATION_LOCKED',
          "This computer does not remember the station's upstream login yet: a supervisor unlocks the station once with its passphrase (Lock, then Unlock).",
        );
      const url = openUpstreamUrl(dataDir, kek);
      // Remembered under the keychain for the next start, as the station key is.
      if (kek.source === 'passphrase' && hostKey && !hasRememberedUpstream(dataDir)) saveUpstreamUrl(dataDir, url, hostKey);
      return url;
    },
    connectUpstream: (url, passphrase) => {
      const kek = checkedPassphrase(openNow(), passphrase);
      saveUpstreamUrl(dataDir, url, kek);
      if (hostKey) saveUpstreamUrl(dataDir, url, hostKey);
    },
    receiveHostKey: (key) => {
      hostKey = key;
    },
    receiveDataKey: (key) => {
      heldDataKey = key;
    },
    locked: () => {
      if (unlocked !== undefined || demoKey() !== undefined) return false;
      // Opened now rather than merely found, so the header's "locked" is what a print would meet.
      if (!hostKey || !hasRememberedStationKey(dataDir)) return true;
      unlocked = rememberedKey(openNow());
      return unlocked === undefined;
    },
    sessions: () => {
      // Not refused while the station is busy: the sessions' own lookups are, by the database,
      // but a page's session is still known (from memory) to hear the import's progress.
      const station = open ?? openNow();
      if (sessions?.station !== station) sessions = { station, sessions: new Sessions(station, options.sessions) };
      return sessions.sessions;
    },
    close: () => {
      unlocked = undefined;
      unlockedWith = undefined;
      sessions = undefined;
      open?.close();
      open = undefined;
    },
  };
}

function sealedStation(): StationError {
  return new StationError(
    'STATION_SEALED',
    "The station's data is encrypted and not open yet: type the station passphrase to open it (a supervisor knows it).",
  );
}

function wrongPassphrase(): StationError {
  return new StationError(
    'KEY_PASSPHRASE_WRONG',
    "That is not the station's passphrase: the station stays locked. Check it (and Caps Lock) and try again.",
  );
}
