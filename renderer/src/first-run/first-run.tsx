/**
 * The first run, on a data folder with no station: make this desk's station with its
 * number, or try the desk with demo data in one click (the demo event's keys, 1,000 demo
 * holders with photos, a badge each, four demo printers), its progress shown as it goes.
 */
import { type CSSProperties, type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TopicData } from '../../../electron/core/rpc/contract/index.ts';
import { CallError } from '../rpc/client.ts';
import { useDesk } from '../rpc/desk.tsx';

type Progress = TopicData<'setup.progress'>;

const BLUE = '#1F5FBF';
const card: CSSProperties = {
  flex: '1 1 20rem',
  border: '1px solid #9aa5b4',
  borderRadius: '0.4rem',
  padding: '1rem 1.25rem',
  background: '#ffffff',
};
const button = (primary: boolean, disabled: boolean): CSSProperties => ({
  padding: '0.5rem 1.1rem',
  border: `2px solid ${disabled ? '#6b7280' : BLUE}`,
  borderRadius: '0.3rem',
  background: disabled ? '#e5e7eb' : primary ? BLUE : '#ffffff',
  color: disabled ? '#374151' : primary ? '#ffffff' : BLUE,
  fontSize: '1rem',
  fontWeight: 600,
  // Buttons do not inherit the page's font by default, and the system's may have no CJK.
  fontFamily: 'inherit',
  cursor: disabled ? 'default' : 'pointer',
});
const problem: CSSProperties = {
  borderLeft: '4px solid #B42318',
  background: '#FEF3F2',
  color: '#7A271A',
  padding: '0.5rem 0.75rem',
  margin: '0.75rem 0 0',
};

export function FirstRun(props: { dataDir?: string | undefined; settingUp: boolean; onStation: () => void }) {
  const { t, i18n } = useTranslation('first-run');
  const desk = useDesk();
  const numberId = useId();
  const hintId = useId();
  const [number, setNumber] = useState('');
  const [creating, setCreating] = useState(false);
  const [createProblem, setCreateProblem] = useState<string | undefined>();
  const [demoRunning, setDemoRunning] = useState(false);
  const [demoProblem, setDemoProblem] = useState<string | undefined>();
  const [progress, setProgress] = useState<Progress | undefined>();
  const busy = creating || demoRunning || props.settingUp;

  useEffect(() => {
    if (desk.state !== 'ready') return;
    return desk.client.subscribe('setup.progress', setProgress);
  }, [desk]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (desk.state !== 'ready' || busy) return;
    setCreating(true);
    setCreateProblem(undefined);
    try {
      await desk.client.call('station.create', { number });
      props.onStation();
    } catch (failure) {
      setCreateProblem(failure instanceof Error ? failure.message : String(failure));
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
            <form onSubmit={(event) => void create(event)}>
              <label htmlFor={numberId} style={{ display: 'block', fontWeight: 600 }}>
                {t('create.number')}
              </label>
              <p id={hintId} style={{ margin: '0 0 0.4rem', color: '#374151' }}>
                {t('create.hint')}
              </p>
              <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap' }}>
                <input
                  id={numberId}
                  value={number}
                  onChange={(event) => setNumber(event.target.value)}
                  inputMode="numeric"
                  autoComplete="off"
                  aria-describedby={hintId}
                  aria-invalid={createProblem !== undefined}
                  style={{
                    width: '6rem',
                    fontSize: '1.1rem',
                    fontFamily: 'inherit',
                    padding: '0.4rem 0.5rem',
                    border: `2px solid ${createProblem ? '#B42318' : '#6b7280'}`,
                    borderRadius: '0.3rem',
                  }}
                />
                <button type="submit" disabled={busy} style={button(false, busy)}>
                  {t('create.button')}
                </button>
              </div>
              {createProblem && (
                <p role="alert" style={problem}>
                  <strong>{t('create.refused')}</strong> {createProblem}
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
