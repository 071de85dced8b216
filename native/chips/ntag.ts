/**
 * The NTAG213/215/216 memory map and native command set (NXP datasheet NTAG213/215/216,
 * sections 8.5 memory organisation, 8.8 password verification, 10 commands).
 *
 *   page 0-1   UID (7 bytes) with check bytes BCC0/BCC1
 *   page 2     BCC1, internal, static lock bytes (never written by us)
 *   page 3     capability container (CC, one-time programmable)
 *   page 4...  user memory: the NDEF message TLV
 *   then       dynamic lock bytes, CFG0 (MIRROR, RFUI, MIRROR_PAGE, AUTH0),
 *              CFG1 (ACCESS, RFUI...), PWD (write-only), PACK (write-only)
 */
import { ChipError } from './errors.ts';

/** NTAG212 is known so that it can be refused by size (128 bytes: too small for a badge payload). */
export type NtagModel = 'NTAG212' | 'NTAG213' | 'NTAG215' | 'NTAG216';

export interface NtagSpec {
  model: NtagModel;
  /** Total pages (4 bytes each). */
  pages: number;
  firstUserPage: number;
  lastUserPage: number;
  userBytes: number;
  dynamicLockPage: number;
  cfg0Page: number;
  cfg1Page: number;
  pwdPage: number;
  packPage: number;
  /** CC byte 2: user memory size / 8. */
  ccSize: number;
  /** GET_VERSION byte 6 (storage size). */
  storageByte: number;
}

function spec(model: NtagModel, pages: number, ccSize: number, storageByte: number): NtagSpec {
  const cfg0Page = pages - 4;
  return {
    model,
    pages,
    firstUserPage: 4,
    lastUserPage: pages - 6,
    userBytes: (pages - 9) * 4,
    dynamicLockPage: pages - 5,
    cfg0Page,
    cfg1Page: cfg0Page + 1,
    pwdPage: cfg0Page + 2,
    packPage: cfg0Page + 3,
    ccSize,
    storageByte,
  };
}

export const NTAG_SPECS: Readonly<Record<NtagModel, NtagSpec>> = {
  NTAG212: spec('NTAG212', 41, 0x10, 0x0e),
  NTAG213: spec('NTAG213', 45, 0x12, 0x0f),
  NTAG215: spec('NTAG215', 135, 0x3e, 0x11),
  NTAG216: spec('NTAG216', 231, 0x6d, 0x13),
};

/** Native commands (ISO/IEC 14443-3 frames without CRC). */
export const NTAG_COMMAND = {
  GET_VERSION: 0x60,
  READ: 0x30,
  WRITE: 0xa2,
  READ_SIG: 0x3c,
  PWD_AUTH: 0x1b,
} as const;

/** A 4-bit ACK as the readers hand it over. */
export const NTAG_ACK = 0x0a;

/** AUTH0 = 0xFF: no page is protected (the factory setting). */
export const AUTH0_OFF = 0xff;
/** ACCESS bit 7 (PROT): 1 = reads need the password too; we keep it 0, so gates read freely. */
export const ACCESS_PROT = 0x80;
export const DEFAULT_PWD = Buffer.from([0xff, 0xff, 0xff, 0xff]);

const VERSION_HEADER = Buffer.from([0x00, 0x04, 0x04]); // fixed header, vendor NXP, product type NTAG

/** Tells the model from a GET_VERSION answer (datasheet 10.1, table 28). */
export function specFromVersion(version: Uint8Array): NtagSpec {
  const bytes = Buffer.from(version);
  if (bytes.length !== 8 || !bytes.subarray(0, 3).equals(VERSION_HEADER)) {
    throw new ChipError('UNSUPPORTED', `The chip answered GET_VERSION with ${bytes.toString('hex')}: not an NTAG21x.`);
  }
  const found = Object.values(NTAG_SPECS).find((candidate) => candidate.storageByte === bytes[6]);
  if (!found)
    throw new ChipError('UNSUPPORTED', `The chip is an NTAG with storage byte ${bytes[6]}: not an NTAG212/213/215/216.`);
  return found;
}

/** Without GET_VERSION (a reader with no pass-through) the CC's size byte is the best guess. */
export function specFromCc(cc: Uint8Array): NtagSpec {
  if (cc[0] !== 0xe1) throw new ChipError('UNSUPPORTED', 'The chip has no NDEF capability container (page 3).');
  const found = Object.values(NTAG_SPECS).find((candidate) => candidate.ccSize === cc[2]);
  if (!found)
    throw new ChipError(
      'UNSUPPORTED',
      `The chip's capability container gives ${(cc[2] ?? 0) * 8} bytes: not an NTAG213/215/216.`,
    );
  return found;
}

/** The capability container an NTAG of this model ships with: NDEF 1.0, size, read/write open. */
export function capabilityContainer(ntag: NtagSpec): Buffer {
  return Buffer.from([0xe1, 0x10, ntag.ccSize, 0x00]);
}

/** Splits NDEF bytes into the page writes that put them from page 4 on (last page zero-padded). */
export function ndefPages(ntag: NtagSpec, ndef: Uint8Array): { page: number; data: Buffer }[] {
  if (ndef.length > ntag.userBytes) {
    throw new ChipError(
      'CAPACITY',
      `The payload needs ${ndef.length} bytes and this ${ntag.model} holds ${ntag.userBytes}: use a larger chip. Nothing was written.`,
      { needed: ndef.length, capacity: ntag.userBytes },
    );
  }
  const pages: { page: number; data: Buffer }[] = [];
  for (let offset = 0; offset < ndef.length; offset += 4) {
    const data = Buffer.alloc(4);
    Buffer.from(ndef.subarray(offset, offset + 4)).copy(data);
    pages.push({ page: ntag.firstUserPage + offset / 4, data });
  }
  return pages;
}

/** Length in bytes of the TLV area that holds an NDEF message, from its first bytes; undefined if none. */
export function ndefTlvLength(head: Uint8Array): number | undefined {
  let i = 0;
  while (i < head.length && head[i] === 0x00) i += 1; // NULL TLVs
  if (head[i] !== 0x03) return undefined;
  const length = head[i + 1];
  if (length === undefined) return undefined;
  if (length === 0xff) {
    if (i + 3 >= head.length) return undefined;
    return i + 4 + (((head[i + 2] as number) << 8) | (head[i + 3] as number)) + 1;
  }
  return i + 2 + length + 1; // + terminator TLV
}

/** The UID from pages 0-1 as READ returns them, checked against BCC0 and BCC1. */
export function uidFromPages(pages: Uint8Array): Buffer {
  const b = Buffer.from(pages);
  const uid = Buffer.from([b[0], b[1], b[2], b[4], b[5], b[6], b[7]] as number[]);
  const bcc0 = 0x88 ^ (b[0] as number) ^ (b[1] as number) ^ (b[2] as number);
  const bcc1 = (b[4] as number) ^ (b[5] as number) ^ (b[6] as number) ^ (b[7] as number);
  if (bcc0 !== b[3] || bcc1 !== b[8]) throw new ChipError('UNSUPPORTED', 'The UID check bytes do not match: not an NTAG21x.');
  return uid;
}
