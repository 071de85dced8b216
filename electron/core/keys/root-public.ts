/** The event root's public half as a small JSON file, for stations, gates and auditors. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { StationError } from '../errors.ts';
import { publicKeyFromRaw, type RootPublicKey, rootKid } from '../payload/index.ts';
import { atomicWrite } from './key-file.ts';

const schema = z.object({ alg: z.enum(['Ed25519', 'ES256']), publicKey: z.string(), kid: z.string() });

export function writeRootPublic(path: string, root: RootPublicKey): void {
  const body = { alg: root.alg, publicKey: root.publicKey.toString('base64'), kid: rootKid(root).toString('hex') };
  atomicWrite(path, `${JSON.stringify(body, null, 2)}\n`);
}

export function readRootPublic(path: string): RootPublicKey {
  try {
    const body = schema.parse(JSON.parse(readFileSync(path, 'utf8')));
    const root = { alg: body.alg, publicKey: Buffer.from(body.publicKey, 'base64') };
    publicKeyFromRaw(root.alg, root.publicKey);
    if (rootKid(root).toString('hex') !== body.kid) throw new Error('its kid does not match its key');
    return root;
  } catch (error) {
    throw new StationError('TRUST_INVALID', `${path} is not an event root public key (${(error as Error).message}).`);
  }
}
