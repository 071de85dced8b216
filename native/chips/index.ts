// NFC Forum Type 2 chips (NTAG213/215/216) and the ChipEncoder every encoder backend offers.
export { DemoEncoder, type DemoEncoderOptions, demoChipUid } from './demo-encoder.ts';
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
