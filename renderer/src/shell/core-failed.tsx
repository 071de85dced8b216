/**
 * The station core given up on (it stopped three times in a minute: the host answers
 * CORE_FAILED): said once, over every screen, with the way to its log, rather than as an
 * error on each screen's next call. In the desktop app a button opens the log folder.
 */
import { type CSSProperties, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesk } from '../rpc/desk.tsx';

const banner: CSSProperties = {
  margin: '0.75rem 0 0',
  padding: '0.6rem 1rem',
  border: '2px solid #B42318',
  borderLeftWidth: '0.5rem',
  borderRadius: '0.3rem',
  background: '#FEF2F2',
  color: '#1a1a1a',
};
const button: CSSProperties = {
  fontFamily: 'inherit',
  fontSize: '1rem',
  padding: '0.35rem 0.9rem',
  border: '2px solid #B42318',
  borderRadius: '0.3rem',
  background: '#ffffff',
  color: '#B42318',
  cursor: 'pointer',
};

export function CoreFailedBanner() {
  const desk = useDesk();
  const { t } = useTranslation('shell');
  const [failed, setFailed] = useState<string | undefined>();
  useEffect(() => {
    if (desk.state !== 'ready') return;
    setFailed(desk.client.coreFailed);
    return desk.client.onCoreFailed(setFailed);
  }, [desk]);
  if (failed === undefined) return null;
  const openLogs = window.station?.openLogs;
  return (
    <div role="alert" style={banner}>
      <p style={{ margin: 0, fontWeight: 700 }}>{t('coreFailed.title')}</p>
      <p style={{ margin: '0.3rem 0' }}>{t('coreFailed.what')}</p>
      {openLogs ? (
        <button type="button" style={button} onClick={() => openLogs()}>
          {t('coreFailed.openLogs')}
        </button>
      ) : (
        <p style={{ margin: '0.3rem 0' }}>{t('coreFailed.where')}</p>
      )}
      <p style={{ margin: '0.3rem 0 0', fontSize: '0.9rem', color: '#374151' }}>{t('coreFailed.detail', { message: failed })}</p>
    </div>
  );
}
