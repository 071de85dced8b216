/**
 * The roster's table: an ARIA grid that draws only the rows in view (@tanstack/react-virtual),
 * so 500,000 holders scroll as smoothly as 50. Keyboard first: the grid takes focus, arrow
 * keys, Page Up/Down, Home and End move the current row, Enter opens it.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, type KeyboardEvent, memo, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RosterRow } from './use-roster-pages.ts';

/** A row as the table shows it: a search hit knows neither zones nor a revoked badge. */
export type TableRow = Omit<RosterRow, 'zones' | 'badgeStatus'> & {
  zones?: string[];
  badgeStatus?: RosterRow['badgeStatus'];
};

/**
 * Fixed: every row the same height lets the scrollbar stand for the whole roster without
 * measuring it. 36 px x 500,000 rows is 18 million pixels, inside what Chromium draws
 * (about 33 million).
 */
const ROW_PX = 36;
const COLUMNS = '7.5rem minmax(9rem, 1.4fr) minmax(9rem, 1.5fr) 8rem minmax(6rem, 1fr) 11rem';

const frame = (focused: boolean): CSSProperties => ({
  border: '1px solid #767676',
  borderRadius: '0.3rem',
  outline: focused ? '3px solid #1F5FBF' : 'none',
  outlineOffset: '2px',
});
const line: CSSProperties = { display: 'grid', gridTemplateColumns: COLUMNS, alignItems: 'center', columnGap: '0.75rem' };
const header: CSSProperties = {
  ...line,
  padding: '0.4rem 0.75rem',
  fontWeight: 700,
  height: ROW_PX,
  boxSizing: 'border-box',
  borderBottom: '2px solid #1a1a1a',
  background: '#F3F4F6',
};
const cell: CSSProperties = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' };
const latin: CSSProperties = { color: '#4B5563', fontSize: '0.85rem', marginLeft: '0.5rem' };
const STATUS_COLOUR = { active: '#146C2E', revoked: '#B42318', none: '#4B5563' } as const;

function rowStyle(start: number, index: number, active: boolean): CSSProperties {
  return {
    ...line,
    position: 'absolute',
    top: 0,
    left: 0,
    right: 0,
    height: ROW_PX,
    transform: `translateY(${start}px)`,
    padding: '0 0.75rem',
    cursor: 'pointer',
    background: active ? '#DBEAFE' : index % 2 === 0 ? '#ffffff' : '#F9FAFB',
    // Not colour alone: the current row also gets a bar on its left edge.
    boxShadow: active ? 'inset 0.35rem 0 0 #1F5FBF' : 'none',
  };
}

export interface RosterTableProps {
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

export function RosterTable({ label, count, rowAt, onNeed, onOpen, typeName, focusRef }: RosterTableProps) {
  const { t } = useTranslation('roster');
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
  const statusWord = useCallback((status: BadgeStatus) => t(`status.${status}`), [t]);

  const activeShown = items.some((item) => item.index === active) && rowAt(active) !== undefined;
  // Table elements laid out as grids (TanStack's pattern for virtual tables): the rows are
  // positioned where they would be, only those in view exist.
  return (
    <div style={frame(focused)}>
      <div
        ref={scroll}
        // As tall as its rows (a few search hits), up to most of the screen.
        style={{
          height: `min(60vh, 36rem, ${(count + 1) * ROW_PX + 2}px)`,
          overflow: 'auto',
          position: 'relative',
          // Its size never depends on its rows: a scroll step lays out and paints this box
          // alone, not the whole page.
          contain: 'strict',
        }}
      >
        <table
          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the WAI-ARIA data grid pattern (APG's own example is a table with role grid).
          role="grid"
          aria-label={label}
          aria-describedby="roster-table-help"
          aria-rowcount={count + 1}
          aria-colcount={6}
          // The grid takes the focus and says which row is current.
          tabIndex={0}
          aria-activedescendant={activeShown ? `roster-row-${active}` : undefined}
          style={{ display: 'grid', outline: 'none' }}
          onKeyDown={onKeyDown}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
        >
          <thead style={{ display: 'grid', position: 'sticky', top: 0, zIndex: 1 }}>
            <tr aria-rowindex={1} style={header}>
              {(['id', 'name', 'organisation', 'type', 'zones', 'badge'] as const).map((column) => (
                <th key={column} scope="col" style={{ ...cell, textAlign: 'left' }}>
                  {t(`columns.${column}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody style={{ display: 'grid', height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = rowAt(item.index);
              const top = item.start - ROW_PX;
              if (!row) {
                return (
                  <tr key={item.key} aria-rowindex={item.index + 2} style={rowStyle(top, item.index, false)}>
                    <td style={{ ...cell, color: '#4B5563' }}>{t('table.loading')}</td>
                  </tr>
                );
              }
              return (
                <Row
                  key={item.key}
                  row={row}
                  index={item.index}
                  top={top}
                  current={item.index === active}
                  onPick={pick}
                  typeName={typeName}
                  statusWord={statusWord}
                />
              );
            })}
          </tbody>
        </table>
      </div>
      <p id="roster-table-help" style={{ margin: 0, padding: '0.3rem 0.75rem', fontSize: '0.9rem', color: '#374151' }}>
        {t('table.help')}
      </p>
    </div>
  );
}

type BadgeStatus = keyof typeof STATUS_COLOUR;

interface RowProps {
  row: TableRow;
  index: number;
  top: number;
  current: boolean;
  onPick(index: number, row: TableRow): void;
  typeName(code: string): string;
  statusWord(status: BadgeStatus): string;
}

/**
 * One holder's row. Memoised: a scroll step moves the rows already in view (their `top`
 * is the same offset within the list) without React drawing them again, only the few that
 * come into view are new.
 */
const Row = memo(function Row({ row, index, top, current, onPick, typeName, statusWord }: RowProps) {
  const status = row.badgeStatus ?? (row.serial ? 'active' : undefined);
  return (
    <tr
      id={`roster-row-${index}`}
      aria-rowindex={index + 2}
      aria-selected={current}
      style={rowStyle(top, index, current)}
      onClick={() => onPick(index, row)}
    >
      <td style={cell}>{row.id}</td>
      <td style={cell} title={row.latinName ? `${row.name} ${row.latinName}` : row.name}>
        {row.name}
        {row.latinName && row.latinName !== row.name.toUpperCase() && <span style={latin}>{row.latinName}</span>}
      </td>
      <td style={cell} title={row.organisation}>
        {row.organisation}
      </td>
      <td style={cell}>{typeName(row.type)}</td>
      <td style={cell} title={row.zones?.join(' ')}>
        {row.zones?.join(' ')}
      </td>
      <td style={cell}>
        {status && (
          <span style={{ color: STATUS_COLOUR[status] }}>
            {statusWord(status)}
            {row.serial && <span style={{ marginLeft: '0.4rem', fontVariantNumeric: 'tabular-nums' }}>{row.serial}</span>}
          </span>
        )}
      </td>
    </tr>
  );
});
