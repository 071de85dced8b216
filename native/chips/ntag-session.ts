/**
 * The NTAG rules, device-agnostic: what to read, write and check, in the fewest commands,
 * over whatever `TagTransport` a backend provides.
 *
 * Encoding a 143-byte payload on an NTAG213 takes GET_VERSION, one READ of the
 * configuration pages, 36 page writes, 9 READs back and 3 writes to protect: nothing
 * is read or written that the outcome does not depend on.
 */
import type { CallOptions, ChipIdentity, ChipSession, TagTransport } from './encoder.ts';
import { ChipError, isChipError } from './errors.ts';
import {
  ACCESS_PROT,
  AUTH0_OFF,
  DEFAULT_PWD,
  NTAG_COMMAND,
  type NtagSpec,
  ndefPages,
  ndefTlvLength,
  specFromCc,
  specFromVersion,
} from './ntag.ts';
import type { ChipPassword } from './password.ts';

interface Config {
  cfg0: Buffer;
  cfg1: Buffer;
}

export function isNak(answer: Buffer): boolean {
  return answer.length === 1 && (answer[0] as number) < 0x10 && answer[0] !== 0x0a;
}

export class NtagSession implements ChipSession {
  readonly uid: Buffer;
  readonly reader: string;
  readonly #transport: TagTransport;
  #spec: NtagSpec | undefined;
  #version: Buffer | undefined;
  #config: Config | undefined;
  #authenticated = false;
  /** After a NAK the chip answers nothing until it is powered again. */
  #halted = false;
  /**
   * Whether the chip must be reset when this session ends: PWD_AUTH was sent (whatever came
   * back, a chip that took the password is AUTHENTICATED until it loses power), the chip
   * fell silent after a NAK, or its protection was rewritten (the card leaves as the next
   * reader will find it, with no session of ours open on it).
   */
  #resetOnRelease = false;

  constructor(transport: TagTransport, uid: Buffer, reader: string) {
    this.#transport = transport;
    this.uid = uid;
    this.reader = reader;
  }

  get commands(): number {
    return this.#transport.commands;
  }

