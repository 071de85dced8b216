/**
 * Code 128 for printable ASCII, in code sets B and C, choosing them as BWIPP (bwip-js)
 * does: Start C when the text begins with 4 or more digits (or is 2 digits), and in set B a
 * run of 4 or more digits goes to set C (after its first digit when the run is odd). The
 * same bars as bwip-js (`test/unit/render-code128.test.ts` compares them), without loading
 * its 2 MB PostScript engine for a badge's serial: that load was a tenth of the first
 * badge's time. Anything else (control characters, Latin-1) goes to bwip-js.
 */

/** Bar and space widths of symbol values 0-105; the stop symbol is 2331112. */
const PATTERNS = (
  '212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 221312 231212 112232 122132 122231 113222 ' +
  '123122 123221 223211 221132 221231 213212 223112 312131 311222 321122 321221 312212 322112 322211 212123 212321 ' +
  '232121 111323 131123 131321 112313 132113 132311 211313 231113 231311 112133 112331 132131 113123 113321 133121 ' +
  '313121 211331 231131 213113 213311 213131 311123 311321 331121 312113 312311 332111 314111 221411 431111 111224 ' +
  '111422 121124 121421 141122 141221 112214 112412 122114 122411 142112 142211 241211 221114 413111 241112 134111 ' +
  '111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 214121 412121 111143 111341 131141 114113 ' +
  '114311 411113 411311 113141 114131 311141 411131 211412 211214 211232'
).split(' ');
const STOP = '2331112';
const CODE_B = 100;
const CODE_C = 99;
const START_B = 104;
const START_C = 105;

/** Bar and space widths from the start symbol to the stop, or undefined when bwip-js should encode the text. */
export function code128Widths(text: string): number[] | undefined {
  if (!/^[\x20-\x7e]*$/.test(text)) return undefined;
  const digitsAt = (at: number) => /^[0-9]*/.exec(text.slice(at))?.[0].length ?? 0;
  const values: number[] = [];
  let at = 0;
  let inC = (digitsAt(0) >= 4 || /^[0-9]{2}$/.test(text)) && text.length > 0;
  values.push(inC ? START_C : START_B);
  while (at < text.length) {
    if (inC) {
      if (digitsAt(at) >= 2) {
        values.push(Number(text.slice(at, at + 2)));
        at += 2;
        continue;
      }
      values.push(CODE_B);
      inC = false;
    }
    const run = digitsAt(at);
    if (run >= 4) {
      // An odd run leaves its first digit in set B.
      if (run % 2 === 1) {
        values.push(text.charCodeAt(at) - 32);
        at += 1;
      }
      values.push(CODE_C);
      inC = true;
      continue;
    }
    values.push(text.charCodeAt(at) - 32);
    at += 1;
  }
  let check = values[0] as number;
  for (let i = 1; i < values.length; i += 1) check += (values[i] as number) * i;
  values.push(check % 103);
  const widths: number[] = [];
  for (const value of values) for (const width of PATTERNS[value] as string) widths.push(Number(width));
  for (const width of STOP) widths.push(Number(width));
  return widths;
}
