/**
 * USB HID encoders through node-hid's asynchronous API: BALTECH's readers speaking BRP over
 * HID (brp.ts: frames and reports; brp-channel.ts: one command at a time with its deadline;
 * brp-encoder.ts: the `ChipEncoder`, discovery and hot-plug), and the same readers emulated
 * under node-hid's API (brp-emulator.ts) for tests and the demo station. Nothing here
 * imports the core.
 */
export {
  BRP_COMMAND,
  BRP_REPORTS,
  BRP_STATUS,
  BrpFrameError,
  type BrpResponse,
  brpCommandFrame,
  brpCrc16,
  brpReport,
  frameOfReport,
  parseBrpResponse,
} from './brp.ts';
export { BrpChannel, BrpLineError } from './brp-channel.ts';
export { type AnswerDamage, EmulatedBaltechReader, EmulatedHidBus, type EmulatedReaderOptions } from './brp-emulator.ts';
export {
  BALTECH_VENDOR_ID,
  BrpHidEncoder,
  type BrpHidEncoderOptions,
  encoderName,
  type HidEncoderListing,
  type HidPlugEvent,
  listHidEncoders,
  watchHidEncoders,
} from './brp-encoder.ts';
export { type HidApi, type HidDevice, type HidDeviceInfo, nodeHid } from './hid-api.ts';
