import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../../electron/core/rpc/contract/index.ts';
import { CallError } from '../../rpc/client.ts';
import { useDesk } from '../../rpc/desk.tsx';
import { BatchForm } from './batch-form.tsx';
import { JobPanel } from './job-panel.tsx';
import { alert, cell, panel, quietButton, table } from './print-styles.ts';
import type { JobView } from './run-progress.tsx';

type Types = Result<'roster.filters'>['types'];

/** Batches, their jobs, and each job's run: the screen the badge counter prints from. */
export function PrintScreen() {
  const { t, i18n } = useTranslation('print');
  const desk = useDesk();
  const [jobs, setJobs] = useState<JobView[]>([]);
  const [selected, setSelected] = useState<number>();
  /** The job just made from a batch: its panel takes the focus. */
  const [made, setMade] = useState<number>();
  const [types, setTypes] = useState<Types>([]);
  const [error, setError] = useState<string>();
  const client = desk.state === 'ready' ? desk.client : undefined;

  // A job's newest state (pushed, or as an action left it) replaces its entry.
  const merge = useCallback(
    (data: JobView) =>
      setJobs((before) =>
        before.some((job) => job.job === data.job) ? before.map((job) => (job.job === data.job ? data : job)) : [data, ...before],
      ),
    [],
  );
  const refresh = useCallback(async () => {
    if (!client) return;
    try {
      const answer = await client.call('print.jobs', {});
      setJobs(answer.jobs);
      setError(undefined);
      // The job printing (or the newest) is shown first.
      setSelected((before) => before ?? (answer.jobs.find((job) => job.status === 'printing') ?? answer.jobs[0])?.job);
    } catch (failure) {
      setError(failure instanceof CallError ? failure.message : String(failure));
    }
  }, [client]);
  useEffect(() => {
    if (!client) return;
    void refresh();
    client
      .call('roster.filters', {})
      .then((answer) => setTypes(answer.types))
      .catch(() => {});
    return client.subscribe('job.progress', merge);
  }, [client, refresh, merge]);

  // While a job prints, the list is asked again now and then: if the station's core stops
  // and is restarted, no event says so, and the job must show as it stands (interrupted).
  const printing = jobs.some((job) => job.status === 'printing');
  useEffect(() => {
    if (!printing) return;
    const timer = setInterval(() => void refresh(), 5000);
    return () => clearInterval(timer);
  }, [printing, refresh]);

  const chinese = i18n.language === 'zh-CN';
  const typeName = (code: string) => {
    const found = types.find((candidate) => candidate.code === code);
    return found ? (chinese ? found.nameZh : found.nameEn) : code;
  };
  const job = jobs.find((candidate) => candidate.job === selected);

  return (
    <section aria-labelledby="print-title">
      <h2 id="print-title">{t('name')}</h2>
      <p>{t('intro')}</p>
      {error && (
        <p role="alert" style={alert}>
          {error}
        </p>
      )}
      <section aria-labelledby="print-jobs-title" style={panel}>
        <h3 id="print-jobs-title" style={{ marginTop: 0 }}>
          {t('jobs.title')}
        </h3>
        {jobs.length === 0 ? (
          <p>{t('jobs.none')}</p>
        ) : (
          <table style={table}>
            <thead>
              <tr>
                <th style={cell}>{t('jobs.job')}</th>
                <th style={cell}>{t('jobs.jobName')}</th>
                <th style={cell}>{t('jobs.status')}</th>
                <th style={cell}>{t('jobs.cards')}</th>
                <th style={cell}>
                  <span style={{ position: 'absolute', left: '-9999px' }}>{t('jobs.opened')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {jobs.slice(0, 12).map((entry) => (
                <tr key={entry.job} style={{ background: entry.job === selected ? '#E8F0FB' : undefined }}>
                  <td style={cell}>{entry.job}</td>
                  <td style={cell}>{entry.name}</td>
                  <td style={cell}>{t(`status.${entry.status}`)}</td>
                  <td style={cell}>{t('jobs.cardsValue', { issued: entry.issued, total: entry.total })}</td>
                  <td style={cell}>
                    <button
                      type="button"
                      style={{ ...quietButton, padding: '0.2rem 0.7rem' }}
                      aria-pressed={entry.job === selected}
                      aria-label={t('jobs.open', { job: entry.job })}
                      onClick={() => setSelected(entry.job)}
                    >
                      {t('jobs.opened')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {client && job && (
        <JobPanel key={job.job} client={client} job={job} typeName={typeName} onJob={merge} focus={made === job.job} />
      )}
      {client && (
        <BatchForm
          client={client}
          onMade={(job) => {
            setSelected(job);
            setMade(job);
            void refresh();
          }}
        />
      )}
    </section>
  );
}
