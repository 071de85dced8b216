/**
 * Importing a roster on the Roster screen: a file chosen or dropped anywhere on the screen
 * (CSV or XLSX, with its photos zip if there is one), sent to the core in pieces and
 * imported there as `badge-station import` does (new ids added, known ids updated, holders
 * not in the file kept), with its progress; then what it did and the rows it left out,
 * which can be saved as CSV to fix them in the spreadsheet.
 */
import { type CSSProperties, type DragEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../../electron/core/rpc/contract/index.ts';
import { CallError, type DeskClient } from '../../rpc/client.ts';
import { ImportProblems } from './import-problems.tsx';
import { problemsCsv, sendFile } from './upload.ts';

type Report = Result<'roster.importFinish'>;

type ImportState =
  | { step: 'idle' }
  | { step: 'sending'; file: string; share: number }
  | { step: 'importing'; file: string; share: number; rows: number; stage: 'reading' | 'photos' | 'saving' }
  | { step: 'done'; report: Report }
  | { step: 'failed'; file: string; message: string };

const bar: CSSProperties = { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '0.75rem', margin: '0.5rem 0' };
const button: CSSProperties = {
  fontSize: '1rem',
  fontFamily: 'inherit',
  padding: '0.35rem 0.8rem',
  border: '2px solid #1F5FBF',
  borderRadius: '0.25rem',
  background: '#ffffff',
  color: '#1F5FBF',
  cursor: 'pointer',
};
const panel = (tone: 'info' | 'good' | 'warn' | 'bad'): CSSProperties => ({
  border: `2px solid ${{ info: '#1F5FBF', good: '#146C2E', warn: '#9A6700', bad: '#B42318' }[tone]}`,
  borderLeftWidth: '0.5rem',
  borderRadius: '0.3rem',
  padding: '0.5rem 1rem',
  margin: '0.5rem 0 1rem',
  background: { info: '#EFF6FF', good: '#F0FDF4', warn: '#FFFBEB', bad: '#FEF2F2' }[tone],
});

/** Holds a zip: a photos archive, not a roster (an XLSX is a zip too, told by its name). */
const isZip = (file: File) => /\.zip$/i.test(file.name);

export function RosterImport({ client, onImported, children }: { client: DeskClient; onImported(): void; children: ReactNode }) {
  const { t, i18n } = useTranslation('roster');
  const [state, setState] = useState<ImportState>({ step: 'idle' });
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const result = useRef<HTMLDivElement>(null);
  const busy = state.step === 'sending' || state.step === 'importing';
  const percent = (share: number) => new Intl.NumberFormat(i18n.language, { style: 'percent' }).format(share);

  // The outcome is read out and gets the focus, so a keyboard user is where its table is.
  useEffect(() => {
    if (state.step === 'done' || state.step === 'failed') result.current?.focus();
  }, [state.step]);

  const start = async (files: readonly File[]) => {
    if (busy || files.length === 0) return;
    const rosters = files.filter((file) => !isZip(file));
    const zips = files.filter(isZip);
    const roster = rosters[0];
    if (!roster || rosters.length > 1 || zips.length > 1) {
      setState({
        step: 'failed',
        file: files.map((file) => file.name).join(', '),
        message: t(!roster ? 'import.zipAlone' : 'import.oneRoster'),
      });
      return;
    }
    const photos = zips[0];
    const total = roster.size + (photos?.size ?? 0);
    setState({ step: 'sending', file: roster.name, share: 0 });
    let stop: (() => void) | undefined;
    try {
      const upload = await sendFile(client, roster, 'roster', (sent) =>
        setState({ step: 'sending', file: roster.name, share: sent / total }),
      );
      const photosUpload = photos
        ? await sendFile(client, photos, 'photos', (sent) =>
            setState({ step: 'sending', file: roster.name, share: (roster.size + sent) / total }),
          )
        : undefined;
      setState({ step: 'importing', file: roster.name, share: 0, rows: 0, stage: 'reading' });
      stop = client.subscribe('import.progress', ({ share, rows, stage }) => {
        if (stage === 'reading' || stage === 'photos' || stage === 'saving')
          setState({ step: 'importing', file: roster.name, share, rows, stage });
      });
      const report = await client.call('roster.importFinish', {
        upload,
        ...(photosUpload ? { photos: photosUpload } : {}),
      });
      setState({ step: 'done', report });
      onImported();
    } catch (failure) {
      setState({
        step: 'failed',
        file: roster.name,
        message: failure instanceof CallError ? failure.message : String(failure),
      });
    } finally {
      stop?.();
    }
  };

  const onDrop = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    setDragging(false);
    void start([...event.dataTransfer.files]);
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping a file is the mouse's extra way in; the Choose button is the keyboard's.
    <div
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = busy ? 'none' : 'copy';
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={onDrop}
      style={{
        outline: dragging ? '3px dashed #1F5FBF' : 'none',
        outlineOffset: '0.4rem',
        borderRadius: '0.3rem',
      }}
    >
      <div style={bar}>
        <button
          type="button"
          style={{ ...button, opacity: busy ? 0.6 : 1 }}
          disabled={busy}
          onClick={() => picker.current?.click()}
        >
          {t('import.choose')}
        </button>
        <span style={{ color: '#374151' }}>{dragging ? t('import.dropNow') : t('import.hint')}</span>
        <input
          ref={picker}
          type="file"
          accept=".csv,.xlsx,.zip,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/zip"
          multiple
          aria-label={t('import.choose')}
          tabIndex={-1}
          style={{ display: 'none' }}
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            // The same file chosen again (fixed and saved) must still start an import.
            event.target.value = '';
            void start(files);
          }}
        />
      </div>
      {busy && <Progress state={state} percent={percent} />}
      {/* The outcome takes the focus once (tabIndex -1: not a Tab stop), so the keyboard is where its table is. */}
      <div ref={result} tabIndex={-1} style={{ outline: 'none' }}>
        {state.step === 'failed' && (
          <div role="alert" style={panel('bad')}>
            <p style={{ margin: 0, fontWeight: 700 }}>{t('import.failed', { file: state.file })}</p>
            <p style={{ margin: '0.25rem 0 0' }}>{state.message}</p>
          </div>
        )}
        {state.step === 'done' && <Outcome report={state.report} onClose={() => setState({ step: 'idle' })} />}
      </div>
      {children}
    </div>
  );
}

