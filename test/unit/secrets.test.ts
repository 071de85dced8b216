/** Passwords and PINs as the station keeps and checks them: salted scrypt, and the secrets guessed first refused. */
import { describe, expect, it } from 'vitest';
import { checkSecretStrength, hashSecret, secretMatches } from '../../electron/core/users/secrets.ts';

describe('a password or PIN', () => {
  it.each([['12345'], ['000000'], ['123456'], ['654321'], ['abcdefg'], ['ZYXWVU'], ['x'.repeat(201)]])(
    'refuses %s: too short, too long, one character repeated, or a run',
    (secret) => {
      expect(() => checkSecretStrength(secret)).toThrow(expect.objectContaining({ code: 'SECRET_TOO_WEAK' }));
    },
  );

  it.each([['135790'], ['demo-operator'], ['王芳的口令2026'], ['112233']])('takes %s', (secret) => {
    expect(() => checkSecretStrength(secret)).not.toThrow();
  });

  it('is kept as scrypt with a salt of its own: the same secret twice is two different hashes, each matching it alone', async () => {
    const [first, second] = await Promise.all([hashSecret('counter-7-pin'), hashSecret('counter-7-pin')]);
    expect(first).not.toBe(second);
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await secretMatches('counter-7-pin', first)).toBe(true);
    expect(await secretMatches('counter-7-pin', second)).toBe(true);
    expect(await secretMatches('counter-7-PIN', first)).toBe(false);
    expect(await secretMatches('counter-7-pin', 'md5$whatever')).toBe(false);
  });
});
