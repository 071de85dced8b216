/**
 * The station's key in the header: "Station locked" with Unlock (a supervisor types the
 * station's passphrase), or Lock when it is unlocked. The passphrase goes to the core in one
 * call and is forgotten here at once; the core keeps the unlocked key in its memory only.
 */
import { type CSSProperties, type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CallError } from '../rpc/client.ts';
import { useDesk } from '../rpc/desk.tsx';

/** How often the header asks whether the station is locked: another desk tab, or a restarted core, may have changed it. */
const STATUS_EVERY_MS = 10_000;

const wrap: CSSProperties = { display: 'flex', alignItems: 'center', gap: '0.5rem', flexWrap: 'wrap' };
const button: CSSProperties = {
  padding: '0.4rem 0.9rem',
  border: '2px solid #1F5FBF',
  borderRadius: '0.3rem',
  background: '#ffffff',
  color: '#1F5FBF',
  fontSize: '1rem',
  fontFamily: 'inherit',
  cursor: 'pointer',
};
const primary: CSSProperties = { ...button, background: '#1F5FBF', color: '#ffffff' };
// The word and the padlock-free border say it, not the colour alone.
const lockedBadge: CSSProperties = {
  padding: '0.2rem 0.6rem',
  border: '2px solid #8A4B00',
  borderRadius: '0.3rem',
  color: '#5C3200',
  background: '#FFF4E0',
  fontWeight: 700,
};
const form: CSSProperties = {
  display: 'flex',
  alignItems: 'center',
  gap: '0.5rem',
  flexWrap: 'wrap',
  padding: '0.5rem',
  border: '2px solid #1F5FBF',
  borderRadius: '0.3rem',
  background: '#ffffff',
};
const input: CSSProperties = { fontSize: '1rem', fontFamily: 'inherit', padding: '0.3rem 0.5rem', minWidth: '14rem' };
const problem: CSSProperties = { flexBasis: '100%', margin: 0, color: '#A00000', fontWeight: 700 };

export function StationLock() {
  const desk = useDesk();
  const { t } = useTranslation('shell');
  const [locked, setLocked] = useState<boolean | undefined>();
  const [asking, setAsking] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [working, setWorking] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  const unlockButton = useRef<HTMLButtonElement>(null);

  const refresh = useCallback(async () => {
    if (desk.state !== 'ready') return;
    try {
      const status = await desk.client.call('station.status', {});
      setLocked(status.initialised ? status.locked : undefined);
    } catch {
      // The header stays as it was: the screens tell the operator what went wrong.
    }
  }, [desk]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), STATUS_EVERY_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  useEffect(() => {
    if (asking) field.current?.focus();
  }, [asking]);

  if (desk.state !== 'ready' || locked === undefined) return null;

  const cancel = () => {
    setAsking(false);
    setPassphrase('');
    setError(undefined);
    // Back to where the supervisor started, so the keyboard is not lost at the top of the page.
    setTimeout(() => unlockButton.current?.focus(), 0);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (passphrase === '') {
      setError(t('lock.empty'));
      return;
    }
    setWorking(true);
    try {
      await desk.client.call('station.unlock', { passphrase });
      setAsking(false);
      setError(undefined);
      setLocked(false);
    } catch (caught) {
      setError(
        caught instanceof CallError && caught.code === 'KEY_PASSPHRASE_WRONG'
          ? t('lock.wrong')
          : caught instanceof Error
            ? caught.message
            : String(caught),
      );
      field.current?.select();
    } finally {
      setPassphrase('');
      setWorking(false);
    }
  };

  const lock = async () => {
    try {
      const answer = await desk.client.call('station.lock', {});
      setLocked(answer.locked);
    } catch {
      void refresh();
    }
  };

  if (!locked)
    return (
      <div style={wrap}>
        <button type="button" style={button} onClick={() => void lock()} aria-describedby="station-lock-hint">
          {t('lock.lock')}
        </button>
        <span id="station-lock-hint" hidden>
          {t('lock.lockHint')}
        </span>
      </div>
    );

  return (
    <div style={wrap}>
      {/* Not a live region: the page's one status region is the station line (Today), and a
          locked station is the state the page opens in, not news to announce. */}
      <span style={lockedBadge}>{t('lock.locked')}</span>
      {asking ? (
        <form
          style={form}
          aria-label={t('lock.formLabel')}
          onSubmit={(event) => void submit(event)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              cancel();
            }
          }}
        >
          <label htmlFor="station-passphrase">{t('lock.passphrase')}</label>
          <input
            id="station-passphrase"
            ref={field}
            type="password"
            autoComplete="off"
            style={input}
            value={passphrase}
            aria-invalid={error !== undefined}
            aria-describedby={error ? 'station-unlock-error' : undefined}
            onChange={(event) => setPassphrase(event.target.value)}
          />
          <button type="submit" style={primary} disabled={working}>
            {t('lock.unlock')}
          </button>
          <button type="button" style={button} onClick={cancel}>
            {t('lock.cancel')}
          </button>
          {error && (
            <p id="station-unlock-error" role="alert" style={problem}>
              {error}
            </p>
          )}
        </form>
      ) : (
        <button ref={unlockButton} type="button" style={primary} onClick={() => setAsking(true)}>
          {t('lock.unlockOpen')}
        </button>
      )}
    </div>
  );
}
