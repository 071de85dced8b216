/**
 * The station held by long work, as the page's calls found it: "Importing the roster, 40 %"
 * over every screen, not an error on each. The calls that met the busy station wait and
 * are made again when it is free (DeskClient.call), so the screens just fill in after.
 */
import { type CSSProperties, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StationBusy } from '../rpc/client.ts';
import { useDesk } from '../rpc/desk.tsx';

const banner: CSSProperties = {
  display: 'flex',
  alignItems: 'center',
  gap: '1rem',
  flexWrap: 'wrap',
  margin: '0.75rem 0 0',
  padding: '0.6rem 1rem',
  border: '2px solid #1F5FBF',
  borderLeftWidth: '0.5rem',
  borderRadius: '0.3rem',
  background: '#EFF6FF',
  color: '#1a1a1a',
  fontWeight: 700,
};
const bar: CSSProperties = { flex: '1 1 12rem', height: '1rem', accentColor: '#1F5FBF' };

export function BusyBanner() {
  const desk = useDesk();
  const { t, i18n } = useTranslation('shell');
  const [busy, setBusy] = useState<StationBusy | undefined>();
  useEffect(() => {
    if (desk.state !== 'ready') return;
    setBusy(desk.client.busy);
    return desk.client.onBusy(setBusy);
  }, [desk]);
  if (!busy) return null;
  const percent =
    busy.share === undefined ? undefined : new Intl.NumberFormat(i18n.language, { style: 'percent' }).format(busy.share);
  const what = t(`busy.${busy.work}`, { message: busy.message });
  return (
    <div role="status" style={banner}>
      <span>{percent === undefined ? what : t('busy.progress', { what, percent })}</span>
      <progress
        style={bar}
        aria-label={what}
        max={1}
        // No value: the browser's "working, how far unknown" bar.
        {...(busy.share === undefined ? {} : { value: busy.share })}
      />
      <span style={{ fontWeight: 400 }}>{t('busy.waiting')}</span>
    </div>
  );
}
