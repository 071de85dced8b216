/** Asking at a terminal: a line as typed, or a secret that is not echoed (on stderr, so stdout stays the answer). */
import { createInterface } from 'node:readline/promises';

export async function askLine(question: string): Promise<string> {
  const lines = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await lines.question(question);
  } finally {
    lines.close();
  }
}

/** Reads keys in raw mode until Enter; Backspace takes one back, Ctrl-C gives up. */
export function askHidden(question: string): Promise<string> {
  process.stderr.write(question);
  const input = process.stdin;
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const key of chunk) {
        if (key === '\r' || key === '\n') return done();
        if (key === '\u0003') return done(new Error('cancelled'));
        if (key === '\u007f' || key === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += key;
      }
    };
    input.on('data', onData);
  });
}
