/**
 * The supervisor's Reports: the day's (or several days') cards issued, reprinted, voided
 * and wasted, by person and badge type, with their reasons; counted by the core from the
 * ledger once verified, so the screen never adds anything up itself. CSV and PDF to take away.
 */
import { type CSSProperties, type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../../electron/core/rpc/contract/index.ts';
import { useDesk } from '../../rpc/desk.tsx';
import { downloadFile } from '../../shell/download.ts';

type Report = Result<'reports.day'>;
type Types = Result<'roster.filters'>['types'];

const BLUE = '#1F5FBF';
const button = (primary: boolean): CSSProperties => ({
  padding: '0.4rem 0.9rem',
  border: `2px solid ${BLUE}`,
  borderRadius: '0.3rem',
  background: primary ? BLUE : '#ffffff',
  color: primary ? '#ffffff' : BLUE,
  fontSize: '1rem',
  fontFamily: 'inherit',
  cursor: 'pointer',
});
const input: CSSProperties = { fontSize: '1rem', fontFamily: 'inherit', padding: '0.3rem 0.5rem' };
const table: CSSProperties = { borderCollapse: 'collapse', width: '100%', margin: '0.5rem 0 1rem' };
const th: CSSProperties = { textAlign: 'left', borderBottom: '2px solid #1a1a1a', padding: '0.3rem 0.5rem' };
const td: CSSProperties = { borderBottom: '1px solid #D1D5DB', padding: '0.3rem 0.5rem' };
const number: CSSProperties = { ...td, textAlign: 'right', fontVariantNumeric: 'tabular-nums' };
const tile: CSSProperties = {
  flex: '1 1 9rem',
  border: '1px solid #9aa5b4',
  borderRadius: '0.4rem',
  padding: '0.5rem 0.75rem',
};
const KINDS = ['issued', 'reprinted', 'voided', 'rejected'] as const;

export function ReportsScreen() {
  const { t, i18n } = useTranslation('reports');
  const desk = useDesk();
  const ids = { from: useId(), to: useId() };
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [report, setReport] = useState<Report | undefined>();
  const [types, setTypes] = useState<Types>([]);
  const [problem, setProblem] = useState<string | undefined>();
  const [working, setWorking] = useState(false);
  const client = desk.state === 'ready' ? desk.client : undefined;
  const format = new Intl.NumberFormat(i18n.language);

  const show = useCallback(
    async (span: { from?: string; to?: string }) => {
      if (!client) return;
      setWorking(true);
      setProblem(undefined);
      try {
        const made = await client.call('reports.day', span);
        setReport(made);
        setFrom(made.from);
        setTo(made.to);
      } catch (failure) {
        setReport(undefined);
        setProblem(failure instanceof Error ? failure.message : String(failure));
      } finally {
        setWorking(false);
      }
    },
    [client],
  );
  // Today's report as the screen opens.
  useEffect(() => {
    void show({});
  }, [show]);
  useEffect(() => {
    client
      ?.call('roster.filters', {})
      .then((filters) => setTypes(filters.types))
      .catch(() => setTypes([]));
  }, [client]);
  const typeName = (code: string) => {
    const type = types.find((candidate) => candidate.code === code);
    return type ? (i18n.language === 'en' ? type.nameEn : type.nameZh) : code;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void show({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
  };
  const save = async (kind: 'csv' | 'pdf') => {
    if (!client || !report) return;
    try {
      const file = await client.call('reports.file', { format: kind, from: report.from, to: report.to });
      downloadFile([Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0))], file.fileName, file.mime);
    } catch (failure) {
      setProblem(failure instanceof Error ? failure.message : String(failure));
    }
  };

  return (
    <section aria-labelledby="reports-title">
      <h2 id="reports-title">{t('name')}</h2>
      <p>{t('intro')}</p>
      <form onSubmit={submit} style={{ display: 'flex', gap: '1rem', alignItems: 'end', flexWrap: 'wrap' }}>
        <span>
          <label htmlFor={ids.from} style={{ display: 'block', fontWeight: 600 }}>
            {t('from')}
          </label>
          <input id={ids.from} type="date" value={from} style={input} onChange={(event) => setFrom(event.target.value)} />
        </span>
        <span>
          <label htmlFor={ids.to} style={{ display: 'block', fontWeight: 600 }}>
            {t('to')}
          </label>
          <input id={ids.to} type="date" value={to} style={input} onChange={(event) => setTo(event.target.value)} />
        </span>
        <button type="submit" style={button(true)} disabled={working}>
          {t('show')}
        </button>
        <button type="button" style={button(false)} disabled={!report} onClick={() => void save('csv')}>
          {t('csv')}
        </button>
        <button type="button" style={button(false)} disabled={!report} onClick={() => void save('pdf')}>
          {t('pdf')}
        </button>
      </form>
      <div role="status" aria-busy={working}>
        {working && <p>{t('working')}</p>}
        {report && !working && (
          <p>{t('basis', { head: format.format(report.ledger.head), zone: report.timeZone, station: report.station })}</p>
        )}
      </div>
      {problem && (
        <p role="alert" style={{ color: '#7A271A', background: '#FEF3F2', padding: '0.5rem 0.75rem' }}>
          {problem}
        </p>
      )}
      {report && (
        <>
          <div style={{ display: 'flex', gap: '1rem', flexWrap: 'wrap', margin: '1rem 0' }}>
            {KINDS.map((kind) => (
              <div key={kind} style={tile}>
                <div style={{ color: '#374151' }}>{t(`kinds.${kind}`)}</div>
                <div style={{ fontSize: '1.6rem', fontWeight: 700 }}>{format.format(report.totals[kind])}</div>
              </div>
            ))}
          </div>
          <table style={table}>
            <caption style={{ textAlign: 'left', fontWeight: 700 }}>{t('table.caption')}</caption>
            <thead>
              <tr>
                <th style={th}>{t('table.day')}</th>
                <th style={th}>{t('table.user')}</th>
                <th style={th}>{t('table.type')}</th>
                {KINDS.map((kind) => (
                  <th key={kind} style={{ ...th, textAlign: 'right' }}>
                    {t(`kinds.${kind}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.rows.length === 0 && (
                <tr>
                  <td style={td} colSpan={7}>
                    {t('table.none')}
                  </td>
                </tr>
              )}
              {report.rows.map((row) => (
                <tr key={`${row.day}-${row.user}-${row.type}`}>
                  <td style={td}>{row.day}</td>
                  <td style={td}>{row.user}</td>
                  <td style={td}>{typeName(row.type)}</td>
                  {KINDS.map((kind) => (
                    <td key={kind} style={number}>
                      {format.format(row[kind])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <table style={table}>
            <caption style={{ textAlign: 'left', fontWeight: 700 }}>{t('reasons.caption')}</caption>
            <thead>
              <tr>
                <th style={th}>{t('table.day')}</th>
                <th style={th}>{t('reasons.kind')}</th>
                <th style={th}>{t('reasons.reason')}</th>
                <th style={{ ...th, textAlign: 'right' }}>{t('reasons.count')}</th>
              </tr>
            </thead>
            <tbody>
              {report.reasons.length === 0 && (
                <tr>
                  <td style={td} colSpan={4}>
                    {t('reasons.none')}
                  </td>
                </tr>
              )}
              {report.reasons.map((reason) => (
                <tr key={`${reason.day}-${reason.kind}-${reason.reason}`}>
                  <td style={td}>{reason.day}</td>
                  <td style={td}>{t(`kinds.${reason.kind}`)}</td>
                  <td style={td}>{t(`reasons.why.${reason.reason}`, { defaultValue: reason.reason })}</td>
                  <td style={number}>{format.format(reason.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
