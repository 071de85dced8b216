/**
 * The contactless encoder inside a demo card printer: no reader, no pcscd, all in process.
 *
 * Each blank card fed to the encoding station carries a fresh NTAG213 (`VirtualNtag`, the
 * chip as NXP's datasheet describes it), and the station talks to it through the same
 * `NtagSession` as a real reader, so a demo run exercises the real chip flow: GET_VERSION,
 * page writes, read-back, password protection. Bad chips can be slipped into the stack of
 * blanks to see rejects go to the reject box.
 */
import type { CallOptions, ChipSession, TagTransport } from './encoder.ts';
import { ChipError } from './errors.ts';
import { NtagSession } from './ntag-session.ts';
import { VirtualNtag } from './virtual-ntag.ts';

export interface DemoEncoderOptions {
  name: string;
  /** Makes this encoder's chip UIDs differ from other encoders' (see `demoChipUid`); from the name when absent. */
  seed?: number;
  /** which blank cards are bad chips: called with the card's number (1, 2, ...) */
  defective?: (cardNumber: number) => boolean;
}

const WRITE_ACK = 0x0a;

export class DemoEncoder {
  /** Reader name shown to operators, e.g. "Demo encoder (Desk-A)". */
  readonly name: string;
  readonly seed: number;
  readonly #defective: (cardNumber: number) => boolean;
  #fed = 0;
  #rejected = 0;
  #atStation: { chip: VirtualNtag; transports: DirectTransport[] } | undefined;

  constructor(options: DemoEncoderOptions) {
    this.name = options.name;
    this.seed = options.seed ?? seedFromName(options.name);
    this.#defective = options.defective ?? (() => false);
  }

  /** Blank cards fed to the encoding station so far. */
  get fed(): number {
    return this.#fed;
  }

  /** Cards sent to the reject box so far. */
  get rejected(): number {
    return this.#rejected;
  }

  /** The chip of the card at the station, for tests and the demo's own checks. */
  get chipAtStation(): VirtualNtag | undefined {
    return this.#atStation?.chip;
  }

  /**
   * Feeds the next blank card into the encoding station and gives its chip. A card still
   * at the station was neither passed nor ejected: it cannot be printed without a verdict
   * on its chip, so it goes to the reject box first.
   */
  async present(options: CallOptions = {}): Promise<ChipSession> {
    if (options.signal?.aborted) throw new ChipError('CANCELLED', 'Feeding the card was cancelled.');
    if (this.#atStation) this.eject();
    this.#fed += 1;
    const cardNumber = this.#fed;
    const uid = demoChipUid(this.seed, cardNumber);
    // A bad chip takes its first few pages, then its EEPROM stops programming.
    const chip = new VirtualNtag({
      model: 'NTAG213',
      uid,
      ...(this.#defective(cardNumber) ? { failWritesAfter: 1 + ((uid[6] as number) % 3) } : {}),
    });
    this.#atStation = { chip, transports: [] };
    return this.reselect();
  }

  /** A new session on the card already at the station, as a reader gets after powering the field again. */
  async reselect(): Promise<ChipSession> {
    const card = this.#atStation;
    if (!card) throw new ChipError('NO_CARD', `${this.name} has no card at its encoding station.`);
    const transport = new DirectTransport(card.chip);
    card.transports.push(transport);
    return new NtagSession(transport, Buffer.from(card.chip.uid), this.name);
  }

  /** The card at the station goes to the reject box. */
  eject(): void {
    if (!this.#leave()) return;
    this.#rejected += 1;
  }

  /** The card at the station moves on to be printed. */
  pass(): void {
    this.#leave();
  }

  #leave(): boolean {
    const card = this.#atStation;
    if (!card) return false;
    for (const transport of card.transports) transport.gone = true;
    this.#atStation = undefined;
    return true;
  }
}

/**
 * A session with a demo chip lying on a reader of its own: the virtual desk encoder of a
 * demo station, where a technician places a card a demo printer made. The same
 * `NtagSession` over the same direct antenna as the encoding station inside a demo printer.
 */
export function demoChipSession(chip: VirtualNtag, reader: string): ChipSession {
  return new NtagSession(new DirectTransport(chip), Buffer.from(chip.uid), reader);
}

/**
 * The UID of card `cardNumber` from an encoder with `seed`: 0x04 (NXP) and six scattered
 * bytes, the way a real reel of chips looks. The ledger and the chip signature are bound to
 * the UID, so repeats matter: the six bytes are a bijection of (seed mod 2^16, cardNumber
 * mod 2^32) keyed by the rest of the seed, so one encoder never repeats a UID, and encoders
 * whose seeds differ only in their low 16 bits (0-65535, say) never share one. Seeds that
 * differ above that collide only as often as random 48-bit UIDs would.
 */
export function demoChipUid(seed: number, cardNumber: number): Buffer {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`A demo encoder's seed is a whole number >= 0, not ${seed}.`);
  const whole = BigInt(seed);
  let x = ((whole & 0xffffn) << 32n) | (BigInt(cardNumber) & 0xffffffffn);
  x = scramble(x);
  x ^= scramble((whole >> 16n) * 0x2545f4914f6dn);
  x = scramble(x);
  const uid = Buffer.alloc(7);
  uid[0] = 0x04;
  uid.writeUIntBE(Number(x), 1, 6);
  return uid;
}

const MASK_48 = (1n << 48n) - 1n;

/** Odd multipliers and xor-shifts are invertible modulo 2^48: distinct in, distinct out. */
function scramble(value: bigint): bigint {
  let x = value & MASK_48;
  for (const multiplier of [0x9e3779b97f4bn, 0xbf58476d1ce5n]) {
    x = (x * multiplier) & MASK_48;
    x ^= x >> 23n;
  }
  return x;
}

function seedFromName(name: string): number {
  let hash = 0x811c;
  for (const char of name) hash = ((hash ^ (char.codePointAt(0) as number)) * 0x01b3) & 0xffff;
  return hash;
}

/** The encoding station's antenna: native frames straight to the chip, nothing in between. */
class DirectTransport implements TagTransport {
  readonly canPassThrough = true;
  commands = 0;
  /** The card left the station (printed or rejected): it answers no more. */
  gone = false;
  readonly #chip: VirtualNtag;

  constructor(chip: VirtualNtag) {
    this.#chip = chip;
  }

  async read(page: number, options?: CallOptions): Promise<Buffer> {
    const answer = this.#send(Buffer.from([0x30, page]), options);
    if (answer.length !== 16) throw new ChipError('READ_FAILED', `The chip refused to read page ${page}.`, { page });
    return answer;
  }

  async write(page: number, data: Buffer, options?: CallOptions): Promise<void> {
    const answer = this.#send(Buffer.concat([Buffer.from([0xa2, page]), data]), options);
    if (answer.length !== 1 || answer[0] !== WRITE_ACK) {
      throw new ChipError('WRITE_FAILED', `The chip did not acknowledge the write of page ${page}.`, { page });
    }
  }

  async native(frame: Buffer, options?: CallOptions): Promise<Buffer> {
    return this.#send(frame, options);
  }

  /** The station powers the field down between sessions, so authentication never outlives one. */
  async release(): Promise<void> {
    if (!this.gone) this.#chip.reset();
  }

  #send(frame: Buffer, options?: CallOptions): Buffer {
    if (options?.signal?.aborted) throw new ChipError('CANCELLED', 'The chip operation was cancelled.');
    this.commands += 1;
    if (this.gone) throw new ChipError('CARD_REMOVED', 'The card has left the encoding station.');
    return this.#chip.command(frame);
  }
}
