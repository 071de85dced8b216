/**
 * Group `chip`: encoding an NTAG213 through a real pcscd (vpcd's virtual reader, the
 * test suite's virtual NTAG) with the latency fix: sign with the UID, write, read back,
 * verify, protect, ledger. (Without the fix, the 40 ms trap makes it about 2.4 s a card:
 * measured by hand; a bench run that connects the card the slow way can stall, so it is not
 * part of the group.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeChip } from '../../electron/core/chips/index.ts';
import { PcscEncoder } from '../../native/pcsc/index.ts';
import { chipStation } from '../support/chip-station.ts';
import { startPcscd } from '../support/pcscd.ts';
import { plugIntoVpcd, VirtualNtag } from '../support/virtual-ntag.ts';
import { note, report } from './report.ts';

const CARDS = 30;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export async function chipBench(): Promise<void> {
  const pcscd = await startPcscd();
  const made: string[] = [];
  const setup = await chipStation(CARDS, () => {
    const dir = mkdtempSync(join(tmpdir(), 'badge-station-bench-'));
    made.push(dir);
    return dir;
  });
  const encoder = new PcscEncoder();
  const encodeOne = async (serial: string) => {
    const card = await plugIntoVpcd(new VirtualNtag({ model: 'NTAG213' }), { port: pcscd.port, host: pcscd.cardHost });
    const session = await encoder.waitForCard({ timeoutMs: 10_000 });
    const outcome = await encodeChip(setup.context, session, serial);
    await session.release();
    await card.remove();
    await encoder.waitForRemoval({ timeoutMs: 10_000 });
    if (!outcome.ok) throw new Error(`bench card rejected: ${outcome.code} ${outcome.message}`);
    return outcome;
  };
  try {
    if (!pcscd.quickAck) note('chip: the quick-ACK route could not be set (not root?): numbers include the 40 ms trap');
    const fixed = [];
    for (const serial of setup.serials.slice(0, CARDS)) fixed.push(await encodeOne(serial));
    note(`chip: ${CARDS} NTAG213 cards, ${fixed[0]?.bytes} bytes of NDEF each`);
    report({ name: 'chip_encode_verify_ms', value: median(fixed.map((o) => o.ms)), unit: 'ms' });
    report({ name: 'chip_commands_per_card', value: median(fixed.map((o) => o.commands)), unit: 'commands' });
  } finally {
    await encoder.close();
    setup.station.close();
    await pcscd.stop();
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  }
}
