import { describe, expect, it } from 'vitest';
import {
  badgeFonts,
  type CardData,
  calibrationCard,
  calibrationFor,
  cardPdf,
  layoutCard,
  layoutFor,
  loadLayouts,
  nonBadgeSerial,
  PdfCards,
  saveCalibration,
} from '../../electron/core/render/index.ts';
import { card, pdfText, signedPayload } from '../support/render.ts';
import { tempDir } from '../support/station.ts';

const layouts = loadLayouts();
const render = (data: CardData) => layoutCard(layoutFor(layouts, data), data);
const NAMES = ['Maximilian Alexander von Hohenzollern-Sigmaringen', '欧阳娜娜', 'Nguyễn Thị Minh Khai', '阿卜杜拉·买买提'];

describe('names on badges', () => {
  it('the four hard names fit their box without being cut, and pdftotext gives them back exactly', async () => {
    for (const name of NAMES) {
      const rendered = render(await card({ name }));
      expect(rendered.warnings.filter((w) => w.code === 'TEXT_TRUNCATED' || w.code === 'GLYPH_MISSING')).toEqual([]);
      const item = rendered.front.items.find((i) => i.element === 'name');
      expect(item?.kind).toBe('text');
      if (item?.kind !== 'text') return;
      // Broken only at a space, so the lines joined by one space are the name.
      expect(item.lines.map((l) => l.text).join(' ')).toBe(name);
      const text = pdfText(await cardPdf(rendered));
      for (const line of item.lines) expect(text).toContain(line.text);
    }
  });

  it('a name in decomposed Unicode is printed composed (NFC)', async () => {
    const rendered = render(await card({ name: 'Nguye\u0302\u0303n Thi\u0323 Minh Khai' }));
    const item = rendered.front.items.find((i) => i.element === 'name');
    expect(item?.kind === 'text' && item.lines[0]?.text).toBe('Nguyễn Thị Minh Khai'.normalize('NFC'));
    expect(pdfText(await cardPdf(rendered))).toContain('Nguyễn Thị Minh Khai');
  });

  it('a right-to-left name the font cannot shape is replaced by the passport name, with a warning', async () => {
    const data = await card({ name: 'عبد الله محمد' });
    const rendered = render({ ...data, holder: { ...data.holder, latin_name: 'ABDULLAH MOHAMMED' } });
    expect(rendered.warnings.map((w) => w.code)).toContain('NAME_RTL_REPLACED');
    expect(pdfText(await cardPdf(rendered))).toContain('ABDULLAH MOHAMMED');
  });

  it('a name too long for any size is cut with "…" and says so', async () => {
    const rendered = render(await card({ name: 'Wolfeschlegelsteinhausenbergerdorff '.repeat(6) }));
    expect(rendered.warnings.find((w) => w.code === 'TEXT_TRUNCATED')?.message).toMatch(/front element "name": .* was cut/);
  });
});

describe('conditions, calibration and cards that are not badges', () => {
  it('the VIP tag shows only when the VL zone is granted', async () => {
    const guest = render(await card({ typeCode: 'guest' }));
    const visitor = render(await card({ typeCode: 'visitor' }));
    expect(guest.front.items.some((i) => i.element === 'vip-tag')).toBe(true);
    expect(visitor.front.items.some((i) => i.element === 'vip-tag')).toBe(false);
  });

  it('a printer calibration is stored, applied at print time only, and shown on the calibration card', async () => {
    const dir = tempDir('calibration-');
    saveCalibration(dir, 'card-printer-1', { offsetX: 0.8, offsetY: -0.4, rotate180: true });
    const calibration = calibrationFor(dir, 'card-printer-1');
    expect(calibration).toMatchObject({ offsetX: 0.8, offsetY: -0.4, rotate180: true, scaleX: 1 });
    expect(() => saveCalibration(dir, 'card-printer-1', { offsetX: 9 })).toThrow(/offsetX must be within ±5 mm/);
    const rendered = render(await card());
    const before = JSON.stringify(rendered.front);
    const plain = await cardPdf(rendered);
    const calibrated = await cardPdf(rendered, calibration);
    expect(JSON.stringify(rendered.front)).toBe(before);
    expect(calibrated.equals(plain)).toBe(false);
    const pdf = new PdfCards(badgeFonts());
    pdf.addSide(calibrationCard('card-printer-1', calibration, badgeFonts()));
    const text = pdfText(await pdf.end());
    expect(text).toContain('CALIBRATION');
    expect(text).toContain('x +0.80 mm');
  });

  it('test and training cards are marked, carry no event serial and refuse a real payload', async () => {
    const test = await card({ kind: 'test', serial: nonBadgeSerial('test'), payload: 'TEST-NOT-VALID' });
    const rendered = render(test);
    const mark = rendered.front.items.find((i) => i.kind === 'text' && i.element === 'kind-mark');
    expect(mark?.kind === 'text' && mark.lines[0]?.text).toBe('测试卡 TEST CARD · 无效 NOT VALID');
    expect(rendered.back?.items.some((i) => i.element === 'kind-mark')).toBe(true);
    expect(pdfText(await cardPdf(rendered))).toContain('TEST-NOT-VALID');
    expect(() => render({ ...test, kind: 'training', payload: signedPayload() })).toThrow(
      /training card must carry no event serial and no payload/,
    );
  });
});
