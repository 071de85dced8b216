/** The Today screen's printers, rejects, jobs and waiting holders (today-screen.tsx lays them out). */
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { BarChart } from './bar-chart.tsx';
import { clockTime, type Figures, typeName } from './today-format.ts';

const table: CSSProperties = { borderCollapse: 'collapse', width: '100%', margin: '0.5rem 0' };
const cell: CSSProperties = { textAlign: 'left', padding: '0.2rem 0.5rem 0.2rem 0', borderBottom: '1px solid #dde1e8' };
const figureCell: CSSProperties = { ...cell, textAlign: 'right', fontVariantNumeric: 'tabular-nums' };
const heading: CSSProperties = { fontSize: '1.15rem', margin: '0 0 0.25rem' };

/** The state in words, with a shape that differs per state: colour only repeats what they say. */
const STATE_LOOK: Record<Figures['printers'][number]['state'], { mark: string; colour: string }> = {
  printing: { mark: '▶', colour: '#1E7B34' },
  idle: { mark: '■', colour: '#5A6270' },
  attention: { mark: '⚠', colour: '#B3261E' },
};

function useNumber() {
  const { i18n } = useTranslation('today');
  return new Intl.NumberFormat(i18n.language);
}

export function PrintersPanel({ figures }: { figures: Figures }) {
  const { t } = useTranslation('today');
  const number = useNumber();
  const percent = new Intl.NumberFormat(useTranslation('today').i18n.language, { style: 'percent', maximumFractionDigits: 0 });
  if (figures.printers.length === 0)
    return (
      <section aria-labelledby="today-printers">
        <h3 id="today-printers" style={heading}>
          {t('printers.title')}
        </h3>
        <p>{t('printers.none')}</p>
      </section>
    );
  return (
    <section aria-labelledby="today-printers">
      <h3 id="today-printers" style={heading}>
        {t('printers.title')}
      </h3>
      <BarChart
        caption={t('printers.pace')}
        labels={figures.printers.map((printer) => printer.name)}
        values={figures.printers.map((printer) => printer.cardsPerHour)}
        colours="#2E6F9E"
        horizontal
        labelHeading={t('printers.name')}
        valueHeading={t('printers.cardsPerHour')}
        format={(value) => number.format(value)}
        height={`${Math.max(6, figures.printers.length * 2.2 + 2)}rem`}
      />
      <table style={table}>
        <thead>
          <tr>
            <th scope="col" style={cell}>
              {t('printers.name')}
            </th>
            <th scope="col" style={cell}>
              {t('printers.state')}
            </th>
            <th scope="col" style={figureCell}>
              {t('printers.cardsPerHour')}
            </th>
            <th scope="col" style={figureCell}>
              {t('printers.ribbon')}
            </th>
          </tr>
        </thead>
        <tbody>
          {figures.printers.map((printer) => {
            const look = STATE_LOOK[printer.state];
            const code =
              printer.code === null ? undefined : t(`codes.${printer.code}`, { defaultValue: '' }) || reason(t, printer.code);
            return (
              <tr key={printer.name}>
                <th scope="row" style={cell}>
                  {printer.name}
                </th>
                <td style={cell}>
                  <span aria-hidden="true" style={{ color: look.colour, marginRight: '0.3rem' }}>
                    {look.mark}
                  </span>
                  <span style={{ color: look.colour, fontWeight: 600 }}>{t(`printers.states.${printer.state}`)}</span>
                  {code && printer.state !== 'idle' && <small style={{ display: 'block' }}>{code}</small>}
                </td>
                <td style={figureCell}>{number.format(printer.cardsPerHour)}</td>
                <td style={figureCell}>
                  {printer.ribbonLeft === null ? t('printers.unknown') : percent.format(printer.ribbonLeft / 100)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** A reject's or failure's code in words, or the code itself when this page has no words for it. */
function reason(t: (key: string, options: { defaultValue: string }) => string, code: string): string {
  return t(`reasons.${code}`, { defaultValue: code });
}

export function RejectsPanel({ figures }: { figures: Figures }) {
  const { t, i18n } = useTranslation('today');
  const number = useNumber();
  const { rejects } = figures;
  return (
    <section aria-labelledby="today-rejects">
      <h3 id="today-rejects" style={heading}>
        {t('rejects.title')}
      </h3>
      {rejects.total === 0 && <p>{t('rejects.none')}</p>}
      {rejects.total > 0 && (
        <>
          <table style={table}>
            <thead>
              <tr>
                <th scope="col" style={cell}>
                  {t('rejects.reason')}
                </th>
                <th scope="col" style={figureCell}>
                  {t('rejects.count')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rejects.byReason.map((row) => (
                <tr key={`${row.kind}:${row.reason}`}>
                  <th scope="row" style={{ ...cell, fontWeight: 400 }}>
                    <strong style={{ marginRight: '0.4rem' }}>{t(`rejects.kinds.${row.kind}`)}</strong>
                    {reason(t, row.reason)}
                  </th>
                  <td style={figureCell}>{number.format(row.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table style={table}>
            <caption style={{ textAlign: 'left', fontWeight: 700 }}>{t('rejects.latest')}</caption>
            <thead>
              <tr>
                <th scope="col" style={cell}>
                  {t('rejects.time')}
                </th>
                <th scope="col" style={cell}>
                  {t('rejects.serial')}
                </th>
                <th scope="col" style={cell}>
                  {t('rejects.printer')}
                </th>
                <th scope="col" style={cell}>
                  {t('rejects.reason')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rejects.latest.map((row, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: two rejects of one badge may share a millisecond; the list is redrawn whole each refresh
                <tr key={`${row.at}:${row.serial}:${index}`}>
                  <td style={cell}>{clockTime(row.at, figures.timeZone, i18n.language)}</td>
                  <td style={{ ...cell, fontFamily: 'monospace' }}>{row.serial}</td>
                  <td style={cell}>{row.printer ?? t('rejects.noPrinter')}</td>
                  <td style={cell}>{reason(t, row.reason)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

export function JobsPanel({ figures }: { figures: Figures }) {
  const { t } = useTranslation('today');
  return (
    <section aria-labelledby="today-jobs">
      <h3 id="today-jobs" style={heading}>
        {t('jobs.title')}
      </h3>
      {figures.jobs.length === 0 && <p>{t('jobs.none')}</p>}
      <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {figures.jobs.map((job) => {
          const label = t('jobs.job', { job: job.job, name: job.name });
          return (
            <li key={job.job} style={{ margin: '0.4rem 0' }}>
              <strong>{label}</strong>
              <span style={{ marginLeft: '0.5rem' }}>{t(`jobs.status.${job.status}`)}</span>
              <progress
                value={job.done}
                max={Math.max(job.total, 1)}
                aria-label={label}
                style={{ display: 'block', width: '100%', height: '1rem' }}
              />
              <small>{t('jobs.progress', { done: job.done, total: job.total, issued: job.issued })}</small>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function WithoutBadgePanel({ figures }: { figures: Figures }) {
  const { t, i18n } = useTranslation('today');
  const number = useNumber();
  const { withoutBadge } = figures;
  return (
    <section aria-labelledby="today-without">
      <h3 id="today-without" style={heading}>
        {t('without.title')}
      </h3>
      {withoutBadge.total === 0 && <p>{t('without.none')}</p>}
      <table style={table}>
        <thead>
          <tr>
            <th scope="col" style={cell}>
              {t('without.type')}
            </th>
            <th scope="col" style={figureCell}>
              {t('without.without')}
            </th>
            <th scope="col" style={figureCell}>
              {t('without.holders')}
            </th>
          </tr>
        </thead>
        <tbody>
          {withoutBadge.byType.map((type) => (
            <tr key={type.type}>
              <th scope="row" style={{ ...cell, fontWeight: 400 }}>
                <span
                  aria-hidden="true"
                  style={{
                    display: 'inline-block',
                    width: '0.9rem',
                    height: '0.9rem',
                    marginRight: '0.4rem',
                    verticalAlign: '-0.1rem',
                    borderRadius: '0.15rem',
                    background: type.colour,
                  }}
                />
                {typeName(type, i18n.language)}
              </th>
              <td style={{ ...figureCell, fontWeight: 700 }}>{number.format(type.without)}</td>
              <td style={figureCell}>{number.format(type.holders)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
