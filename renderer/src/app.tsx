import { type CSSProperties, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { METHODS } from '../../electron/core/rpc/contract/index.ts';
import { StationGate } from './first-run/station-gate.tsx';
import { PAGE_FONT } from './fonts.ts';
import { LANGUAGES, setLanguage } from './i18n/index.ts';
import type { StationBridge } from './rpc/client.ts';
import { DeskProvider } from './rpc/desk.tsx';
import { SCREENS } from './screens/index.ts';
import { SessionGate, useSession } from './session/session-gate.tsx';
import { BusyBanner } from './shell/busy-banner.tsx';
import { CoreFailedBanner } from './shell/core-failed.tsx';
import { scannedBadge } from './shell/scanned-badge.ts';
import { useScanner } from './shell/scanner.ts';

// Shape of what electron/preload exposes. Browser mode has no preload, hence optional.
declare global {
  interface Window {
    readonly station?: {
      readonly version: string;
      readonly connection?: StationBridge;
      openLogs?(): void;
      setLanguage?(language: string): void;
    };
  }
}

// Style objects, not style attributes or injected <style>: React applies them through the
// CSSOM, which the strict style-src 'self' allows.
const page: CSSProperties = {
  fontFamily: PAGE_FONT,
  maxWidth: '64rem',
  margin: '0 auto',
  padding: '1rem 1.5rem',
  lineHeight: 1.6,
  color: '#1a1a1a',
};
const bar: CSSProperties = { display: 'flex', alignItems: 'center', gap: '1rem', flexWrap: 'wrap' };
const tab = (current: boolean): CSSProperties => ({
  padding: '0.4rem 0.9rem',
  border: '2px solid #1F5FBF',
  borderRadius: '0.3rem',
  background: current ? '#1F5FBF' : '#ffffff',
  color: current ? '#ffffff' : '#1F5FBF',
  fontSize: '1rem',
  // Buttons do not inherit the page's font by default, and the system's may have no CJK.
  fontFamily: 'inherit',
  cursor: 'pointer',
});

export function App() {
  return (
    <DeskProvider>
      <Shell />
    </DeskProvider>
  );
}

function Shell() {
  const { t, i18n } = useTranslation('common');
  const version = window.station?.version;
  return (
    <div style={page}>
      <header style={bar}>
        <h1 style={{ margin: 0, flex: 1, whiteSpace: 'nowrap' }}>{t('title')}</h1>
        <fieldset style={{ ...bar, border: 'none', margin: 0, padding: 0 }}>
          <legend style={{ float: 'left', marginRight: '0.5rem' }}>{t('language')}</legend>
          {LANGUAGES.map((language) => (
            <button
              key={language}
              type="button"
              lang={language}
              aria-pressed={i18n.language === language}
              style={tab(i18n.language === language)}
              onClick={() => setLanguage(language)}
            >
              {t(`languages.${language}`)}
            </button>
          ))}
        </fieldset>
      </header>
      {/* No station yet: the first run instead of the screens (first-run/); nobody signed in: the sign-in (session/). */}
      <StationGate>
        <SessionGate>
          <Screens />
        </SessionGate>
      </StationGate>
      <footer>
        <small>{version === undefined ? t('mode.browser') : t('mode.desktop', { version })}</small>
      </footer>
    </div>
  );
}

/** The screens the signed-in person's role may use, and the one showing. */
function Screens() {
  const { t } = useTranslation('common');
  const { session } = useSession();
  const mine = SCREENS.filter((candidate) => (METHODS[candidate.method].roles as readonly string[]).includes(session.user.role));
  const [current, setCurrent] = useState(mine[0]?.id ?? '');
  const screen = mine.find((candidate) => candidate.id === current);
  // A badge scanned anywhere opens its holder's file on the Roster screen; on the Handover
  // screen it is the card being collected, on the Reprint screen the badge being replaced,
  // and stays there.
  useScanner((serial) => {
    scannedBadge.put(serial);
    setCurrent((showing) => (showing === 'handover' || showing === 'reprint' ? showing : 'roster'));
  });
  return (
    <>
      <nav aria-label={t('nav.label')} style={{ ...bar, margin: '1rem 0' }}>
        {mine.map((candidate) => (
          <button
            key={candidate.id}
            type="button"
            aria-current={candidate.id === current ? 'page' : undefined}
            style={tab(candidate.id === current)}
            onClick={() => setCurrent(candidate.id)}
          >
            {t('name', { ns: candidate.id })}
          </button>
        ))}
      </nav>
      <BusyBanner />
      <CoreFailedBanner />
      <main>{screen && <screen.component />}</main>
    </>
  );
}
