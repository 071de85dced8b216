/**
 * The roster's table: an ARIA grid that draws only the rows in view (@tanstack/react-virtual),
 * so 500,000 holders scroll as smoothly as 50. Keyboard first: the grid takes focus, arrow
 * keys, Page Up/Down, Home and End move the current row, Enter opens it.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, memo, useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RosterRow } from './use-roster-pages.ts';
import './roster-table.css';

/** A row as the table shows it: a search hit knows neither zones nor a revoked badge. */
export type TableRow = Omit<RosterRow, 'zones' | 'badgeStatus'> & {
  zones?: string[];
  badgeStatus?: RosterRow['badgeStatus'];
};

/**
 * Fixed: every row the same height lets the scrollbar stand for the whole roster without
 * measuring it. 36 px x 500,000 rows is 18 million pixels, inside what Chromium draws
 * (about 33 million). The stylesheet's rows are this tall too.
 */
const ROW_PX = 36;

export interface RosterTableProps {
  /** Kept on the page but not shown (the roster while a search's results are). */
  hidden?: boolean;
  /** Accessible name of the grid. */
  label: string;
  count: number;
  rowAt(index: number): TableRow | undefined;
  /** Told which rows are in view (with some around), to fetch them. */
  onNeed?(first: number, last: number): void;
  onOpen(row: TableRow): void;
  typeName(code: string): string;
  /** Focus the grid (from the search box's ↓). */
  focusRef?: { current: (() => void) | null };
}

