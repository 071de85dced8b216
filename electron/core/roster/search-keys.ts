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

/** A bounded memo: rosters repeat names, organisations and types, and each key costs microseconds. */
function memo<T>(compute: (text: string) => T, limit = 200_000): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let value = cache.get(text);
    if (value === undefined) {
      value = compute(text);
      if (cache.size >= limit) cache.clear();
      cache.set(text, value);
    }
    return value;
  };
}

/** Pinyin in full and initials; the costliest step of an import, hence memoised. */
export const pinyinOf = memo((name: string): [full: string, initials: string] => {
  if (!HAN.test(name)) return ['', ''];
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'removed', v: true })
    .map((syllable) => latinKey(syllable))
    .filter((syllable) => syllable.length > 0);
  return [syllables.join(''), syllables.map((syllable) => syllable[0]).join('')];
});

const nameKeys = memo((name: string) => {
  const [full, initials] = pinyinOf(name);
  const nameKey = searchKey(name);
  // Names with a middle dot (阿卜杜拉·买买提): each later part is a start too.
  const words = laterWords(name.split(/[\s·•・.\-‧]+/u), searchKey).filter((word) => word !== nameKey);
  return { nameKey, pinyin: full, initials, words, latinKey: HAN.test(name) ? '' : latinKey(name) };
});

const latinKeys = memo((latin: string) => ({ latinKey: latinKey(latin), words: laterWords(latin.split(/[\s,-]+/u), latinKey) }));

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

export function searchKeysOf(name: string, latinName: string, organisation: string): SearchKeys {
  const byName = nameKeys(name);
  const byLatin = latinName ? latinKeys(latinName) : null;
  const byOrg = orgKeys(organisation);
  const words = [...byName.words, ...(byLatin?.words ?? []), ...byOrg.words];
  return {
    nameKey: byName.nameKey,
    pinyin: byName.pinyin,
    initials: byName.initials,
    latinKey: byLatin ? byLatin.latinKey : byName.latinKey,
    orgKey: byOrg.orgKey,
    words: words.length > 1 ? [...new Set(words)] : words,
  };
}