function Progress({ state, percent }: { state: ImportState; percent(share: number): string }) {
  const { t } = useTranslation('roster');
  if (state.step !== 'sending' && state.step !== 'importing') return null;
  const words =
    state.step === 'sending'
      ? t('import.sending', { file: state.file, percent: percent(state.share) })
      : t(`import.${state.stage}`, { file: state.file, percent: percent(state.share), count: state.rows });
  return (
    <div role="status" style={{ ...panel('info'), display: 'flex', flexWrap: 'wrap', gap: '1rem', alignItems: 'center' }}>
      <span style={{ fontWeight: 700 }}>{words}</span>
      <progress
        max={1}
        value={state.share}
        aria-label={t('import.progressLabel')}
        style={{ flex: '1 1 12rem', height: '1rem', accentColor: '#1F5FBF' }}
      />
    </div>
  );
}

function Outcome({ report, onClose }: { report: Report; onClose(): void }) {
  const { t } = useTranslation('roster');
  const tone = report.rejected > 0 ? 'warn' : 'good';
  const save = () => {
    const blob = new Blob([problemsCsv(report.problems)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `${report.fileName.replace(/\.[^.]*$/, '')}-problems.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
  return (
    <section aria-labelledby="import-outcome" style={panel(tone)}>
      <h3 id="import-outcome" style={{ margin: '0 0 0.25rem', fontSize: '1.1rem' }}>
        {report.rejected > 0
          ? t('import.doneWithProblems', { file: report.fileName })
          : t('import.done', { file: report.fileName })}
      </h3>
      <p role="status" style={{ margin: 0 }}>
        {t('import.counts', {
          rows: report.rows,
          added: report.added,
          changed: report.changed,
          unchanged: report.unchanged,
          rejected: report.rejected,
        })}
      </p>
      {report.photos && (
        <p style={{ margin: 0 }}>
          {t('import.photos', {
            checked: report.photos.checked,
            stored: report.photos.stored,
            unmatched: report.photos.unmatched,
          })}
        </p>
      )}
      {report.problemCount > 0 && (
        <>
          <p style={{ margin: '0.5rem 0 0.25rem' }}>
            {report.problemCount > report.problems.length
              ? t('import.someProblems', { shown: report.problems.length, count: report.problemCount })
              : t('import.problemsHint', { count: report.problemCount })}
          </p>
          <ImportProblems problems={report.problems} label={t('problems.label')} />
        </>
      )}
      <div style={bar}>
        {report.problemCount > 0 && (
          <button type="button" style={button} onClick={save}>
            {t('import.export')}
          </button>
        )}
        <button type="button" style={button} onClick={onClose}>
          {t('import.close')}
        </button>
      </div>
    </section>
  );
}