/** Memoised: drawn again when its rows or words change, not whenever the screen around it is. */
export const RosterTable = memo(function RosterTable({
  hidden = false,
  label,
  count,
  rowAt,
  onNeed,
  onOpen,
  typeName,
  focusRef,
}: RosterTableProps) {
  const { t, i18n } = useTranslation('roster');
  // The screen keeps two tables (the roster and a search's results): ids of their own.
  const ids = useId();
  const scroll = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const [focused, setFocused] = useState(false);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroll.current,
    estimateSize: () => ROW_PX,
    // Enough rows beyond the view for a wheel step; each one more is drawn on every scroll step.
    overscan: 6,
    // The sticky header row sits above the first row, inside the same scrolling box.
    scrollMargin: ROW_PX,
    scrollPaddingStart: ROW_PX,
    // Rows redrawn in React's own time on scroll, not forced synchronously on every scroll event.
    useFlushSync: false,
  });
  // Hidden, the box reads as scrolled to its top and the virtualizer is told so; shown again,
  // it is back where it was without a scroll event: one made here has the rows drawn there.
  useLayoutEffect(() => {
    if (!hidden) scroll.current?.dispatchEvent(new Event('scroll'));
  }, [hidden]);
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (count > 0) onNeed?.(first, last);
  }, [first, last, count, onNeed]);
  // A new list (filters, search) starts at its top.
  useEffect(() => {
    if (active >= count) setActive(0);
  }, [count, active]);
  if (focusRef)
    focusRef.current = () => {
      scroll.current?.querySelector('table')?.focus();
      setActive(0);
      virtualizer.scrollToIndex(0);
    };

  const move = (to: number) => {
    const next = Math.max(0, Math.min(count - 1, to));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    const perScreen = Math.max(1, Math.floor((scroll.current?.clientHeight ?? ROW_PX * 10) / ROW_PX) - 1);
    const step: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + perScreen,
      PageUp: active - perScreen,
      Home: 0,
      End: count - 1,
    };
    if (event.key in step) {
      event.preventDefault();
      move(step[event.key] as number);
    } else if (event.key === 'Enter' || event.key === ' ') {
      const row = rowAt(active);
      if (row) {
        event.preventDefault();
        onOpen(row);
      }
    }
  };

  // Stable across scroll steps, so a row still in view is not drawn again (Row is memoised).
  const pick = useCallback(
    (index: number, row: TableRow) => {
      setActive(index);
      onOpen(row);
    },
    [onOpen],
  );
  // The words every row and every draw needs, looked up once per language rather than on every
  // scroll step (i18next's lookups were a tenth of a step's script in the bench's profile).
  const language = i18n.language;
  // biome-ignore lint/correctness/useExhaustiveDependencies: language is the reason to look the words up again.
  const words = useMemo(
    () => ({
      status: { active: t('status.active'), revoked: t('status.revoked'), none: t('status.none') },
      clearance: { ready: t('clearance.readyMark'), waiting: t('clearance.waitingMark') },
      columns: COLUMNS.map((column) => ({ column, word: t(`columns.${column}`) })),
      loading: t('table.loading'),
      help: t('table.help'),
    }),
    [t, language],
  );

  const activeShown = items.some((item) => item.index === active) && rowAt(active) !== undefined;
  // Table elements laid out as grids (TanStack's pattern for virtual tables). Only the rows in
  // view exist, in the flow of a body as tall as the whole roster, pushed down to where the
  // first of them is: no row is positioned on its own, so adding one lays out only itself.
  const pushedDown = (items[0]?.start ?? ROW_PX) - ROW_PX;
  return (
    <div className={focused ? 'roster-frame focused' : 'roster-frame'} hidden={hidden}>
      <div
        ref={scroll}
        className="roster-scroll"
        // As tall as its rows (a few search hits), up to most of the screen.
        style={{ height: `min(60vh, 36rem, ${(count + 1) * ROW_PX + 2}px)` }}
      >
        <table
          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the WAI-ARIA data grid pattern (APG's own example is a table with role grid).
          role="grid"
          aria-label={label}
          aria-describedby={`${ids}-help`}
          aria-rowcount={count + 1}
          aria-colcount={6}
          // The grid takes the focus and says which row is current.
          tabIndex={0}
          aria-activedescendant={activeShown ? rowId(ids, active) : undefined}
          className="roster-grid"
          onKeyDown={onKeyDown}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
        >
          <thead className="roster-head">
            <tr aria-rowindex={1} className="roster-line">
              {words.columns.map(({ column, word }) => (
                <th key={column} scope="col" className="roster-cell">
                  {word}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="roster-body" style={{ height: virtualizer.getTotalSize(), paddingTop: pushedDown }}>
            {items.map((item) => {
              const row = rowAt(item.index);
              if (!row) {
                return (
                  <tr key={item.key} aria-rowindex={item.index + 2} className={rowClass(item.index)}>
                    <td className="roster-cell loading">{words.loading}</td>
                  </tr>
                );
              }
              return (
                <Row
                  key={item.key}
                  ids={ids}
                  row={row}
                  index={item.index}
                  current={item.index === active}
                  onPick={pick}
                  typeName={typeName}
                  statusWords={words.status}
                  clearanceWords={words.clearance}
                />
              );
            })}
          </tbody>
        </table>
      </div>
      <p id={`${ids}-help`} className="roster-help">
        {words.help}
      </p>
    </div>
  );
});

type BadgeStatus = 'active' | 'revoked' | 'none';
const COLUMNS = ['id', 'name', 'organisation', 'type', 'zones', 'badge', 'clearance'] as const;

/** A holder's keys as upstream gave them, in one line: ✓ and ✕ for yes and no, a word as it is. */
export function keysText(keys: Record<string, boolean | string>): string {
  return Object.entries(keys)
    .map(([name, value]) => `${name} ${value === true ? '✓' : value === false ? '✕' : value}`)
    .join(' · ');
}

/** Every row with a holder in it has an id starting `roster-row-` (the ui bench looks for them). */
const rowId = (ids: string, index: number) => `roster-row-${ids}-${index}`;

const rowClass = (index: number) => (index % 2 === 0 ? 'roster-line roster-row' : 'roster-line roster-row odd');

interface RowProps {
  ids: string;
  row: TableRow;
  index: number;
  current: boolean;
  onPick(index: number, row: TableRow): void;
  typeName(code: string): string;
  statusWords: Record<BadgeStatus, string>;
  clearanceWords: Record<'ready' | 'waiting', string>;
}

/**
 * One holder's row. Memoised: the rows already in view stay as they are on a scroll step
 * (the body moves them), only the few that come into view are drawn.
 */
const Row = memo(function Row({ ids, row, index, current, onPick, typeName, statusWords, clearanceWords }: RowProps) {
  const status = row.badgeStatus ?? (row.serial ? 'active' : undefined);
  return (
    <tr
      id={rowId(ids, index)}
      aria-rowindex={index + 2}
      aria-selected={current}
      className={rowClass(index)}
      onClick={() => onPick(index, row)}
    >
      <td className="roster-cell">{row.id}</td>
      <td className="roster-cell" title={row.latinName ? `${row.name} ${row.latinName}` : row.name}>
        {row.name}
        {row.latinName && row.latinName !== row.name.toUpperCase() && <span className="roster-latin">{row.latinName}</span>}
      </td>
      <td className="roster-cell" title={row.organisation}>
        {row.organisation}
      </td>
      <td className="roster-cell">{typeName(row.type)}</td>
      <td className="roster-cell" title={row.zones?.join(' ')}>
        {row.zones?.join(' ')}
      </td>
      <td className="roster-cell">
        {status && (
          <span className={`roster-status-${status}`}>
            {statusWords[status]}
            {row.serial && <span className="roster-serial">{row.serial}</span>}
          </span>
        )}
      </td>
      <td className="roster-cell" title={row.clearance ? keysText(row.clearance.keys) : undefined}>
        {row.clearance && (
          <span className={row.clearance.active ? 'roster-status-active' : 'roster-status-none'}>
            {row.clearance.active ? clearanceWords.ready : clearanceWords.waiting}
          </span>
        )}
      </td>
    </tr>
  );
});
