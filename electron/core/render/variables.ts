/**
 * Variables in layout strings: `{holder.name}`, `{type.name_zh}`, `{badge.serial}` ...
 *
 * The set is closed, so a misspelt variable is caught when the layout is loaded, not on
 * the thousandth badge of a batch.
 */
import type { CardData } from './card.ts';
import { KIND_MARK } from './card.ts';

const VARIABLE = /\{([a-z_]+\.[a-z_]+)\}/g;

type Getter = (card: CardData) => string;

const GETTERS: Record<string, Getter> = {
  'holder.id': (c) => c.holder.id,
  'holder.name': (c) => c.holder.name,
  'holder.latin_name': (c) => c.holder.latin_name,
  'holder.organisation': (c) => c.holder.organisation,
  'holder.country': (c) => c.holder.country,
  'holder.photo': (c) => (c.photo?.bytes || c.photo?.path ? 'photo' : ''),
  'type.code': (c) => c.type.code,
  'type.name_zh': (c) => c.type.name_zh,
  'type.name_en': (c) => c.type.name_en,
  'type.letter': (c) => c.type.letter,
  'type.colour': (c) => c.type.card_colour,
  'type.shade': (c) => shade(c.type.card_colour, 0.78),
  'lanyard.colour': (c) => c.type.lanyard.colour,
  'lanyard.name_zh': (c) => c.type.lanyard.name_zh,
  'lanyard.name_en': (c) => c.type.lanyard.name_en,
  'badge.serial': (c) => c.serial,
  'badge.payload': (c) => c.payload,
  'badge.zones': (c) => c.zones.map((zone) => zone.code).join(' '),
  'badge.kind': (c) => (c.kind === 'badge' ? '' : KIND_MARK[c.kind]),
  'event.name_zh': (c) => c.event.name_zh,
  'event.name_en': (c) => c.event.name_en,
  'event.dates': (c) => c.event.dates,
};

export const KNOWN_VARIABLES: readonly string[] = Object.keys(GETTERS);

/** Variable names used in a string. */
export function variablesIn(text: string): string[] {
  return [...text.matchAll(VARIABLE)].map((match) => match[1] as string);
}

export function isKnownVariable(name: string): boolean {
  return name in GETTERS;
}

/** The value of one variable; unknown names throw (layouts are checked on load, so this is a bug). */
export function variable(card: CardData, name: string): string {
  const getter = GETTERS[name];
  if (!getter) throw new Error(`unknown variable {${name}}`);
  return getter(card);
}

/** A string with its variables filled in. */
export function fill(text: string, card: CardData): string {
  return text.includes('{') ? text.replace(VARIABLE, (_, name: string) => variable(card, name)) : text;
}

/** A colour darkened towards black by `factor` (1 = unchanged), for accents that stay in the type's hue. */
function shade(hex: string, factor: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  const channel = (shift: number) =>
    Math.round(((value >> shift) & 0xff) * factor)
      .toString(16)
      .padStart(2, '0');
  return `#${channel(16)}${channel(8)}${channel(0)}`.toUpperCase();
}
