/**
 * Today: the office's live picture. Cards issued today by hour and by badge type, each
 * printer's pace and state, the day's rejects with their reasons, jobs under way, and
 * who still waits for a badge, from one `today.figures` call.
 *
 * Decision: the page asks again 10 seconds after each answer rather than subscribing to
 * pushed figures (contract/today.ts says why that is cheap for the core). 10 seconds is
 * as often as a supervisor glancing over can see a difference (a printer does a card in
 * 20-30), and the next ask waits for the last answer, so a slow station is never asked twice.
 *
 * Decision: a fresh demo station shows an empty day until something prints; the demo
 * prints nothing while it is set up. An issued history would have to be real cards
 * through the pipeline at set-up (all in the set-up's hour: earlier hours would be made-up
 * rows), costing the one-click set-up its speed and changing what every other screen
 * starts from (1,000 badges waiting, every printer free). Printing a batch on the Print
 * screen fills this one within seconds.
 */
import { type CSSProperties, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../../electron/core/rpc/contract/index.ts';
import { CallError } from '../../rpc/client.ts';
import { useDesk } from '../../rpc/desk.tsx';
import { BarChart } from './bar-chart.tsx';
import { clockTime, type Figures, typeName } from './today-format.ts';
import { JobsPanel, PrintersPanel, RejectsPanel, WithoutBadgePanel } from './today-panels.tsx';

const REFRESH_MS = 10_000;

const grid: CSSProperties = { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(22rem, 1fr))', gap: '1.5rem' };
const tiles: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fit, minmax(11rem, 1fr))',
  gap: '0.75rem',
  margin: '1rem 0 1.5rem',
  padding: 0,
  listStyle: 'none',
};
const tile: CSSProperties = {
  border: '1px solid #c8ccd4',
  borderRadius: '0.4rem',
  padding: '0.5rem 0.8rem',
  background: '#f7f8fa',
};
const figure: CSSProperties = { display: 'block', fontSize: '2rem', fontWeight: 700, lineHeight: 1.2 };

export function TodayScreen() {
  const { t, i18n } = useTranslation('today');
  const desk = useDesk();
  const [figures, setFigures] = useState<Figures | undefined>();
  const [sync, setSync] = useState<Result<'sync.state'> | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    if (desk.state !== 'ready') return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const ask = async () => {
      try {
        const [answer, synced] = await Promise.all([
          desk.client.call('today.figures', {}),
          desk.client.call('sync.state', {}).catch(() => undefined),
        ]);
        if (stopped) return;
        setFigures(answer);
        setSync(synced);
        setError(undefined);
      } catch (failure) {
        if (!stopped) setError(failure instanceof CallError ? failure.message : String(failure));
      }
      if (!stopped) timer = setTimeout(ask, REFRESH_MS);
    };
    void ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [desk]);

  const language = i18n.language;
  const number = useMemo(() => new Intl.NumberFormat(language), [language]);
  return (
    <section aria-labelledby="today-title">
      <h2 id="today-title">{t('name')}</h2>
      {/* The one status region: which station. The time of the last answer stays out of it,
          or a screen reader would announce it every 10 seconds. */}
      <p role="status" style={{ margin: '0 0 0.2rem' }}>
        {figures && (
          <>
            <strong style={{ marginRight: '1.5rem' }}>{t('station', { number: figures.station })}</strong>
            {t('holders', { count: figures.holders })}
          </>
        )}
        {!figures && !error && t('loading')}
        {error && <span style={{ color: '#B3261E' }}>{error}</span>}
      </p>
      {figures && (
        <p style={{ margin: 0 }}>
          <small>{t('updated', { time: clockTime(figures.at, figures.timeZone, language, true), zone: figures.timeZone })}</small>
        </p>
      )}
      {figures && sync && <SyncLine sync={sync} timeZone={figures.timeZone} />}
      {figures && (
        <>
          <ul aria-label={t('tiles.label')} style={tiles}>
            <Tile label={t('tiles.issued')} value={number.format(figures.issued.total)} />
            <Tile label={t('tiles.rejects')} value={number.format(figures.rejects.total)} />
            <Tile label={t('tiles.without')} value={number.format(figures.withoutBadge.total)} />
            <Tile label={t('tiles.jobs')} value={number.format(figures.jobs.length)} />
          </ul>
          <div style={grid}>
            <BarChart
              caption={t('byHour.title')}
              labels={figures.issued.byHour.map((hour) => clockTime(hour.start, figures.timeZone, language))}
              values={figures.issued.byHour.map((hour) => hour.issued)}
              colours="#1F5FBF"
              labelHeading={t('byHour.hour')}
              valueHeading={t('byHour.cards')}
              format={(value) => number.format(value)}
              height="15rem"
            />
            <BarChart
              caption={t('byType.title')}
              labels={figures.issued.byType.map((type) => typeName(type, language))}
              values={figures.issued.byType.map((type) => type.issued)}
              colours={figures.issued.byType.map((type) => type.colour)}
              horizontal
              labelHeading={t('byType.type')}
              valueHeading={t('byType.cards')}
              format={(value) => number.format(value)}
              height="15rem"
            />
            <PrintersPanel figures={figures} />
            <RejectsPanel figures={figures} />
            <JobsPanel figures={figures} />
            <WithoutBadgePanel figures={figures} />
          </div>
        </>
      )}
    </section>
  );
}

/** Where sync with upstream stands, in one line (the Sync screen has the rest). */
function SyncLine({ sync, timeZone }: { sync: Result<'sync.state'>; timeZone: string }) {
  const { t, i18n } = useTranslation('today');
  const waiting = sync.lagEvents ?? 0;
  const age = Math.round((sync.lagMs ?? 0) / 1000);
  const words =
    sync.activity === 'off'
      ? t('sync.off')
      : sync.activity === 'locked'
        ? t('sync.locked')
        : sync.activity === 'waiting'
          ? t('sync.unreachable', {
              count: waiting,
              time: sync.retryAt ? clockTime(sync.retryAt, timeZone, i18n.language, true) : '',
            })
          : waiting > 0
            ? t('sync.behind', { count: waiting, age })
            : t('sync.upToDate');
  const bad = sync.activity === 'waiting';
  return (
    <p style={{ margin: '0.2rem 0 0' }}>
      <small style={bad ? { color: '#B3261E', fontWeight: 700 } : {}}>{words}</small>
    </p>
  );
}

function Tile({ label, value }: { label: string; value: string }) {
  return (
    <li style={tile}>
      <span style={figure}>{value}</span>
      {label}
    </li>
  );
}