  async identify(options?: CallOptions): Promise<ChipIdentity> {
    if (!this.#spec) {
      if (this.#transport.canPassThrough) {
        try {
          const version = await this.#native(Buffer.from([NTAG_COMMAND.GET_VERSION]), options);
          if (isNak(version) || version.length === 0)
            throw new ChipError('UNSUPPORTED', 'The chip refused GET_VERSION: not an NTAG21x.');
          this.#version = version;
          this.#spec = specFromVersion(version);
        } catch (error) {
          // A reader without pass-through says so once; the CC is the fallback.
          if (!(isChipError(error) && error.code === 'UNSUPPORTED' && !this.#transport.canPassThrough)) throw error;
        }
      }
      if (!this.#spec) {
        const head = await this.#transport.read(0, options);
        this.#spec = specFromCc(head.subarray(12, 16));
      }
    }
    const spec = this.#spec;
    if (!this.#config) {
      const pages = await this.#transport.read(spec.cfg0Page, options);
      this.#config = { cfg0: Buffer.from(pages.subarray(0, 4)), cfg1: Buffer.from(pages.subarray(4, 8)) };
    }
    const auth0 = this.#config.cfg0[3] as number;
    return {
      uid: this.uid,
      model: spec.model,
      capacity: spec.userBytes,
      ...(this.#version ? { version: this.#version.toString('hex') } : {}),
      auth0,
      protected: auth0 < spec.pages,
      readProtected: auth0 < spec.pages && ((this.#config.cfg1[0] as number) & ACCESS_PROT) !== 0,
      protectable: this.#transport.canPassThrough,
    };
  }

  async readNdef(options?: CallOptions): Promise<Buffer> {
    const spec = await this.#identified(options);
    const head = await this.#transport.read(spec.firstUserPage, options);
    const length = ndefTlvLength(head);
    if (length === undefined) return Buffer.alloc(0);
    const total = Math.min(length, spec.userBytes);
    const chunks = [head];
    for (let offset = 16; offset < total; offset += 16) {
      chunks.push(await this.#transport.read(spec.firstUserPage + offset / 4, options));
    }
    return Buffer.concat(chunks).subarray(0, total);
  }

  async writeNdef(ndef: Uint8Array, options?: CallOptions): Promise<{ pages: number }> {
    const spec = await this.#identified(options);
    const pages = ndefPages(spec, ndef);
    const identity = await this.identify(options);
    if (identity.protected && !this.#authenticated && identity.auth0 <= spec.firstUserPage + pages.length - 1) {
      throw new ChipError('PROTECTED', 'The chip is password-protected and was not unlocked: nothing was written.');
    }
    let written = 0;
    for (const { page, data } of pages) {
      try {
        await this.#transport.write(page, data, options);
      } catch (error) {
        throw withState(error, { pagesWritten: written, page });
      }
      written += 1;
    }
    return { pages: written };
  }

  async verify(ndef: Uint8Array, options?: CallOptions): Promise<Buffer> {
    const spec = await this.#identified(options);
    const pages = ndefPages(spec, ndef);
    const expected = Buffer.concat(pages.map(({ data }) => data));
    const chunks: Buffer[] = [];
    for (let offset = 0; offset < expected.length; offset += 16) {
      chunks.push(await this.#transport.read(spec.firstUserPage + offset / 4, options));
    }
    const read = Buffer.concat(chunks).subarray(0, expected.length);
    if (!read.equals(expected)) {
      let at = 0;
      while (read[at] === expected[at]) at += 1;
      throw new ChipError('VERIFY_MISMATCH', `The chip read back differently from page ${spec.firstUserPage + (at >> 2)} on.`, {
        page: spec.firstUserPage + (at >> 2),
      });
    }
    return Buffer.from(read.subarray(0, ndef.length));
  }

  async authenticate(password: ChipPassword, options?: CallOptions): Promise<void> {
    if (!this.#transport.canPassThrough) {
      throw new ChipError('UNSUPPORTED', 'This reader cannot pass PWD_AUTH through to the chip.');
    }
    this.#resetOnRelease = true;
    const answer = await this.#native(Buffer.concat([Buffer.from([NTAG_COMMAND.PWD_AUTH]), password.pwd]), options);
    if (isNak(answer) || answer.length === 0) {
      this.#halted = true;
      throw new ChipError('PROTECTED', 'The chip refused the password: it is protected by another event or system.');
    }
    if (!answer.subarray(0, 2).equals(password.pack)) {
      throw new ChipError(
        'PROTECTED',
        'The chip accepted the password with the wrong acknowledgement: not a chip of this event.',
      );
    }
    this.#authenticated = true;
  }

  async protect(password: ChipPassword, options?: CallOptions): Promise<void> {
    if (!this.#transport.canPassThrough) {
      throw new ChipError('UNSUPPORTED', 'This reader cannot pass PWD_AUTH through, so the chip cannot be protected here.');
    }
    const spec = await this.#identified(options);
    const identity = await this.identify(options);
    const config = this.#config as Config;
    // Already ours: the password that opened it is the one we would set.
    if (this.#authenticated && identity.auth0 === spec.firstUserPage && !identity.readProtected) return;
    // Password first, AUTH0 last: protection starts only once the password is in place.
    this.#resetOnRelease = true;
    await this.#transport.write(spec.pwdPage, password.pwd, options);
    await this.#transport.write(spec.packPage, Buffer.concat([password.pack, Buffer.alloc(2)]), options);
    if (((config.cfg1[0] as number) & ACCESS_PROT) !== 0) {
      const cfg1 = Buffer.from(config.cfg1);
      cfg1[0] = (cfg1[0] as number) & ~ACCESS_PROT;
      await this.#transport.write(spec.cfg1Page, cfg1, options);
      config.cfg1 = cfg1;
    }
    const cfg0 = Buffer.from(config.cfg0);
    cfg0[3] = spec.firstUserPage;
    await this.#transport.write(spec.cfg0Page, cfg0, options);
    config.cfg0 = cfg0;
  }

  async unprotect(options?: CallOptions): Promise<void> {
    const spec = await this.#identified(options);
    const identity = await this.identify(options);
    if (!identity.protected) return;
    if (!this.#authenticated) throw new ChipError('PROTECTED', 'The chip is protected and was not unlocked.');
    const config = this.#config as Config;
    this.#resetOnRelease = true;
    const cfg0 = Buffer.from(config.cfg0);
    cfg0[3] = AUTH0_OFF;
    await this.#transport.write(spec.cfg0Page, cfg0, options);
    config.cfg0 = cfg0;
    await this.#transport.write(spec.pwdPage, DEFAULT_PWD, options);
    await this.#transport.write(spec.packPage, Buffer.alloc(4), options);
  }

  async readSignature(options?: CallOptions): Promise<Buffer | undefined> {
    if (!this.#transport.canPassThrough) return undefined;
    const answer = await this.#native(Buffer.from([NTAG_COMMAND.READ_SIG, 0x00]), options);
    if (answer.length !== 32) throw new ChipError('UNSUPPORTED', 'The chip gave no 32-byte originality signature.');
    return answer;
  }

  async release(): Promise<void> {
    await this.#transport.release(this.#resetOnRelease || this.#halted);
  }

  async #identified(options?: CallOptions): Promise<NtagSpec> {
    if (!this.#spec || !this.#config) await this.identify(options);
    return this.#spec as NtagSpec;
  }

  async #native(frame: Buffer, options?: CallOptions): Promise<Buffer> {
    if (this.#halted) throw new ChipError('PROTECTED', 'The chip refused an earlier command and must be presented again.');
    return this.#transport.native(frame, options);
  }
}

function withState(error: unknown, state: { pagesWritten: number; page: number }): unknown {
  if (!isChipError(error)) return error;
  const where =
    state.pagesWritten === 0
      ? 'Nothing was written.'
      : `The chip is partly written: ${state.pagesWritten} page(s) written, page ${state.page} not.`;
  return new ChipError(error.code, `${error.message} ${where}`, {
    ...error.details,
    ...state,
  });
}
