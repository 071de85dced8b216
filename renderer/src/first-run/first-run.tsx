/**
 * The first run, on a data folder with no station: make this desk's station with its
 * number and the passphrase its data is sealed under, or try the desk with demo data in one
 * click (the demo event's keys, 1,000 demo holders with photos, a badge each, four demo
 * printers), its progress shown as it goes.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TopicData } from '../../../electron/core/rpc/contract/index.ts';
import { CallError } from '../rpc/client.ts';
import { useDesk } from '../rpc/desk.tsx';
import { button, card, field, hint, label, problem } from './styles.ts';

type Progress = TopicData<'setup.progress'>;

/** The core's rule for a station passphrase (station.create): at least this many characters, at most MAX. */
const MIN_PASSPHRASE = 10;
const MAX_PASSPHRASE = 500;

/** A refusal of the create form, and the field it is about (to mark and focus). */
interface CreateProblem {
  message: string;
  field?: 'number' | 'passphrase' | 'again';
}

export function FirstRun(props: { dataDir?: string | undefined; settingUp: boolean; onStation: () => void }) {
  const { t, i18n } = useTranslation('first-run');
  const desk = useDesk();
  const ids = { number: useId(), hint: useId(), passphrase: useId(), rule: useId(), again: useId(), problem: useId() };
  const numberField = useRef<HTMLInputElement>(null);
  const passphraseField = useRef<HTMLInputElement>(null);
  const [number, setNumber] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [creating, setCreating] = useState(false);
  const [createProblem, setCreateProblem] = useState<CreateProblem | undefined>();
  const [demoRunning, setDemoRunning] = useState(false);
  const [demoProblem, setDemoProblem] = useState<string | undefined>();
  const [progress, setProgress] = useState<Progress | undefined>();
  const busy = creating || demoRunning || props.settingUp;

  useEffect(() => {
    if (desk.state !== 'ready') return;
    return desk.client.subscribe('setup.progress', setProgress);
  }, [desk]);

  /** Refused here, before the core: both passphrase fields typed afresh, from the first. */
  const refusePassphrase = (message: string, field: CreateProblem['field']) => {
    setCreateProblem({ message, field });
    setPassphrase('');
    setAgain('');
    passphraseField.current?.focus();
  };

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (desk.state !== 'ready' || busy) return;
    if (passphrase.length < MIN_PASSPHRASE) return refusePassphrase(t('create.tooShort', { min: MIN_PASSPHRASE }), 'passphrase');
    if (passphrase !== again) return refusePassphrase(t('create.mismatch'), 'again');
    setCreating(true);
    setCreateProblem(undefined);
    try {
      await desk.client.call('station.create', { number, passphrase });
      props.onStation();
    } catch (failure) {
      const aboutNumber = failure instanceof CallError && failure.code === 'STATION_NUMBER_INVALID';
      setCreateProblem({
        message: failure instanceof Error ? failure.message : String(failure),
        ...(aboutNumber ? { field: 'number' as const } : {}),
      });
      if (aboutNumber) numberField.current?.focus();
    } finally {
      setCreating(false);
    }
  };

  const demo = async () => {
    if (desk.state !== 'ready' || busy) return;
    setDemoRunning(true);
    setDemoProblem(undefined);
    setCreateProblem(undefined);
    setProgress(undefined);
    try {
      await desk.client.call('station.demo', {});
      props.onStation();
    } catch (failure) {
      // Someone else's demo or station got there first: there is a station to show now.
      if (failure instanceof CallError && failure.code === 'STATION_EXISTS') props.onStation();
      else setDemoProblem(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setDemoRunning(false);
    }
  };

  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent' }).format(progress?.share ?? 0);
  const showProgress = demoRunning || props.settingUp;
  // Too short, or not the same twice: either may be the one mistyped, so both are marked.
  const passphraseProblem = createProblem?.field === 'passphrase' || createProblem?.field === 'again';
  return (
    <main style={{ marginBottom: '1.5rem' }}>
      <section aria-labelledby="first-run-title">
        <h2 id="first-run-title">{t('title')}</h2>
        <p>{props.dataDir === undefined ? t('intro') : t('introIn', { dataDir: props.dataDir })}</p>
        <div style={{ display: 'flex', gap: '1rem', flexWrap: 'wrap', alignItems: 'stretch' }}>
          <section aria-labelledby="first-run-create" style={card}>
            <h3 id="first-run-create" style={{ marginTop: 0 }}>
              {t('create.title')}
            </h3>
            <p>{t('create.explain')}</p>
            <form onSubmit={(event) => void create(event)} aria-busy={creating}>
              <label htmlFor={ids.number} style={label}>
                {t('create.number')}
              </label>
              <p id={ids.hint} style={hint}>
                {t('create.hint')}
              </p>
              <input
                id={ids.number}
                ref={numberField}
                value={number}
                onChange={(event) => setNumber(event.target.value)}
                inputMode="numeric"
                autoComplete="off"
                aria-describedby={createProblem?.field === 'number' ? `${ids.hint} ${ids.problem}` : ids.hint}
                aria-invalid={createProblem?.field === 'number'}
                style={field(createProblem?.field === 'number', '6rem')}
              />
              <label htmlFor={ids.passphrase} style={{ ...label, marginTop: '0.9rem' }}>
                {t('create.passphrase')}
              </label>
              <div id={ids.rule}>
                <p style={hint}>{t('create.passphraseHint', { min: MIN_PASSPHRASE })}</p>
                <p style={{ ...hint, fontWeight: 600 }}>{t('create.passphraseKeep')}</p>
              </div>
              <input
                id={ids.passphrase}
                ref={passphraseField}
                type="password"
                value={passphrase}
                onChange={(event) => setPassphrase(event.target.value)}
                autoComplete="new-password"
                spellCheck={false}
                autoCapitalize="off"
                maxLength={MAX_PASSPHRASE}
                aria-describedby={passphraseProblem ? `${ids.rule} ${ids.problem}` : ids.rule}
                aria-invalid={passphraseProblem}
                style={field(passphraseProblem, '22rem')}
              />
              <label htmlFor={ids.again} style={{ ...label, marginTop: '0.9rem' }}>
                {t('create.again')}
              </label>
              <input
                id={ids.again}
                type="password"
                value={again}
                onChange={(event) => setAgain(event.target.value)}
                autoComplete="new-password"
                spellCheck={false}
                autoCapitalize="off"
                maxLength={MAX_PASSPHRASE}
                aria-describedby={createProblem?.field === 'again' ? ids.problem : undefined}
                aria-invalid={createProblem?.field === 'again'}
                style={field(createProblem?.field === 'again', '22rem')}
              />
              <div style={{ marginTop: '1rem' }}>
                <button type="submit" disabled={busy} style={button(false, busy)}>
                  {t('create.button')}
                </button>
              </div>
              {createProblem && (
                <p id={ids.problem} role="alert" style={problem}>
                  <strong>{t('create.refused')}</strong> {createProblem.message}
                </p>
              )}
            </form>
          </section>
          <section aria-labelledby="first-run-demo" style={card}>
            <h3 id="first-run-demo" style={{ marginTop: 0 }}>
              {t('demo.title')}
            </h3>
            <p>{t('demo.explain')}</p>
            <p style={{ color: '#374151' }}>{t('demo.practice')}</p>
            <button type="button" disabled={busy} style={button(true, busy)} onClick={() => void demo()}>
              {t('demo.button')}
            </button>
            <div role="status" style={{ marginTop: '0.75rem' }}>
              {showProgress && (
                <>
                  <p style={{ margin: '0 0 0.3rem' }}>
                    {t('demo.progress', { step: t(`demo.steps.${progress?.step ?? 'station'}`), percent })}
                  </p>
                  <progress
                    max={100}
                    value={Math.round((progress?.share ?? 0) * 100)}
                    aria-label={t('demo.progressLabel')}
                    style={{ width: '100%', height: '1.1rem' }}
                  />
                </>
              )}
            </div>
            {demoProblem && (
              <p role="alert" style={problem}>
                <strong>{t('demo.failed')}</strong> {demoProblem}
              </p>
            )}
          </section>
        </div>
      </section>
    </main>
  );
}
