/**
 * How the Backups screen words its times and sizes, through Intl in the page's language.
 * Times are the station's clock (epoch ms), and "5 minutes ago" and "today" are measured
 * against the station's clock too (backup.state's `now`), not the page's: the two need not
 * agree (a page on another computer, or a station on a set clock).
 */
import { useMemo } from 'react';

/** Times of day, as the Sync screen shows them: the time alone for today, with the date for any other day. */
export function useTimeFormat(language: string): (ms: number, now: number) => string {
  return useMemo(() => {
    const clock = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' } as const;
    const timeOnly = new Intl.DateTimeFormat(language, clock);
    const withDate = new Intl.DateTimeFormat(language, { month: 'short', day: 'numeric', ...clock });
    return (ms: number, now: number) => {
      const at = new Date(ms);
      return (at.toDateString() === new Date(now).toDateString() ? timeOnly : withDate).format(at);
    };
  }, [language]);
}

/** "5 minutes ago", "in 2 hours", "this minute": how far `ms` is from now, in the largest unit that says it. */
export function useRelativeFormat(language: string): (ms: number, now: number) => string {
  return useMemo(() => {
    const relative = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
    return (ms: number, now: number) => {
      const minutes = Math.round((ms - now) / 60_000);
      if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute');
      const hours = Math.round(minutes / 60);
      if (Math.abs(hours) < 48) return relative.format(hours, 'hour');
      return relative.format(Math.round(hours / 24), 'day');
    };
  }, [language]);
}

/** A backup's date and time, with seconds (two backups may be minutes apart). */
export function useDateTimeFormat(language: string): (at: Date) => string {
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium', hourCycle: 'h23' });
    return (at: Date) => format.format(at);
  }, [language]);
}

/** Bytes as megabytes ("12.3 MB"). */
export function useMegabytes(language: string): (bytes: number) => string {
  return useMemo(() => {
    const format = new Intl.NumberFormat(language, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });
    return (bytes: number) => format.format(bytes / 1_000_000);
  }, [language]);
}

/** Seconds, to a tenth, from milliseconds. */
export function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}
