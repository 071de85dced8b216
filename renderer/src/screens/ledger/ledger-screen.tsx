import { type CSSProperties, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Params, Result } from '../../../../electron/core/rpc/contract/index.ts';
import { CallError } from '../../rpc/client.ts';
import { useDesk } from '../../rpc/desk.tsx';
import { downloadFile } from '../../shell/download.ts';

type Verdict = Result<'ledger.verify'>;
type Format = Params<'ledger.export'>['format'];

const button: CSSProperties = {
  padding: '0.5rem 1.1rem',
  border: '2px solid #1F5FBF',
  borderRadius: '0.3rem',
  background: '#1F5FBF',
  color: '#ffffff',
  fontSize: '1rem',
  fontFamily: 'inherit',
  cursor: 'pointer',
};
const busyButton: CSSProperties = { ...button, background: '#ffffff', color: '#1F5FBF', cursor: 'progress' };
// The words say intact or not; the border and mark only repeat it.
const answer = (good: boolean): CSSProperties => ({
  margin: '1rem 0',
  padding: '0.75rem 1rem',
  borderLeft: `0.4rem solid ${good ? '#1E7B34' : '#B3261E'}`,
  background: good ? '#EEF7F0' : '#FCEEEE',
});
const section: CSSProperties = { margin: '1.5rem 0' };

/** Verify the ledger and say the answer in words; export it for an auditor. */
export function LedgerScreen() {
  const { t } = useTranslation('ledger');
  return (
    <section aria-labelledby="ledger-title">
      <h2 id="ledger-title">{t('name')}</h2>
      <p>{t('intro')}</p>
      <VerifyLedger />
      <ExportLedger />
      <RecentEvents />
      <p>
        <small>{t('cli')}</small>
      </p>
    </section>
  );
}

