/**
 * IPP/2.0 messages (RFC 8010 §3) in and out of bytes: just what a card-printing client
 * needs, with collections decoded so `media-col` and `marker-*` come through whole.
 *
 * Written here rather than taken from npm: the IPP packages there are unmaintained,
 * print to the console, or cap a request's attributes at a fixed buffer.
 */

export const GROUP = { operation: 0x01, job: 0x02, end: 0x03, printer: 0x04, unsupported: 0x05 } as const;

export const VALUE = {
  unsupported: 0x10,
  unknown: 0x12,
  noValue: 0x13,
  integer: 0x21,
  boolean: 0x22,
  enum: 0x23,
  octetString: 0x30,
  dateTime: 0x31,
  resolution: 0x32,
  rangeOfInteger: 0x33,
  begCollection: 0x34,
  textWithLanguage: 0x35,
  nameWithLanguage: 0x36,
  endCollection: 0x37,
  text: 0x41,
  name: 0x42,
  keyword: 0x44,
  uri: 0x45,
  uriScheme: 0x46,
  charset: 0x47,
  naturalLanguage: 0x48,
  mimeMediaType: 0x49,
  memberAttrName: 0x4a,
} as const;

export type IppValue = string | number | boolean | IppCollection | { lower: number; upper: number } | null;
export interface IppCollection {
  [member: string]: IppValue | IppValue[];
}

/** One attribute to send: its value tag and one or more values. */
export interface IppAttribute {
  tag: number;
  values: readonly (string | number | boolean)[];
}

export interface IppRequest {
  operation: number;
  requestId: number;
  groups: { tag: number; attributes: Record<string, IppAttribute> }[];
  data?: Uint8Array;
}

export interface IppResponse {
  version: string;
  statusCode: number;
  requestId: number;
  /** Attributes by group: `operation`, `job` (possibly several), `printer` (possibly several). */
  groups: { tag: number; attributes: Record<string, IppValue[]> }[];
  /** What follows the attributes (CUPS-Get-PPD sends the PPD file here). */
  data: Buffer;
}

const INTEGER_TAGS = new Set<number>([VALUE.integer, VALUE.enum]);

export function encodeRequest(request: IppRequest): Buffer {
  const parts: Buffer[] = [u16(0x0200), u16(request.operation), u32(request.requestId)];
  for (const group of request.groups) {
    parts.push(Buffer.from([group.tag]));
    for (const [name, attribute] of Object.entries(group.attributes)) {
      attribute.values.forEach((value, index) => {
        parts.push(Buffer.from([attribute.tag]), text16(index === 0 ? name : ''), encodeValue(attribute.tag, value));
      });
    }
  }
  parts.push(Buffer.from([GROUP.end]));
  if (request.data) parts.push(Buffer.from(request.data));
  return Buffer.concat(parts);
}

function encodeValue(tag: number, value: string | number | boolean): Buffer {
  if (INTEGER_TAGS.has(tag)) return Buffer.concat([u16(4), u32(Number(value))]);
  if (tag === VALUE.boolean) return Buffer.concat([u16(1), Buffer.from([value ? 1 : 0])]);
  return text16(String(value));
}

export function decodeResponse(bytes: Uint8Array): IppResponse {
  const buffer = Buffer.from(bytes);
  if (buffer.length < 9) throw new Error(`an IPP response of ${buffer.length} bytes is too short`);
  const response: IppResponse = {
    version: `${buffer[0]}.${buffer[1]}`,
    statusCode: buffer.readUInt16BE(2),
    requestId: buffer.readUInt32BE(4),
    groups: [],
    data: Buffer.alloc(0),
  };
  let offset = 8;
  let current: Record<string, IppValue[]> | undefined;
  let lastName = '';
  // Collections nest: a stack of [collection, member name being filled].
  const stack: { collection: IppCollection; member: string }[] = [];
  while (offset < buffer.length) {
    const tag = buffer[offset] as number;
    offset += 1;
    if (tag === GROUP.end) {
      response.data = buffer.subarray(offset);
      break;
    }
    if (tag < 0x10) {
      current = {};
      response.groups.push({ tag, attributes: current });
      continue;
    }
    const nameLength = buffer.readUInt16BE(offset);
    const name = buffer.toString('utf8', offset + 2, offset + 2 + nameLength);
    offset += 2 + nameLength;
    const valueLength = buffer.readUInt16BE(offset);
    const raw = buffer.subarray(offset + 2, offset + 2 + valueLength);
    offset += 2 + valueLength;
    if (offset > buffer.length) throw new Error('an IPP attribute runs past the end of the response');
    if (!current) throw new Error('an IPP attribute comes before any group');

    const top = stack.at(-1);
    if (tag === VALUE.memberAttrName && top) {
      top.member = raw.toString('utf8');
      continue;
    }
    if (tag === VALUE.endCollection) {
      stack.pop();
      continue;
    }
    const value: IppValue = tag === VALUE.begCollection ? {} : decodeValue(tag, raw);
    if (top) {
      addValue(top.collection, top.member, value);
    } else {
      if (name) lastName = name;
      const list = current[lastName] ?? [];
      list.push(value);
      current[lastName] = list;
    }
    if (tag === VALUE.begCollection) stack.push({ collection: value as IppCollection, member: '' });
  }
  return response;
}

function addValue(collection: IppCollection, member: string, value: IppValue): void {
  const existing = collection[member];
  if (existing === undefined) collection[member] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else collection[member] = [existing, value];
}

function decodeValue(tag: number, raw: Buffer): IppValue {
  if (INTEGER_TAGS.has(tag) && raw.length === 4) return raw.readInt32BE(0);
  if (tag === VALUE.boolean) return raw[0] === 1;
  if (tag === VALUE.rangeOfInteger && raw.length === 8) return { lower: raw.readInt32BE(0), upper: raw.readInt32BE(4) };
  if (tag === VALUE.noValue || tag === VALUE.unknown || tag === VALUE.unsupported) return null;
  if (tag === VALUE.textWithLanguage || tag === VALUE.nameWithLanguage) {
    const languageLength = raw.readUInt16BE(0);
    const textLength = raw.readUInt16BE(2 + languageLength);
    return raw.toString('utf8', 4 + languageLength, 4 + languageLength + textLength);
  }
  if (tag === VALUE.dateTime || tag === VALUE.resolution || tag === VALUE.octetString) return raw.toString('hex');
  return raw.toString('utf8');
}

function u16(value: number): Buffer {
  const buffer = Buffer.allocUnsafe(2);
  buffer.writeUInt16BE(value, 0);
  return buffer;
}

function u32(value: number): Buffer {
  const buffer = Buffer.allocUnsafe(4);
  buffer.writeInt32BE(value, 0);
  return buffer;
}

function text16(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  return Buffer.concat([u16(bytes.length), bytes]);
}
