// PC/SC encoders: the readers inside card printers and desktop NFC readers.
export { GET_FIRMWARE, GET_UID, passThrough, passThroughAnswer, readBinary, updateBinary } from './apdu.ts';
export { listPcscReaders, PcscEncoder, type PcscEncoderOptions } from './pcsc-encoder.ts';
export { type ReaderEvent, watchReaders } from './watch.ts';
