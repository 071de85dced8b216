import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKeyEncryptionKey, type SafeStorageLike } from '../../electron/main/key-encryption-key.ts';
import { tempDir } from '../support/station.ts';

/** A keychain that really encrypts (XOR with a secret), as far as a test can tell. */
function keychain(backend: string, available = true): SafeStorageLike {
  const mask = 0x5a;
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain) => Buffer.from([...Buffer.from(plain)].map((byte) => byte ^ mask)),
    decryptString: (encrypted) => Buffer.from([...encrypted].map((byte) => byte ^ mask)).toString(),
  };
}

describe('the desktop app’s key-encryption key', () => {
  it('is made once, kept only in keychain-encrypted form, and the same at every start', () => {
    const file = join(tempDir(), 'kek.bin');
    const first = loadKeyEncryptionKey(file, keychain('gnome_libsecret'), 'linux');
    expect(first).toHaveLength(32);
    expect(readFileSync(file).toString()).not.toContain(first.toString('base64'));
    expect(loadKeyEncryptionKey(file, keychain('gnome_libsecret'), 'linux').equals(first)).toBe(true);
  });

  it('is refused on Linux without a real keyring (basic_text), with what to do', () => {
    expect(() => loadKeyEncryptionKey(join(tempDir(), 'kek.bin'), keychain('basic_text'), 'linux')).toThrow(
      /Start GNOME Keyring or KWallet/,
    );
  });

  it('is refused when the keychain is not available at all', () => {
    expect(() => loadKeyEncryptionKey(join(tempDir(), 'kek.bin'), keychain('kwallet5', false), 'linux')).toThrow(
      /keychain is not available/,
    );
  });

  it('uses the keychain on Windows and macOS without a backend check', () => {
    const { getSelectedStorageBackend: _absent, ...windows } = keychain('');
    expect(loadKeyEncryptionKey(join(tempDir(), 'kek.bin'), windows, 'win32')).toHaveLength(32);
  });

  it('puts aside a key the keychain no longer opens and makes a new one, saying so, rather than stopping the app', () => {
    const dir = tempDir();
    const file = join(dir, 'kek.bin');
    const first = loadKeyEncryptionKey(file, keychain('gnome_libsecret'), 'linux');
    // Another keychain secret: what a reset keyring password leaves.
    const reset: SafeStorageLike = {
      ...keychain('gnome_libsecret'),
      decryptString: () => {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      },
    };
    const told: string[] = [];
    const second = loadKeyEncryptionKey(file, reset, 'linux', (message) => told.push(message));
    expect(second).toHaveLength(32);
    expect(second.equals(first)).toBe(false);
    expect(told).toEqual([expect.stringMatching(/no longer opens .*passphrase is needed once/)]);
    expect(readdirSync(dir).filter((name) => name.startsWith('kek.bin.unreadable-'))).toHaveLength(1);
  });
});
