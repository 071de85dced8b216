import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../../electron/core/rpc/contract/index.ts';
import { CallError } from '../../rpc/client.ts';
import { useDesk } from '../../rpc/desk.tsx';

type Status = Result<'station.status'>;

/** The station behind the page: which it is, how many holders, how far its ledger goes. */
export function HomeScreen() {
  const { t } = useTranslation('home');
  const desk = useDesk();
  const [status, setStatus] = useState<Status | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    if (desk.state !== 'ready') return;
    desk.client
      .call('station.status', {})
      .then(setStatus)
      .catch((failure: unknown) => setError(failure instanceof CallError ? failure.message : String(failure)));
  }, [desk]);
  return (
    <section aria-labelledby="home-title">
      <h2 id="home-title">{t('name')}</h2>
      <div role="status">
        {error}
        {status && !status.initialised && <p>{t('none', { dataDir: status.dataDir })}</p>}
        {status?.initialised && (
          <>
            <p>{t('station', { number: status.station })}</p>
            <p>{t('holders', { count: status.holders ?? 0 })}</p>
            <p>{t('ledger', { count: status.ledgerHead ?? 0 })}</p>
          </>
        )}
      </div>
      <p>{t('soon')}</p>
    </section>
  );
}
