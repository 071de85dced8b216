/**
 * A station whose data is still encrypted: someone who knows its passphrase (a supervisor)
 * types it to open the station, and the sign-in comes next. The passphrase goes to the core
 * in one call and is forgotten here at once, whatever the answer.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CallError } from '../rpc/client.ts';
import { useDesk } from '../rpc/desk.tsx';
import { button, card, field, label, problem } from './styles.ts';

export function OpenStation(props: { dataDir: string; onOpened: () => void }) {
  const { t } = useTranslation('first-run');
  const desk = useDesk();
  const ids = { passphrase: useId(), problem: useId() };
  const input = useRef<HTMLInputElement>(null);
  const [passphrase, setPassphrase] = useState('');
  const [refusal, setRefusal] = useState<string | undefined>();
  const [opening, setOpening] = useState(false);

  useEffect(() => {
    input.current?.focus();
  }, []);

  const open = async (event: FormEvent) => {
    event.preventDefault();
    if (desk.state !== 'ready' || opening) return;
    if (passphrase === '') {
      setRefusal(t('open.empty'));
      input.current?.focus();
      return;
    }
    setOpening(true);
    setRefusal(undefined);
    try {
      // Busy (another desk tab's work on a station it opened): said, not waited for unseen.
      await desk.client.call('station.open', { passphrase }, { whenBusy: 'fail' });
      props.onOpened();
    } catch (failure) {
      // In the page's words where it has them, else the core's.
      setRefusal(
        failure instanceof CallError && failure.code === 'KEY_PASSPHRASE_WRONG'
          ? t('open.wrong')
          : failure instanceof Error
            ? failure.message
            : String(failure),
      );
      // The field is typed afresh, and the focus is back in it.
      setTimeout(() => input.current?.focus(), 0);
    } finally {
      setPassphrase('');
      setOpening(false);
    }
  };

  return (
    <main style={{ marginBottom: '1.5rem' }}>
      <section aria-labelledby="open-station-title" style={{ ...card, maxWidth: '34rem', margin: '2rem auto' }}>
        <h2 id="open-station-title" style={{ marginTop: 0, marginBottom: '0.25rem' }}>
          {t('open.title')}
        </h2>
        <p style={{ marginTop: 0, fontWeight: 600 }}>{t('open.sealed')}</p>
        <p style={{ overflowWrap: 'anywhere' }}>{t('open.explain', { dataDir: props.dataDir })}</p>
        <form onSubmit={(event) => void open(event)} aria-busy={opening}>
          <label htmlFor={ids.passphrase} style={label}>
            {t('open.passphrase')}
          </label>
          <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap', marginTop: '0.3rem' }}>
            <input
              id={ids.passphrase}
              ref={input}
              type="password"
              value={passphrase}
              onChange={(event) => setPassphrase(event.target.value)}
              // Not offered to the browser's password store: the station's data is only as
              // sealed as its passphrase is kept off the desk's computer.
              autoComplete="off"
              readOnly={opening}
              spellCheck={false}
              autoCapitalize="off"
              maxLength={500}
              aria-invalid={refusal !== undefined}
              aria-describedby={refusal ? ids.problem : undefined}
              style={{ ...field(refusal !== undefined, '20rem'), flex: '1 1 14rem' }}
            />
            <button type="submit" disabled={opening} style={button(true, opening)}>
              {opening ? t('open.opening') : t('open.button')}
            </button>
          </div>
          {refusal && (
            <p id={ids.problem} role="alert" style={problem}>
              <strong>{t('open.refused')}</strong> {refusal}
            </p>
          )}
        </form>
      </section>
    </main>
  );
}
