/**
 * The rows an import left out, one line per problem: the row and column as the spreadsheet
 * shows them, the value, and what is wrong with it (the core's words, which say what it
 * should be). Up to 1,000 problems, so only the lines in view are drawn
 * (@tanstack/react-virtual, heights measured: a long reason wraps).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../../electron/core/rpc/contract/index.ts';
import { problemWords } from './problem-words.ts';

export type ImportProblem = Result<'roster.importFinish'>['problems'][number];

const COLUMNS = '4.5rem minmax(7rem, 0.8fr) minmax(7rem, 0.8fr) minmax(12rem, 2fr)';
const line: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: COLUMNS,
  columnGap: '0.75rem',
  padding: '0.3rem 0.75rem',
  alignItems: 'start',
};
const header: CSSProperties = {
  ...line,
  fontWeight: 700,
  borderBottom: '2px solid #1a1a1a',
  background: '#F3F4F6',
  position: 'sticky',
  top: 0,
  zIndex: 1,
};
const cell: CSSProperties = { overflowWrap: 'anywhere', padding: 0 };

export function ImportProblems({ problems, label }: { problems: readonly ImportProblem[]; label: string }) {
  const { t } = useTranslation('roster');
  const scroll = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: problems.length,
    getScrollElement: () => scroll.current,
    estimateSize: () => 34,
    overscan: 8,
  });
  // Table elements laid out as grids, as the roster's table is: only the lines in view exist.
  return (
    <div
      ref={scroll}
      // Scrolls by keyboard too: the box takes the focus, arrows and Page Up/Down scroll it.
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1).
      tabIndex={0}
      style={{
        maxHeight: 'min(40vh, 22rem)',
        overflow: 'auto',
        border: '1px solid #767676',
        borderRadius: '0.3rem',
        outlineOffset: '2px',
        background: '#ffffff',
      }}
    >
      <table aria-label={label} aria-rowcount={problems.length + 1} style={{ display: 'grid', borderCollapse: 'collapse' }}>
        <thead style={{ display: 'grid', position: 'sticky', top: 0, zIndex: 1 }}>
          <tr aria-rowindex={1} style={header}>
            {(['row', 'column', 'value', 'problem'] as const).map((column) => (
              <th key={column} scope="col" style={{ textAlign: 'left', padding: 0 }}>
                {t(`problems.columns.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody style={{ display: 'grid', height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const problem = problems[item.index] as ImportProblem;
            return (
              <tr
                key={item.key}
                aria-rowindex={item.index + 2}
                data-index={item.index}
                ref={virtualizer.measureElement}
                style={{
                  ...line,
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  transform: `translateY(${item.start}px)`,
                  background: item.index % 2 === 0 ? '#ffffff' : '#F9FAFB',
                  borderBottom: '1px solid #E5E7EB',
                }}
              >
                <td style={cell}>{t('problems.row', { row: problem.row })}</td>
                <td style={cell}>
                  {problem.column
                    ? t('problems.column', { column: problem.column, header: problem.header })
                    : t('problems.wholeRow', { header: problem.header })}
                </td>
                <td style={cell}>{problem.value === '' ? t('problems.empty') : problem.value}</td>
                <td style={cell}>
                  <Reason problem={problem} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** What to fix, in the page's language when the page knows the problem's shape, else in the core's words. */
function Reason({ problem }: { problem: ImportProblem }) {
  const { t } = useTranslation('roster');
  const words = problemWords(problem.reason);
  if (words) return t(`problemWords.${words.key}`, words.values);
  return problem.reason.startsWith(`${problem.header}:`)
    ? problem.reason
    : t('problems.reason', { header: problem.header, reason: problem.reason });
}
