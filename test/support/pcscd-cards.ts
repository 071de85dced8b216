/**
 * One real pcscd for a test file, and the tester's hands: a virtual NTAG put on vpcd's
 * reader (`present`, removed again when the file ends) and taken off (`takeAway`, waiting
 * until the reader says so). pcscd is one daemon per mount namespace, so a file shares it.
 */
import { afterAll, beforeAll } from 'vitest';
import type { PcscEncoder } from '../../native/pcsc/index.ts';
import { type Pcscd, startPcscd } from './pcscd.ts';
import { type PluggedCard, plugIntoVpcd, type VirtualNtag } from './virtual-ntag.ts';

export interface PcscdCards {
  /** The file's pcscd, once `beforeAll` has started it. */
  readonly pcscd: Pcscd;
  present(tag: VirtualNtag, options?: { passThrough?: boolean }): Promise<PluggedCard>;
  takeAway(card: PluggedCard, encoder: PcscEncoder): Promise<void>;
}

export function pcscdForThisFile(): PcscdCards {
  let pcscd: Pcscd | undefined;
  const plugged: PluggedCard[] = [];
  beforeAll(async () => {
    pcscd = await startPcscd();
  });
  afterAll(async () => {
    for (const card of plugged) await card.remove();
    await pcscd?.stop();
  });
  const running = (): Pcscd => {
    if (!pcscd) throw new Error('pcscd is not started yet: use it inside a test');
    return pcscd;
  };
  return {
    get pcscd() {
      return running();
    },
    async present(tag, options = {}) {
      const card = await plugIntoVpcd(tag, { port: running().port, host: running().cardHost, ...options });
      plugged.push(card);
      return card;
    },
    async takeAway(card, encoder) {
      await card.remove();
      await encoder.waitForRemoval({ timeoutMs: 5000 });
    },
  };
}
