/**
 * PC/SC part 3 storage-card APDUs (what every contactless PC/SC reader understands for
 * memory cards) and the ACR122U-style direct transmit that carries native NTAG commands.
 */
export const GET_UID = Buffer.from([0xff, 0xca, 0x00, 0x00, 0x00]);

/** ACR122U "get firmware version": the answer is the version in ASCII, e.g. ACR122U215. */
export const GET_FIRMWARE = Buffer.from([0xff, 0x00, 0x48, 0x00, 0x00]);

/** READ BINARY of 16 bytes (4 pages) from `page`. */
export function readBinary(page: number): Buffer {
  return Buffer.from([0xff, 0xb0, page >> 8, page & 0xff, 0x10]);
}

/** UPDATE BINARY of one 4-byte page. */
export function updateBinary(page: number, data: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd6, page >> 8, page & 0xff, 0x04]), data]);
}

/** PN533 InCommunicateThru inside the ACR122U "direct transmit" pseudo-APDU. */
export function passThrough(frame: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0x00, 0x00, 0x00, frame.length + 2, 0xd4, 0x42]), frame]);
}

export interface Response {
  data: Buffer;
  sw: number;
}

export function splitResponse(response: Buffer): Response {
  if (response.length < 2) return { data: Buffer.alloc(0), sw: 0 };
  return { data: response.subarray(0, -2), sw: response.readUInt16BE(response.length - 2) };
}

export const SW_OK = 0x9000;

/**
 * The chip's answer inside a pass-through response (D5 43 status data). A status other
 * than 0 means the chip did not answer (a NAK or silence), returned as an empty answer.
 */
export function passThroughAnswer(data: Buffer): Buffer | undefined {
  if (data.length < 3 || data[0] !== 0xd5 || data[1] !== 0x43) return undefined;
  if (data[2] !== 0x00) return Buffer.alloc(0);
  return Buffer.from(data.subarray(3));
}
