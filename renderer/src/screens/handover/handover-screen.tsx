/**
 * Handover: a print job's cards as the handover table sorts them (the lanyards to take from
 * stock, then every card in order with its lanyard and whether it was collected), and
 * collection at the counter: scan a card (or type its serial), check the person against the
 * photo and the document the roster registered, type the document's last four characters,
 * hand it over. The core refuses a card that must not go out and says why.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../../electron/core/rpc/contract/index.ts';
import { CallError, type DeskClient } from '../../rpc/client.ts';
import { useDesk } from '../../rpc/desk.tsx';
import { Collect } from './collect-panel.tsx';
import { field, input } from './handover-styles.ts';
import { PickList } from './pick-list.tsx';

type Batch = Result<'handover.batch'>;
type Order = 'organisation' | 'imported';

export function HandoverScreen() {
  const desk = useDesk();
  if (desk.state !== 'ready') return null;
  return <Handover client={desk.client} />;
}

function Handover({ client }: { client: DeskClient }) {
  const { t } = useTranslation('handover');
  const [jobs, setJobs] = useState<Result<'print.jobs'>['jobs']>([]);
  const [job, setJob] = useState<number | undefined>();
  const [order, setOrder] = useState<Order>('organisation');
  const [batch, setBatch] = useState<Batch | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    client
      .call('print.jobs', { limit: 50 })
      .then(({ jobs: found }) => {
        const withCards = found.filter((candidate) => candidate.issued > 0);
        setJobs(withCards);
        setJob((chosen) => chosen ?? withCards[0]?.job);
      })
      .catch((failure: unknown) => setError(failure instanceof CallError ? failure.message : String(failure)));
  }, [client]);

  const load = useCallback(() => {
    if (job === undefined) return;
    client
      .call('handover.batch', { job, order })
      .then((answer) => {
        setBatch(answer);
        setError(undefined);
      })
      .catch((failure: unknown) => setError(failure instanceof CallError ? failure.message : String(failure)));
  }, [client, job, order]);
  useEffect(load, [load]);

  return (
    <section aria-labelledby="handover-title">
      <h2 id="handover-title">{t('name')}</h2>
      <p>{t('intro')}</p>
      {jobs.length === 0 ? (
        <p role="status">{t('noJobs')}</p>
      ) : (
        <div style={{ display: 'flex', gap: '1rem', flexWrap: 'wrap', alignItems: 'flex-end' }}>
          <label style={field}>
            {t('job')}
            <select style={input} value={job ?? ''} onChange={(event) => setJob(Number(event.target.value))}>
              {jobs.map((candidate) => (
                <option key={candidate.job} value={candidate.job}>
                  {t('jobOption', { job: candidate.job, name: candidate.name, issued: candidate.issued })}
                </option>
              ))}
            </select>
          </label>
          <label style={field}>
            {t('order.label')}
            <select style={input} value={order} onChange={(event) => setOrder(event.target.value as Order)}>
              <option value="organisation">{t('order.organisation')}</option>
              <option value="imported">{t('order.imported')}</option>
            </select>
          </label>
        </div>
      )}
      {error && <p role="alert">{error}</p>}
      {job !== undefined && <Collect client={client} job={job} onCollected={load} />}
      {batch && <PickList batch={batch} />}
      <p>
        <small>{t('cli')}</small>
      </p>
    </section>
  );
}
