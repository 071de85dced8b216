import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  chipPassword,
  NTAG_SPECS,
  NtagSession,
  ndefPages,
  ndefTlvLength,
  specFromCc,
  specFromVersion,
  uidFromPages,
} from '../../native/chips/index.ts';
import { directSession, directTransport } from '../support/chip-station.ts';
import { VirtualNtag } from '../support/virtual-ntag.ts';

const SECRET = Buffer.alloc(32, 7);
const payload = (bytes: number) =>
  Buffer.concat([Buffer.from([0x03, bytes - 3]), randomBytes(bytes - 3), Buffer.from([0xfe])]).subarray(0, bytes);

describe('the NTAG memory map, as the datasheet gives it', () => {
  it('places user memory, configuration, PWD and PACK where NXP puts them', () => {
    // NTAG213/215/216 datasheet, tables 4-6: user memory 04h-27h / 04h-81h / 04h-E1h.
    expect(NTAG_SPECS.NTAG213).toMatchObject({
      pages: 45,
      lastUserPage: 0x27,
      userBytes: 144,
      dynamicLockPage: 0x28,
      cfg0Page: 0x29,
      cfg1Page: 0x2a,
      pwdPage: 0x2b,
      packPage: 0x2c,
      ccSize: 0x12,
    });
    expect(NTAG_SPECS.NTAG215).toMatchObject({
      pages: 135,
      lastUserPage: 0x81,
      userBytes: 504,
      dynamicLockPage: 0x82,
      cfg0Page: 0x83,
      pwdPage: 0x85,
      packPage: 0x86,
      ccSize: 0x3e,
    });
    expect(NTAG_SPECS.NTAG216).toMatchObject({
      pages: 231,
      lastUserPage: 0xe1,
      userBytes: 888,
      dynamicLockPage: 0xe2,
      cfg0Page: 0xe3,
      pwdPage: 0xe5,
      packPage: 0xe6,
      ccSize: 0x6d,
    });
  });

  it('tells the chip from GET_VERSION (table 28) and from the capability container', () => {
    expect(specFromVersion(Buffer.from('0004040201000f03', 'hex')).model).toBe('NTAG213');
    expect(specFromVersion(Buffer.from('0004040201001103', 'hex')).model).toBe('NTAG215');
    expect(specFromVersion(Buffer.from('0004040201001303', 'hex')).model).toBe('NTAG216');
    expect(() => specFromVersion(Buffer.from('0004030101000b03', 'hex'))).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED' }),
    ); // Ultralight EV1
    expect(specFromCc(Buffer.from('e1103e00', 'hex')).model).toBe('NTAG215');
    expect(() => specFromCc(Buffer.from('00000000', 'hex'))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
  });

  it('reads the UID from pages 0-1 only when both check bytes agree', () => {
    const tag = new VirtualNtag();
    expect(uidFromPages(tag.memory.subarray(0, 16)).equals(tag.uid)).toBe(true);
    const bad = Buffer.from(tag.memory.subarray(0, 16));
    bad[3] = (bad[3] as number) ^ 1;
    expect(() => uidFromPages(bad)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
  });

  it('splits NDEF into page writes from page 4, and refuses what does not fit before any write', () => {
    const pages = ndefPages(NTAG_SPECS.NTAG213, Buffer.alloc(143, 1));
    expect(pages).toHaveLength(36);
    expect(pages[0]?.page).toBe(4);
    expect(pages.at(-1)).toEqual({ page: 39, data: Buffer.from([1, 1, 1, 0]) });
    expect(() => ndefPages(NTAG_SPECS.NTAG212, Buffer.alloc(143))).toThrow(expect.objectContaining({ code: 'CAPACITY' }));
    expect(ndefTlvLength(Buffer.from([0x00, 0x03, 0x05]))).toBe(9);
    expect(ndefTlvLength(Buffer.from([0x03, 0xff, 0x01, 0x00]))).toBe(4 + 256 + 1);
    expect(ndefTlvLength(Buffer.from([0xfe]))).toBeUndefined();
  });

  it('diversifies the password per card and per event, and never returns the factory password', () => {
    const a = chipPassword(SECRET, Buffer.from('04a1b2c3d4e5f6', 'hex'));
    expect(a).toEqual(chipPassword(SECRET, Buffer.from('04a1b2c3d4e5f6', 'hex')));
    expect(a.pwd).toHaveLength(4);
    expect(a.pack).toHaveLength(2);
    expect(a.pwd.equals(chipPassword(SECRET, Buffer.from('04a1b2c3d4e5f7', 'hex')).pwd)).toBe(false);
    expect(a.pwd.equals(chipPassword(Buffer.alloc(32, 8), Buffer.from('04a1b2c3d4e5f6', 'hex')).pwd)).toBe(false);
    expect(a.pwd.equals(Buffer.from('ffffffff', 'hex'))).toBe(false);
  });
});

describe('a chip is written, read back and protected by the NTAG rules', () => {
  it('writes a payload, reads it back, and protects pages 4 on with write protection only, never a lock bit', async () => {
    const tag = new VirtualNtag({ model: 'NTAG213' });
    const session = directSession(tag);
    const ndef = payload(143);
    await session.writeNdef(ndef);
    expect((await session.verify(ndef)).equals(ndef)).toBe(true);
    const password = chipPassword(SECRET, tag.uid);
    await session.protect(password);
    expect(tag.auth0).toBe(4);
    expect(tag.readProtected).toBe(false);
    expect(tag.page(0x2b).equals(password.pwd)).toBe(true);
    expect(tag.page(0x2c).subarray(0, 2).equals(password.pack)).toBe(true);
    expect(tag.memory.subarray(10, 12)).toEqual(Buffer.from([0, 0])); // static lock bytes
    expect(tag.page(0x28).subarray(0, 3)).toEqual(Buffer.alloc(3)); // dynamic lock bytes
    // GET_VERSION, READ config, 36 writes, 9 reads back, PWD + PACK + AUTH0.
    expect(session.commands).toBe(1 + 1 + 36 + 9 + 3);
    expect((await session.readNdef()).equals(ndef)).toBe(true);

    // Without the password the chip refuses writes; with it, it takes them.
    tag.reset();
    const stranger = directSession(tag);
    await expect(stranger.writeNdef(payload(10))).rejects.toMatchObject({ code: 'PROTECTED' });
    const owner = directSession(tag);
    await owner.authenticate(password);
    await owner.writeNdef(payload(10));
    await owner.unprotect();
    expect(tag.auth0).toBe(0xff);
  });

  it('a card protected by another event is refused and left unchanged', async () => {
    const tag = new VirtualNtag();
    tag.protectWith(Buffer.from('11223344', 'hex'), Buffer.from('5566', 'hex'));
    const before = Buffer.from(tag.memory);
    const session = directSession(tag);
    await expect(session.authenticate(chipPassword(SECRET, tag.uid))).rejects.toMatchObject({ code: 'PROTECTED' });
    expect(tag.halted).toBe(true); // a NAK sends the tag back to IDLE, as the datasheet says
    expect(tag.memory.equals(before)).toBe(true);
  });

  it('a chip too small is refused with CAPACITY before anything is written', async () => {
    const tag = new VirtualNtag({ model: 'NTAG212' });
    const session = directSession(tag);
    expect((await session.identify()).capacity).toBe(128);
    await expect(session.writeNdef(payload(143))).rejects.toMatchObject({ code: 'CAPACITY' });
    expect(tag.writes).toBe(0);
  });

  it('a card taken away mid-write says how far it got', async () => {
    const tag = new VirtualNtag({ dropAfterWrites: 7 });
    const transport = directTransport(tag);
    const session = new NtagSession(transport, tag.uid, 'direct');
    const error = await session.writeNdef(payload(143)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CARD_REMOVED', details: { pagesWritten: 7, page: 11 } });
  });

  it('the virtual chip answers as the datasheet says: PWD and PACK read as zeroes, READ rolls over, READ_SIG gives 32 bytes', () => {
    const tag = new VirtualNtag();
    tag.protectWith(Buffer.from('11223344', 'hex'), Buffer.from('5566', 'hex'), 0xff);
    expect(tag.command(Buffer.from([0x30, 0x2b])).subarray(0, 8)).toEqual(Buffer.alloc(8));
    expect(tag.command(Buffer.from([0x30, 0x2c])).subarray(4, 16)).toEqual(tag.memory.subarray(0, 12));
    expect(tag.command(Buffer.from([0x3c, 0x00]))).toHaveLength(32);
    expect(tag.command(Buffer.from([0x30, 0x2d]))).toEqual(Buffer.from([0x00])); // beyond the last page: NAK
  });

  it('the virtual chip stays open after PWD_AUTH until HLTA or a reset, as a powered NTAG does (datasheet 8.4.5)', () => {
    const tag = new VirtualNtag();
    const pwd = Buffer.from('11223344', 'hex');
    tag.protectWith(pwd, Buffer.from('5566', 'hex'));
    const auth = Buffer.concat([Buffer.from([0x1b]), pwd]);
    const writePage4 = () => tag.command(Buffer.from([0xa2, 0x04, 1, 2, 3, 4]));
    expect(tag.command(auth)).toEqual(Buffer.from('5566', 'hex'));
    expect(writePage4()).toEqual(Buffer.from([0x0a]));
    expect(writePage4()).toEqual(Buffer.from([0x0a])); // still open: nothing ends it by itself
    expect(tag.command(Buffer.from([0x50, 0x00]))).toHaveLength(0); // HLTA: no answer
    expect(writePage4()).toHaveLength(0); // halted: silent until woken
    tag.reset();
    expect(writePage4()).toEqual(Buffer.from([0x00])); // woken, but no longer authenticated: NAK
    tag.reset();
    expect(tag.command(auth)).toEqual(Buffer.from('5566', 'hex'));
    tag.reset(); // power off and on
    expect(tag.authenticated).toBe(false);
    expect(writePage4()).toEqual(Buffer.from([0x00]));
  });
});
