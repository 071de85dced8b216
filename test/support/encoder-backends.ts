/**
 * The encoder backends the encoding-flow suite runs against, each with the tester's
 * hands: a PC/SC reader through a real pcscd with vpcd's virtual card, and a BALTECH USB HID
 * encoder through the HID driver on readers emulated under node-hid's API. Each returns a
 * fresh encoder per test and puts a virtual NTAG on (and takes it off) its reader.
 */
import type { ChipStation } from '../../electron/core/chips/index.ts';
import type { ChipEncoder, VirtualNtag } from '../../native/chips/index.ts';
import { BrpHidEncoder, EmulatedBaltechReader, EmulatedHidBus } from '../../native/hid/index.ts';
import { PcscEncoder } from '../../native/pcsc/index.ts';
import { pcscdForThisFile } from './pcscd-cards.ts';

export interface CardOnReader {
  /** Takes the card off (at once; `takeAway` also waits until the encoder sees it gone). */
  remove(): Promise<void>;
}

export interface EncoderBackend {
  name: string;
  encoder(): ChipEncoder & ChipStation;
  present(tag: VirtualNtag): Promise<CardOnReader>;
  takeAway(card: CardOnReader, encoder: ChipEncoder & ChipStation): Promise<void>;
}

/** PC/SC: one pcscd for the file (call at the file's top level: it registers the file's hooks). */
export function pcscBackend(): EncoderBackend {
  const cards = pcscdForThisFile();
  return {
    name: 'PC/SC (pcscd, vpcd)',
    encoder: () => new PcscEncoder(),
    present: (tag) => cards.present(tag),
    async takeAway(card, encoder) {
      await card.remove();
      await encoder.waitForRemoval({ timeoutMs: 5000 });
    },
  };
}

/** USB HID: a BALTECH reader emulated under node-hid's API, driven by the real HID driver. */
export function hidBackend(): EncoderBackend {
  const hid = new EmulatedHidBus();
  const reader = new EmulatedBaltechReader({ serialNumber: 'FLOW-1' });
  hid.plug(reader);
  return {
    name: 'USB HID (BALTECH BRP, emulated under node-hid)',
    encoder: () => new BrpHidEncoder({ hid }),
    async present(tag) {
      reader.present(tag);
      return {
        async remove() {
          if (reader.card === tag) reader.takeAway();
        },
      };
    },
    async takeAway(card, encoder) {
      await card.remove();
      await encoder.waitForRemoval({ timeoutMs: 5000 });
    },
  };
}