function VerifyLedger() {
  const { t } = useTranslation('ledger');
  const desk = useDesk();
  const [verdict, setVerdict] = useState<Verdict | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const verify = async () => {
    if (desk.state !== 'ready') return;
    setBusy(true);
    setError(undefined);
    setVerdict(undefined);
    try {
      setVerdict(await desk.client.call('ledger.verify', {}));
    } catch (failure) {
      setError(failure instanceof CallError ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="ledger-verify" style={section}>
      <h3 id="ledger-verify">{t('verify.title')}</h3>
      <button type="button" style={busy ? busyButton : button} aria-disabled={busy} onClick={() => !busy && void verify()}>
        {busy ? t('verify.busy') : t('verify.button')}
      </button>
      <div role="status" aria-live="polite">
        {error && <p style={answer(false)}>{error}</p>}
        {verdict?.intact && (
          <p style={answer(true)}>
            <strong>{t('verify.markIntact')}</strong>{' '}
            {t('verify.intact', { events: verdict.events, signed: verdict.checkpoints.signed })}
          </p>
        )}
        {verdict && !verdict.intact && (
          <div style={answer(false)}>
            <p>
              <strong>{t('verify.markBroken')}</strong> {t('verify.broken', { seq: verdict.seq ?? verdict.events + 1 })}
            </p>
            <p>{verdict.kind ? t(`problem.${verdict.kind}`, { seq: verdict.seq }) : verdict.problem}</p>
            <p>{t('verify.whatNow')}</p>
          </div>
        )}
      </div>
    </section>
  );
}

function ExportLedger() {
  const { t } = useTranslation('ledger');
  const desk = useDesk();
  const [format, setFormat] = useState<Format>('csv');
  const [progress, setProgress] = useState<{ done: number; of: number } | undefined>();
  const [saved, setSaved] = useState<{ file: string; events: number } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const busy = progress !== undefined;
  const run = async () => {
    if (desk.state !== 'ready' || busy) return;
    setError(undefined);
    setSaved(undefined);
    setProgress({ done: 0, of: 0 });
    try {
      // Page by page (each under the socket's 1 MB), pinned to the head the first page chose.
      const pages: string[] = [];
      let from: number | null = 1;
      let through: number | undefined;
      let fileName = '';
      let events = 0;
      while (from !== null) {
        const page: Result<'ledger.export'> = await desk.client.call('ledger.export', {
          format,
          from,
          ...(through ? { through } : {}),
        });
        pages.push(page.text);
        through = page.through;
        fileName = page.fileName;
        events += page.events;
        from = page.next;
        setProgress({ done: events, of: page.through });
      }
      downloadFile(pages, fileName, format === 'csv' ? 'text/csv;charset=utf-8' : 'application/x-ndjson;charset=utf-8');
      setSaved({ file: fileName, events });
    } catch (failure) {
      setError(failure instanceof CallError ? failure.message : String(failure));
    } finally {
      setProgress(undefined);
    }
  };
  return (
    <section aria-labelledby="ledger-export" style={section}>
      <h3 id="ledger-export">{t('export.title')}</h3>
      <fieldset style={{ border: 'none', padding: 0, margin: '0 0 1rem' }}>
        <legend>{t('export.format')}</legend>
        {(['csv', 'jsonl'] as const).map((choice) => (
          <label key={choice} style={{ display: 'block', cursor: 'pointer' }}>
            <input
              type="radio"
              name="ledger-format"
              value={choice}
              checked={format === choice}
              onChange={() => setFormat(choice)}
            />{' '}
            {t(`export.${choice}`)}
          </label>
        ))}
      </fieldset>
      <button type="button" style={busy ? busyButton : button} aria-disabled={busy} onClick={() => void run()}>
        {busy ? t('export.busy') : t('export.button')}
      </button>
      <div role="status" aria-live="polite">
        {progress && progress.of > 0 && (
          <p>
            <progress value={progress.done} max={progress.of} aria-label={t('export.progressLabel')} />{' '}
            {t('export.progress', { done: progress.done, of: progress.of })}
          </p>
        )}
        {saved && <p style={answer(true)}>{t('export.saved', { file: saved.file, events: saved.events })}</p>}
        {error && <p style={answer(false)}>{error}</p>}
      </div>
    </section>
  );
}

const table: CSSProperties = { borderCollapse: 'collapse', width: '100%', fontSize: '0.95rem' };
const cell: CSSProperties = {
  borderBottom: '1px solid #d0d0d0',
  padding: '0.3rem 0.6rem',
  textAlign: 'left',
  verticalAlign: 'top',
};
const number: CSSProperties = { ...cell, textAlign: 'right', fontVariantNumeric: 'tabular-nums' };
const RECENT = 20;

/** The newest events: what the office did last, by whom, to which badge. */
function RecentEvents() {
  const { t, i18n } = useTranslation('ledger');
  const desk = useDesk();
  const [events, setEvents] = useState<Result<'ledger.recent'>['events'] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [asked, setAsked] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `asked` is the Refresh button's way to ask again
  useEffect(() => {
    if (desk.state !== 'ready') return;
    let current = true;
    desk.client
      .call('ledger.recent', { limit: RECENT })
      .then((answer) => {
        if (!current) return;
        setEvents(answer.events);
        setError(undefined);
      })
      .catch((failure: unknown) => current && setError(failure instanceof CallError ? failure.message : String(failure)));
    return () => {
      current = false;
    };
  }, [desk, asked]);
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  return (
    <section aria-labelledby="ledger-recent" style={section}>
      <h3 id="ledger-recent">{t('recent.title')}</h3>
      <button type="button" style={{ ...busyButton, cursor: 'pointer' }} onClick={() => setAsked((n) => n + 1)}>
        {t('recent.refresh')}
      </button>
      {error && <p style={answer(false)}>{error}</p>}
      {events && (
        <table style={{ ...table, marginTop: '1rem' }}>
          <thead>
            <tr>
              <th style={number} scope="col">
                {t('recent.seq')}
              </th>
              <th style={cell} scope="col">
                {t('recent.at')}
              </th>
              <th style={cell} scope="col">
                {t('recent.type')}
              </th>
              <th style={cell} scope="col">
                {t('recent.actor')}
              </th>
              <th style={cell} scope="col">
                {t('recent.subject')}
              </th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.seq}>
                <td style={number}>{event.seq}</td>
                <td style={cell}>{time.format(event.at)}</td>
                <td style={cell}>{t(`types.${event.type}`, { defaultValue: event.type })}</td>
                <td style={cell}>{event.by ?? event.actor}</td>
                <td style={cell}>{event.subject ?? t('recent.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
