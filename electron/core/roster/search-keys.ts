/**
 * The normalised forms a holder is found by: name, pinyin in full and initials, Latin
 * name, organisation, and the later words of multi-word names.
 *
 * Pinyin comes from pinyin-pro in surname mode, so 单, 曾, 解 and 欧阳 read as surnames
 * (Shan, Zeng, Xie, Ouyang) rather than as the common words they also spell.
 */
import { pinyin } from 'pinyin-pro';

export interface SearchKeys {
  nameKey: string;
  pinyin: string;
  initials: string;
  latinKey: string;
  orgKey: string;
  /** Further word starts, each a key of its own ("smith" for "John Smith"). */
  words: string[];
}

const HAN = /\p{Script=Han}/u;
const NOT_KEY = /[\s\p{P}\p{S}\p{Cc}]+/gu;
const MARKS = /\p{M}+/gu;

/** In ASCII every character but a letter or a digit is a space, a punctuation mark, a symbol or a control. */
const NOT_ASCII_KEY = /[^a-z0-9]+/g;

/** Lower case, full-width folded, no spaces or punctuation: how a key and a query compare. */
export function searchKey(text: string): string {
  // Half the names on a roster are ASCII, which normalising leaves as it is.
  if (isAscii(text)) return text.toLowerCase().replace(NOT_ASCII_KEY, '');
  return text.normalize('NFKC').toLowerCase().replace(NOT_KEY, '');
}

/** Latin letters without accents: "José Müller" is found by "josemuller". */
export function latinKey(text: string): string {
  if (isAscii(text)) return text.toLowerCase().replace(NOT_ASCII_KEY, '');
  return searchKey(text.normalize('NFKD').replace(MARKS, ''));
}

function isAscii(text: string): boolean {
  for (let at = 0; at < text.length; at += 1) if (text.charCodeAt(at) > 0x7f) return false;
  return true;
}

/** A bounded memo: rosters repeat names, organisations and types, and each key costs microseconds. */
function memo<T>(compute: (text: string) => T, limit = 200_000): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let value = cache.get(text);
    if (value === undefined) {
      const key = detached(text);
      value = compute(key);
      if (cache.size >= limit) cache.clear();
      cache.set(key, value);
    }
    return value;
  };
}

/**
 * A copy of `text` that holds on to nothing else. A cell is a slice of the megabyte of
 * file text it was read from, and so is a key that equals it; kept in a memo, each would
 * keep its whole chunk alive (90 MB of the reader's heap after a 500,000-row file).
 */
export function detached(text: string): string {
  return ` ${text}`.slice(1);
}

/**
 * The one reading of a character, or null when the library knows several (context, such
 * as a surname, decides) or none. Filled from the library as characters first appear: a
 * roster has a few thousand distinct characters, and asking the library about a name is
 * a hundred times dearer than looking its characters up.
 */
const readings = new Map<string, string | null>();

function readingOf(character: string): string | null {
  let reading = readings.get(character);
  if (reading === undefined) {
    const all = pinyin(character, { toneType: 'none', type: 'array', multiple: true, v: true });
    reading = all.length === 1 && all[0] !== character ? latinKey(all[0] as string) : null;
    readings.set(character, reading);
  }
  return reading;
}

/** The library on the whole name, in surname mode: for names with a character of several readings. */
const pinyinOfWholeName = memo((name: string): [full: string, initials: string] => {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'removed', v: true })
    .map((syllable) => latinKey(syllable))
    .filter((syllable) => syllable.length > 0);
  return [syllables.join(''), syllables.map((syllable) => syllable[0]).join('')];
});

/**
 * Pinyin in full and initials. A name whose characters each have one reading is read
 * character by character (the library could not read it otherwise); any character with
 * several readings (单, 曾, 解 as surnames, 长 and 乐 by context) hands the whole name to
 * the library, which knows surnames and words.
 */
export function pinyinOf(name: string): [full: string, initials: string] {
  if (!HAN.test(name)) return ['', ''];
  return pinyinByCharacter(name) ?? pinyinOfWholeName(name);
}

/** Pinyin read character by character, or null when a character has several readings. */
function pinyinByCharacter(name: string): [full: string, initials: string] | null {
  let full = '';
  let initials = '';
  for (const character of name) {
    if (!HAN.test(character)) continue;
    const reading = readingOf(character);
    if (reading === null) return null;
    if (reading.length === 0) continue;
    full += reading;
    initials += reading[0];
  }
  return [full, initials];
}

const nameKeys = memo((name: string) => {
  const [full, initials] = pinyinOf(name);
  const nameKey = searchKey(name);
  // Names with a middle dot (阿卜杜拉·买买提): each later part is a start too.
  const words = laterWords(name.split(/[\s·•・.\-‧]+/u), searchKey).filter((word) => word !== nameKey);
  return { nameKey, pinyin: full, initials, words, latinKey: HAN.test(name) ? '' : latinKey(name) };
});

const latinKeys = (latin: string) => ({ latinKey: latinKey(latin), words: laterWords(latin.split(/[\s,-]+/u), latinKey) });

const orgKeys = memo((organisation: string) => ({
  orgKey: searchKey(organisation),
  words: laterWords(organisation.split(/[\s,\-/&]+/u), searchKey),
}));

function laterWords(parts: string[], key: (text: string) => string): string[] {
  const words: string[] = [];
  for (const part of parts.slice(1)) {
    const word = key(part);
    if (word.length >= 2 && !words.includes(word)) words.push(word);
  }
  return words;
}

/** A name in CJK ideographs only, as most Chinese names are: its own key, one word, no Latin key. */
const PLAIN_HAN = /^[\u4e00-\u9fff]+$/;
const NO_WORDS: string[] = [];

export function searchKeysOf(name: string, latinName: string, organisation: string): SearchKeys {
  let byName: { nameKey: string; pinyin: string; initials: string; words: string[]; latinKey: string };
  if (PLAIN_HAN.test(name)) {
    const [full, initials] = pinyinOf(name);
    byName = { nameKey: name, pinyin: full, initials, words: NO_WORDS, latinKey: '' };
  } else byName = nameKeys(name);
  const byLatin = latinName ? latinKeys(latinName) : null;
  // An organisation in ideographs only (most Chinese ones) is its own key, with no later
  // words: testing that costs a tenth of looking the organisation up in orgKeys' memo.
  const byOrg = PLAIN_HAN.test(organisation) ? { orgKey: organisation, words: NO_WORDS } : orgKeys(organisation);
  let words = byName.words;
  if (byLatin && byLatin.words.length > 0) words = words.length > 0 ? [...words, ...byLatin.words] : byLatin.words;
  if (byOrg.words.length > 0) words = words.length > 0 ? [...words, ...byOrg.words] : byOrg.words;
  return {
    nameKey: byName.nameKey,
    pinyin: byName.pinyin,
    initials: byName.initials,
    latinKey: byLatin ? byLatin.latinKey : byName.latinKey,
    orgKey: byOrg.orgKey,
    words: words.length > 1 ? [...new Set(words)] : words,
  };
}
