/**
 * NFC Forum Type 2 chips (NTAG213/215/216) and the ChipEncoder every encoder backend offers.
 *
 * ntag.ts is the datasheet's memory map and commands; ntag-session.ts the device-agnostic
 * rules over a backend's `TagTransport` (read 4 pages, write 1 page, a native command);
 * encoder.ts the interface every backend offers (PC/SC in native/pcsc, the demo encoder
 * here, HID later), each call with a timeout and an AbortSignal, each failure a ChipError
 * with a code and the card's state (errors.ts). Secrets come in as bytes; nothing here
 * imports the core.
 *
 * Decisions:
 * - Password (password.ts): PWD and PACK from HMAC-SHA-256(event secret, "chip-pwd" || UID);
 *   AUTH0 = 4 with ACCESS.PROT = 0, so writes need the password and reads stay open for
 *   gates. PWD_AUTH's PACK is checked, so a chip that accepts any password is refused too.
 *   Lock bits (static and dynamic) are never written and CFGLCK is never set: a voided or
 *   training card can always be wiped and used again.
 * - No password, no write: a protected chip is written only after our PWD_AUTH; a wrong
 *   password NAKs, the chip falls silent until presented again (as the datasheet says), and
 *   the card is refused unchanged (PROTECTED).
 * - Write order: pages in order from 4, protection last and only after the read-back
 *   verified; a torn card is unprotected, so presenting it again simply rewrites it.
 * - READ_SIG (NXP's originality signature) is read and shown, not checked: that needs
 *   NXP's public key.
 *
 * virtual-ntag.ts is the chip written from the datasheet, independent of this driver (see
 * its header); test/support/virtual-ntag.ts plugs it into vpcd for the PC/SC tests.
 */
export { DemoEncoder, type DemoEncoderOptions, demoChipSession, demoChipUid } from './demo-encoder.ts';
export type { CallOptions, ChipEncoder, ChipIdentity, ChipSession, EncoderInfo, TagTransport } from './encoder.ts';
export { ChipError, type ChipErrorCode, isChipError } from './errors.ts';
export {
  ACCESS_PROT,
  AUTH0_OFF,
  capabilityContainer,
  NTAG_ACK,
  NTAG_COMMAND,
  NTAG_SPECS,
  type NtagModel,
  type NtagSpec,
  ndefPages,
  ndefTlvLength,
  specFromCc,
  specFromVersion,
  uidFromPages,
} from './ntag.ts';
export { isNak, NtagSession } from './ntag-session.ts';
export { type ChipPassword, chipPassword } from './password.ts';
export { VirtualNtag, type VirtualNtagModel, type VirtualNtagOptions } from './virtual-ntag.ts';
