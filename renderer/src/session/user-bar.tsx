/**
 * Who is signed in, in what role, and the two ways to leave the desk: lock it (stepping
 * away) or sign out. Beside them the station key's state (Unlock, Lock), which only a
 * signed-in supervisor can change.
 */
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { StationLock } from '../shell/station-lock.tsx';
import { useSession } from './session-gate.tsx';

const bar: CSSProperties = {
  display: 'flex',
  alignItems: 'center',
  gap: '0.75rem',
  flexWrap: 'wrap',
  margin: '0.75rem 0 0',
  padding: '0.4rem 0.75rem',
  background: '#F3F4F6',
  borderRadius: '0.3rem',
};
const button: CSSProperties = {
  padding: '0.3rem 0.8rem',
  border: '2px solid #1F5FBF',
  borderRadius: '0.3rem',
  background: '#ffffff',
  color: '#1F5FBF',
  fontSize: '0.95rem',
  fontFamily: 'inherit',
  cursor: 'pointer',
};

export function UserBar() {
  const { t } = useTranslation('session');
  const { session, signOut, lock } = useSession();
  return (
    <section aria-label={t('bar.label')} style={bar}>
      <span style={{ flex: 1 }}>
        {t('bar.signedIn', { name: session.user.displayName, role: t(`roles.${session.user.role}`) })}
      </span>
      <StationLock />
      <button type="button" style={button} onClick={() => void lock()}>
        {t('bar.lock')}
      </button>
      <button type="button" style={button} onClick={() => void signOut()}>
        {t('bar.signOut')}
      </button>
    </section>
  );
}
