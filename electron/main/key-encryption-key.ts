/**
 * The desktop app's key-encryption key for the station core.
 *
 * The core never imports electron, so the main process unwraps 32 random bytes with the
 * operating system's keychain (Electron's safeStorage) and hands them to the core over
 * their private port at start; the core seals the station key under them. On Linux,
 * safeStorage may fall back to `basic_text`, a password hard-coded in Chromium: that
 * protects nothing, so the station refuses it and says what to do instead.
 *
 * safeStorage is passed in rather than imported, so this runs (and is tested) without
 * Electron's binary.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?(): string;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export class KeychainUnavailable extends Error {
  override readonly name = 'KeychainUnavailable';
}

export function loadKeyEncryptionKey(
  file: string,
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
  /** Told when a key the keychain no longer opens was put aside for a new one (main: the log). */
  onReplaced?: (message: string) => void,
): Buffer {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new KeychainUnavailable(
      "The system keychain is not available, so the station key cannot be protected. Sign in to the computer's user account normally (not as a service), or use the badge-station command with a passphrase.",
    );
  }
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text' || backend === 'unknown') {
      throw new KeychainUnavailable(
        `No Linux keyring is running (Electron reports "${backend}"), and keys stored without one are readable by anyone with the disk. Start GNOME Keyring or KWallet and unlock it, or use the badge-station command with a passphrase.`,
      );
    }
  }
  if (existsSync(file)) {
    const key = unwrap(file, safeStorage);
    if (key) return key;
    // The keychain no longer opens it (its password was reset, the user profile moved): the
    // key is lost either way. It is kept aside, not deleted, and a new one is made; the
    // station key remembered under the old one no longer opens, so the core removes that
    // copy and the station asks for its passphrase once (station-access.ts).
    renameSync(file, `${file}.unreadable-${Date.now()}`);
    onReplaced?.(
      `The system keychain no longer opens ${file}; it was put aside and a new key made. The station's passphrase is needed once.`,
    );
  }
  const key = randomBytes(32);
  writeFileSync(file, safeStorage.encryptString(key.toString('base64')), { mode: 0o600, flag: 'wx' });
  return key;
}

function unwrap(file: string, safeStorage: SafeStorageLike): Buffer | undefined {
  try {
    const key = Buffer.from(safeStorage.decryptString(readFileSync(file)), 'base64');
    return key.length === 32 ? key : undefined;
  } catch {
    return undefined;
  }
}
