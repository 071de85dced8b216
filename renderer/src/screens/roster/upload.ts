/**
 * A file from the page to the core, in pieces a message can carry (the contract's
 * IMPORT_CHUNK_BYTES, base64), one after the other: the socket's 1 MB limit holds, and the
 * core writes each piece before the next arrives.
 */
import type { DeskClient } from '../../rpc/client.ts';

/** A piece as base64, by the browser's own encoder (FileReader), not a loop over bytes. */
function base64(piece: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(piece);
  });
}

/** Sends `file`, telling `onSent` the bytes sent so far; gives back its upload id. */
export async function sendFile(
  client: DeskClient,
  file: File,
  kind: 'roster' | 'photos',
  onSent: (bytes: number) => void,
): Promise<string> {
  const { upload, chunkBytes } = await client.call('roster.importBegin', { fileName: file.name, bytes: file.size, kind });
  try {
    for (let index = 0; index * chunkBytes < file.size; index += 1) {
      const data = await base64(file.slice(index * chunkBytes, (index + 1) * chunkBytes));
      const { received } = await client.call('roster.importChunk', { upload, index, data });
      onSent(received);
    }
  } catch (error) {
    // Its pieces are no use to anyone now; the core would drop them in an hour anyway.
    void client.call('roster.importCancel', { upload }).catch(() => {});
    throw error;
  }
  return upload;
}

/** The file's problems as the CLI's --problems file has them: the same columns, UTF-8 with a BOM for Excel. */
export function problemsCsv(problems: readonly { row: number; column: string; header: string; value: string; reason: string }[]) {
  const cell = (value: string | number) => {
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = problems.map((p) => [p.row, p.column, p.header, p.value, p.reason].map(cell).join(','));
  return `\uFEFFrow,column,header,value,reason\r\n${lines.map((line) => `${line}\r\n`).join('')}`;
}
