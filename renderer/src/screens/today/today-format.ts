/** How the Today screen words its figures: badge type names, and times of the station's day. */
import type { Result } from '../../../../electron/core/rpc/contract/index.ts';

export type Figures = Result<'today.figures'>;

/** The badge type's name in the page's language. */
export function typeName(type: { nameEn: string; nameZh: string }, language: string): string {
  return language.startsWith('zh') ? type.nameZh : type.nameEn;
}

/** A time of the station's day, in its zone: hours and minutes (and seconds for "updated at"). */
export function clockTime(at: number, timeZone: string, language: string, seconds = false): string {
  return new Intl.DateTimeFormat(language, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  }).format(at);
}
