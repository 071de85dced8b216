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

/** Lower case, full-width folded, no spaces or punctuation: how a key and a query compare. */
export function searchKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(NOT_KEY, '');
}

/** Latin letters without accents: "José Müller" is found by "josemuller". */
export function latinKey(text: string): string {
  return searchKey(text.normalize('NFKD').replace(MARKS, ''));
}

// Names repeat a lot (王伟, 张伟 ...); pinyin is the costliest step of an import.
const pinyinCache = new Map<string, [string, string]>();

export function pinyinOf(name: string): [full: string, initials: string] {
  const cached = pinyinCache.get(name);
  if (cached) return cached;
  let result: [string, string] = ['', ''];
  if (HAN.test(name)) {
    const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'removed', v: true })
      .map((syllable) => latinKey(syllable))
      .filter((syllable) => syllable.length > 0);
    result = [syllables.join(''), syllables.map((syllable) => syllable[0]).join('')];
  }
  if (pinyinCache.size > 200_000) pinyinCache.clear();
  pinyinCache.set(name, result);
  return result;
}

export function searchKeysOf(name: string, latinName: string, organisation: string): SearchKeys {
  const [full, initials] = pinyinOf(name);
  const words = new Set<string>();
  // Names with a middle dot (阿卜杜拉·买买提) and Latin names: each later part is a start too.
  const nameParts = name.split(/[\s·•・.\-‧]+/u).filter(Boolean);
  for (const part of nameParts.slice(1)) addWord(words, searchKey(part));
  for (const part of latinName.split(/[\s,-]+/u).slice(1)) addWord(words, latinKey(part));
  for (const part of organisation.split(/[\s,\-/&]+/u).slice(1)) addWord(words, searchKey(part));
  const nameKey = searchKey(name);
  return {
    nameKey,
    pinyin: full,
    initials,
    latinKey: latinKey(latinName || (HAN.test(name) ? '' : name)),
    orgKey: searchKey(organisation),
    words: [...words].filter((word) => word !== nameKey),
  };
}

function addWord(words: Set<string>, word: string): void {
  if (word.length >= 2) words.add(word);
}
