import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../../electron/core/rpc/contract/index.ts';
import { CallError, type DeskClient } from '../../rpc/client.ts';
import { ApprovalDialog, type ApprovalRequest } from '../../shell/approval-dialog.tsx';
import { CardPreview } from './card-preview.tsx';
import { alert, button, cell, dangerButton, good, notice, panel, quietButton, row, table } from './print-styles.ts';
import { CardJustOut, type JobView, RunProgress, type TypeNames } from './run-progress.tsx';

type Printers = Result<'print.printers'>['printers'];
type Problems = Result<'print.problems'>['cards'];

/** One job: its printers, start / pause / resume / cancel, progress, the card just out, problems, preview. */
export function JobPanel({
  client,
  job,
  typeName,
  onJob,
  focus,
}: {
  client: DeskClient;
  job: JobView;
  typeName: TypeNames;
  /** The job as an action left it: shown at once, not only when the next progress event comes. */
  onJob(view: JobView): void;
  /** Take the keyboard's focus when shown (a batch just made: its printers and Start are next). */
  focus?: boolean;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) heading.current?.focus();
  }, [focus]);
  const { t } = useTranslation('print');
  const [printers, setPrinters] = useState<Printers>([]);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [problems, setProblems] = useState<Problems>([]);
  const [error, setError] = useState<string>();
  const [said, setSaid] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  // Cancelling is a supervisor's decision: an operator's cancel waits for one's approval here.
  const [approval, setApproval] = useState<ApprovalRequest | undefined>();

  const loadPrinters = useCallback(async () => {
    const answer = await client.call('print.printers', {});
    setPrinters(answer.printers);
    // By default every printer not busy with another job.
    setChosen((before) =>
      before.size > 0 ? before : new Set(answer.printers.filter((p) => p.job === null || p.job === job.job).map((p) => p.name)),
    );
  }, [client, job.job]);
  // Printers are asked again as the job starts and stops (which of them is busy changes).
  const status = job.status;
  useEffect(() => {
    void status;
    void loadPrinters().catch(() => {});
  }, [loadPrinters, status]);
  const problemCount = job.failed + job.rejected + job.held;
  useEffect(() => {
    void problemCount;
    client
      .call('print.problems', { job: job.job })
      .then((answer) => setProblems(answer.cards))
      .catch(() => setProblems([]));
  }, [client, job.job, problemCount]);

  const cancel = async (given?: { name: string; secret: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      onJob((await client.call('print.cancel', { job: job.job, ...(given ? { approval: given } : {}) })).job);
      setApproval(undefined);
      setConfirming(false);
    } catch (failure) {
      const code = failure instanceof CallError ? failure.code : '';
      const message = failure instanceof Error ? failure.message : String(failure);
      if (code === 'APPROVAL_NEEDED') setApproval({ needs: 'supervisor', what: t('job.approveCancel', { job: job.job }) });
      else if (approval && ['APPROVAL_REFUSED', 'SIGN_IN_FAILED', 'USER_LOCKED'].includes(code))
        setApproval({ ...approval, problem: message });
      else {
        setApproval(undefined);
        setConfirming(false);
        setError(message);
      }
    } finally {
      setBusy(false);
    }
  };

  const act = async (work: () => Promise<string | undefined>) => {
    setBusy(true);
    setError(undefined);
    setSaid(undefined);
    try {
      setSaid(await work());
    } catch (failure) {
      setError(failure instanceof CallError ? failure.message : String(failure));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };
  const start = () =>
    act(async () => {
      if (chosen.size === 0) throw new Error(t('job.chooseOne'));
      onJob(await client.call('print.start', { job: job.job, printers: [...chosen] }));
      return undefined;
    });
  const canStart = ['ready', 'paused', 'interrupted'].includes(job.status);
  const canStop = ['printing', 'ready', 'paused', 'interrupted'].includes(job.status);

  return (
    <section aria-labelledby="print-job-title" style={panel}>
      <h3 id="print-job-title" ref={heading} tabIndex={-1} style={{ marginTop: 0 }}>
        {t('job.title', { job: job.job, name: job.name })}
        {t('progress.separator')}
        {t(`status.${job.status}`)}
      </h3>
      {job.status === 'interrupted' && !job.stopped && <p style={notice}>{t('job.interrupted')}</p>}
      {job.stopped && job.status !== 'printing' && <p style={notice}>{t('job.stopped', { message: job.stopped.message })}</p>}
      {job.notice && (
        <p style={notice}>
          {t(`job.notice.${job.notice.code}`)}
          <br />
          <small>{job.notice.message}</small>
        </p>
      )}
      <fieldset style={{ border: 'none', padding: 0, margin: '0 0 0.75rem' }} disabled={job.status === 'printing'}>
        <legend style={{ fontWeight: 600 }}>{t('job.printers')}</legend>
        {printers.length === 0 && <p>{t('job.noPrinters')}</p>}
        <div style={row}>
          {printers.map((printer) => (
            <label key={printer.name} style={{ cursor: 'pointer' }}>
              <input
                type="checkbox"
                checked={chosen.has(printer.name)}
                onChange={(event) => {
                  const next = new Set(chosen);
                  if (event.target.checked) next.add(printer.name);
                  else next.delete(printer.name);
                  setChosen(next);
                }}
              />{' '}
              {printer.name}
              {printer.encoder && ` (${t('job.encoder')})`}
              {printer.job !== null && printer.job !== job.job && ` (${t('job.busyWith', { job: printer.job })})`}
            </label>
          ))}
        </div>
      </fieldset>
      <div style={row}>
        {canStart && (
          <button type="button" style={button} disabled={busy} onClick={() => void start()}>
            {job.status === 'ready' ? t('job.start') : t('job.resume')}
          </button>
        )}
        {job.status === 'printing' && (
          <button
            type="button"
            style={quietButton}
            disabled={busy}
            onClick={() => void act(async () => void onJob(await client.call('print.pause', { job: job.job })))}
          >
            {t('job.pause')}
          </button>
        )}
        {canStop && !confirming && (
          <button type="button" style={dangerButton} disabled={busy} onClick={() => setConfirming(true)}>
            {t('job.cancel')}
          </button>
        )}
      </div>
      {confirming && (
        <div role="alert" style={{ ...alert, marginTop: '0.75rem' }}>
          <p style={{ margin: '0 0 0.5rem' }}>{t('job.confirmCancel', { job: job.job })}</p>
          <div style={row}>
            <button type="button" style={dangerButton} onClick={() => void cancel()}>
              {t('job.cancel')}
            </button>
            <button type="button" style={quietButton} onClick={() => setConfirming(false)}>
              {t('job.keep')}
            </button>
          </div>
        </div>
      )}
      <ApprovalDialog request={approval} onApprove={(given) => void cancel(given)} onCancel={() => setApproval(undefined)} />
      <div role="status" aria-live="polite">
        {said && <p style={good}>{said}</p>}
      </div>
      {error && (
        <p role="alert" style={{ ...alert, marginTop: '0.75rem' }}>
          {error}
        </p>
      )}
      {job.status !== 'ready' && (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0 1.5rem' }}>
          <div style={{ flex: '2 1 24rem' }}>
            <RunProgress job={job} typeName={typeName} />
          </div>
          <div style={{ flex: '1 1 14rem' }}>
            <CardJustOut job={job} typeName={typeName} />
          </div>
        </div>
      )}
      <section aria-labelledby="print-problems-title" style={panel}>
        <h4 id="print-problems-title" style={{ margin: 0 }}>
          {t('problems.title')}
        </h4>
        {problems.length === 0 ? (
          <p>{t('problems.none')}</p>
        ) : (
          <>
            <div style={{ ...row, margin: '0.5rem 0' }}>
              {(job.failed > 0 || job.rejected > 0) && (
                <button
                  type="button"
                  style={quietButton}
                  onClick={() =>
                    void act(async () => {
                      const { queued, job: view } = await client.call('print.retry', { job: job.job });
                      onJob(view);
                      return t('problems.retried', { count: queued });
                    })
                  }
                >
                  {t('problems.retry')}
                </button>
              )}
              {job.held > 0 && (
                <button
                  type="button"
                  style={quietButton}
                  onClick={() =>
                    void act(async () => {
                      const { released, job: view } = await client.call('print.release', { job: job.job });
                      onJob(view);
                      return t('problems.released', { count: released });
                    })
                  }
                >
                  {t('problems.releaseAll')}
                </button>
              )}
            </div>
            <table style={table}>
              <thead>
                <tr>
                  <th style={cell}>{t('problems.serial')}</th>
                  <th style={cell}>{t('problems.holder')}</th>
                  <th style={cell}>{t('problems.state')}</th>
                  <th style={cell}>{t('problems.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {problems.map((card) => (
                  <tr key={card.serial}>
                    <td style={cell}>{card.serial}</td>
                    <td style={cell}>
                      {card.holder}
                      {t('progress.separator')}
                      {typeName(card.type)}
                    </td>
                    <td style={cell}>{t(`problems.states.${card.state}`)}</td>
                    <td style={cell}>
                      {card.state === 'held' ? t('problems.heldReason') : card.reason}
                      {card.state === 'held' && (
                        <>
                          {' '}
                          <button
                            type="button"
                            style={quietButton}
                            aria-label={t('problems.release', { serial: card.serial })}
                            onClick={() =>
                              void act(async () => {
                                const { released, job: view } = await client.call('print.release', {
                                  job: job.job,
                                  serial: card.serial,
                                });
                                onJob(view);
                                return t('problems.released', { count: released });
                              })
                            }
                          >
                            {t('problems.releaseShort')}
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      <CardPreview client={client} job={job.job} />
    </section>
  );
}
