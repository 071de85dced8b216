/**
 * Demo cards: one per badge type, with the names the renderer must get right (long
 * Latin, Chinese, Vietnamese, Uyghur in Chinese script) and a synthetic portrait each,
 * for the `render --demo` command, the tests and the benchmark.
 */
import type { Catalog } from '../catalog/index.ts';
import { type CardData, eventOnCard } from './card.ts';

export const DEMO_HOLDERS = [
  {
    id: 'H-0000001',
    name: 'Maximilian Alexander von Hohenzollern-Sigmaringen',
    latin_name: 'Maximilian Alexander von Hohenzollern-Sigmaringen',
    organisation: 'Hohenzollern Maschinenbau und Präzisionstechnik GmbH & Co. KG',
    country: 'Germany 德国',
  },
  {
    id: 'H-0000002',
    name: '欧阳娜娜',
    latin_name: 'OUYANG NANA',
    organisation: '上海国际会展中心有限公司',
    country: 'China 中国',
  },
  {
    id: 'H-0000003',
    name: 'Nguyễn Thị Minh Khai',
    latin_name: 'NGUYEN THI MINH KHAI',
    organisation: 'Vietnam Television (VTV)',
    country: 'Viet Nam 越南',
  },
  {
    id: 'H-0000004',
    name: '阿卜杜拉·买买提',
    latin_name: 'ABDULLA MEMET',
    organisation: '新疆丝路物流集团',
    country: 'China 中国',
  },
  {
    id: 'H-0000005',
    name: 'Li Wei 李伟',
    latin_name: 'LI WEI',
    organisation: 'Expo Operations Centre 展会运营中心',
    country: 'China 中国',
  },
  {
    id: 'H-0000006',
    name: 'Ana María Rodríguez',
    latin_name: 'ANA MARIA RODRIGUEZ',
    organisation: 'Seguridad Integral S.A.',
    country: 'Chile 智利',
  },
];

const HUES = ['#8D5524', '#C68642', '#E0AC69', '#F1C27D', '#FFDBAC', '#A1665E'];

/** A plain head-and-shoulders portrait as a JPEG, distinct per number. */
export async function demoPortrait(n: number, width = 240, height = 312): Promise<Buffer> {
  const skin = HUES[n % HUES.length] as string;
  const backdrop = `hsl(${(n * 47) % 360} 35% 82%)`;
  const shirt = `hsl(${(n * 97) % 360} 45% 35%)`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 240 312">
    <rect width="240" height="312" fill="${backdrop}"/>
    <path d="M20 312 C24 236 70 214 120 214 C170 214 216 236 220 312 Z" fill="${shirt}"/>
    <rect x="102" y="180" width="36" height="44" rx="14" fill="${skin}"/>
    <ellipse cx="120" cy="128" rx="50" ry="62" fill="${skin}"/>
    <path d="M68 120 C64 62 176 50 172 120 C164 86 80 84 68 120 Z" fill="hsl(${(n * 31) % 60} 30% ${12 + (n % 5) * 6}%)"/>
  </svg>`;
  // sharp is loaded here, not at import: printing never needs it.
  const { default: sharp } = await import('sharp');
  return sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer();
}

/** Six cards, one per type of the catalogue, in its order, printing the demo event's `validity` as its dates. */
export async function demoCards(
  catalog: Catalog,
  validity: { notBefore: number; expires: number },
  payloadFor: (i: number) => string = () => '',
): Promise<CardData[]> {
  const event = eventOnCard(validity);
  return Promise.all(
    catalog.types.map(async (type, i) => {
      const holder = DEMO_HOLDERS[i % DEMO_HOLDERS.length] as (typeof DEMO_HOLDERS)[number];
      return {
        kind: 'badge' as const,
        holder,
        type,
        zones: catalog.zones.filter((zone) => type.default_zones.includes(zone.code)),
        allZones: catalog.zones,
        serial: `${type.letter}-007-${String(12345 + i).padStart(7, '0')}-1`,
        payload: payloadFor(i),
        photo: { bytes: await demoPortrait(i) },
        event,
      };
    }),
  );
}
