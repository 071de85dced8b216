/**
 * The dates a card prints are the dates its payload is valid, taken from the clock the
 * event was dated with: never a constant beside them.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../electron/core/catalog/index.ts';
import { CardFaces } from '../../electron/core/jobs/index.ts';
import {
  demoEventWindow,
  passphraseKey,
  stationClockGuard,
  stationVerifier,
  unlockStation,
} from '../../electron/core/keys/index.ts';
import { cardPdf, demoCards, layoutCard, layoutFor, loadLayouts } from '../../electron/core/render/index.ts';
import { expoClock } from '../support/clock.ts';
import { PIPELINE_PASSPHRASE, pipelineStation } from '../support/pipeline.ts';
import { pdfText } from '../support/render.ts';
import { tempDir } from '../support/station.ts';

const catalog = loadCatalog();
const layouts = loadLayouts();

describe('the event dates on a card', () => {
  it('a demo card prints the days of the demo event its clock gives, across a year end too', async () => {
    const inSpring = await demoCards(catalog, demoEventWindow(expoClock(Date.UTC(2030, 2, 10, 9))));
    expect(inSpring.map((card) => card.event.dates)).toEqual(Array(6).fill('2030-03-09 — 04-09'));

    const [card] = await demoCards(catalog, demoEventWindow(expoClock(Date.UTC(2031, 11, 20, 9))), () => 'DEMO-NOT-VALID');
    if (!card) throw new Error('no demo card');
    expect(card.event.dates).toBe('2031-12-19 — 2032-01-19');
    const text = pdfText(await cardPdf(layoutCard(layoutFor(layouts, card), card)));
    expect(text).toContain('2031-12-19 — 2032-01-19');
  });

  it("a badge made on a station prints the days its payload is valid, on the station's clock", async () => {
    const clock = expoClock(Date.UTC(2032, 5, 1, 9));
    const desk = await pipelineStation(1, [], { folder: tempDir('badge-station-pipeline-'), clock });
    const station = desk.open();
    const keyring = unlockStation(desk.dataDir, passphraseKey(PIPELINE_PASSPHRASE), stationClockGuard(station));
    const faces = new CardFaces(station, catalog, keyring, { threads: 1 });
    try {
      const face = faces.face(desk.serials[0] as string);
      const verdict = stationVerifier(keyring, clock).verify(face.card.payload);
      expect(verdict).toMatchObject({ valid: true, claims: { notBefore: Date.UTC(2032, 4, 31, 9) / 1000 } });
      expect(face.card.event.dates).toBe('2032-05-31 — 07-01');
      expect(pdfText(Buffer.from(await faces.pdf(face)))).toContain('2032-05-31 — 07-01');
    } finally {
      await faces.close();
      station.close();
    }
  });
});
