/**
 * Sync: where the station stands with upstream, which the core keeps syncing by itself
 * (electron/core/upstream/syncer.ts). One sentence first (up to date, events waiting,
 * upstream out of reach and when the next try is, not connected, locked), then the last
 * push and pull, the last failure in words with the fix, Sync now, and, for the
 * administrator, connecting the station with the connection string upstream's
 * administrator gave.
 *
 * Decision: the page asks `sync.state` every 3 seconds (it never reaches upstream, so it
 * answers at once even while upstream is down); the lag is the figure an operator
 * watches, and 3 seconds is well inside what matters for it.
 */
import { type CSSProperties, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { METHODS, type Result } from '../../../../electron/core/rpc/contract/index.ts';
import { CallError } from '../../rpc/client.ts';
import { useDesk } from '../../rpc/desk.tsx';
import { useSession } from '../../session/session-gate.tsx';
import { headline, usePolledState } from '../standing.ts';

type SyncState = Result<'sync.state'>;

const REFRESH_MS = 3_000;

const button: CSSProperties = {
  padding: '0.5rem 1.1rem',
  border: '2px solid #1F5FBF',
  borderRadius: '0.3rem',
  background: '#1F5FBF',
  color: '#ffffff',
  fontSize: '1rem',
  fontFamily: 'inherit',
  cursor: 'pointer',
};
const busyButton: CSSProperties = { ...button, background: '#ffffff', color: '#1F5FBF', cursor: 'progress' };
const tiles: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fit, minmax(13rem, 1fr))',
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
const figure: CSSProperties = { display: 'block', fontSize: '1.6rem', fontWeight: 700, lineHeight: 1.25 };
const cell: CSSProperties = {
  textAlign: 'left',
  padding: '0.3rem 0.6rem',
  borderBottom: '1px solid #D1D5DB',
  verticalAlign: 'top',
};
const field: CSSProperties = { display: 'grid', gap: '0.25rem', margin: '0.6rem 0', maxWidth: '40rem' };
const input: CSSProperties = { padding: '0.45rem', fontSize: '1rem', fontFamily: 'inherit' };

export function SyncScreen() {
  const { t } = useTranslation('sync');
  const _desk = useDesk();
  const { session } = useSession();
  const { state, error, refresh } = usePolledState('sync.state', REFRESH_MS);
  const may = (method: 'sync.now' | 'sync.conflicts' | 'sync.connect') =>
    (METHODS[method].roles as readonly string[]).includes(session.user.role);

  return (
    <section aria-labelledby="sync-title">
      <h2 id="sync-title">{t('name')}</h2>
      <p>{t('intro')}</p>
      <div role="status" aria-live="polite">
        {!state && !error && <p>{t('loading')}</p>}
        {error && <p style={headline('bad')}>{error}</p>}
        {state && <Headline state={state} />}
      </div>
      {state && state.activity !== 'off' && <Figures state={state} />}
      {state?.lastFailure && <LastFailure failure={state.lastFailure} />}
      {state && state.activity !== 'off' && may('sync.now') && <SyncNow onDone={refresh} />}
      {state && state.activity !== 'off' && may('sync.conflicts') && <Conflicts />}
      {may('sync.connect') && <Connect connected={state?.place} onDone={refresh} />}
      <p>
        <small>{t('cli')}</small>
      </p>
    </section>
  );
}

/** The one sentence an operator reads: how it stands, and what happens next. */
function Headline({ state }: { state: SyncState }) {
  const { t, i18n } = useTranslation('sync');
  const time = useTimeFormat(i18n.language);
  const waiting = state.lagEvents ?? 0;
  if (state.activity === 'off') return <p style={headline('off')}>{t('state.off')}</p>;
  if (state.activity === 'locked') return <p style={headline('off')}>{t('state.locked')}</p>;
  if (state.activity === 'waiting')
    return (
      <p style={headline('bad')}>
        {t('state.waiting', { count: waiting })}{' '}
        {state.retryAt !== undefined && t('state.retryAt', { time: time(state.retryAt) })}
      </p>
    );
  if (state.activity === 'pushing' || state.activity === 'pulling')
    return <p style={headline('busy')}>{t(`state.${state.activity}`, { count: waiting })}</p>;
  if (waiting > 0) return <p style={headline('busy')}>{t('state.behind', { count: waiting, age: seconds(state.lagMs ?? 0) })}</p>;
  return <p style={headline('good')}>{t('state.upToDate', { place: state.place })}</p>;
}

function Figures({ state }: { state: SyncState }) {
  const { t, i18n } = useTranslation('sync');
  const time = useTimeFormat(i18n.language);
  const number = useMemo(() => new Intl.NumberFormat(i18n.language), [i18n.language]);
  const never = t('never');
  return (
    <>
      <ul aria-label={t('figures.label')} style={tiles}>
        <Tile
          label={t('figures.waiting')}
          value={number.format(state.lagEvents ?? 0)}
          note={t('figures.oldest', { age: seconds(state.lagMs ?? 0) })}
        />
        <Tile
          label={t('figures.pushed')}
          value={state.pushed ? time(state.pushed.at) : never}
          note={state.pushed ? t('figures.upTo', { seq: state.pushed.seq, head: state.localHead ?? 0 }) : ''}
        />
        <Tile
          label={t('figures.pulled')}
          value={state.pulled ? time(state.pulled.at) : never}
          note={state.pulled ? t('figures.brought', state.pulled) : ''}
        />
        <Tile
          label={t('figures.nextPull')}
          value={state.pullWaits ? t('figures.afterRun') : state.pullAt ? time(state.pullAt) : t('figures.soon')}
          note={state.pullWaits ? t('figures.afterRunWhy') : ''}
        />
      </ul>
      <p>
        <small>{t('where', { place: state.place })}</small>
      </p>
    </>
  );
}

function LastFailure({ failure }: { failure: NonNullable<SyncState['lastFailure']> }) {
  const { t, i18n } = useTranslation('sync');
  const time = useTimeFormat(i18n.language);
  return (
    <section aria-labelledby="sync-failure" style={{ margin: '1rem 0' }}>
      <h3 id="sync-failure">{t('failure.title')}</h3>
      <p>
        {t(`failure.${failure.what}`, { time: time(failure.at) })}{' '}
        <strong>{t(`codes.${failure.code}`, { defaultValue: failure.message })}</strong>
      </p>
      {/* The core's own words too: they name the host, the role or the event upstream refused. */}
      <p>
        <small>{failure.message}</small>
      </p>
    </section>
  );
}

function SyncNow({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('sync');
  const desk = useDesk();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const now = async () => {
    if (desk.state !== 'ready') return;
    setBusy(true);
    setError(undefined);
    try {
      await desk.client.call('sync.now', {});
    } catch (failure) {
      setError(failure instanceof CallError ? failure.message : String(failure));
    } finally {
      setBusy(false);
      onDone();
    }
  };
  return (
    <p>
      <button type="button" style={busy ? busyButton : button} aria-disabled={busy} onClick={() => !busy && void now()}>
        {busy ? t('now.busy') : t('now.button')}
      </button>{' '}
      <small>{t('now.explain')}</small>
      {error && <span role="alert"> {error}</span>}
    </p>
  );
}

type Conflict = Result<'sync.conflicts'>['conflicts'][number];

/**
 * Holders this station and another both issued (one printed while upstream was out of
 * reach): for a supervisor to void all but one. Asked on demand, as it reaches upstream.
 */
function Conflicts() {
  const { t, i18n } = useTranslation('sync');
  const desk = useDesk();
  const time = useTimeFormat(i18n.language);
  const [busy, setBusy] = useState(false);
  const [found, setFound] = useState<Conflict[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const check = async () => {
    if (desk.state !== 'ready' || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      setFound((await desk.client.call('sync.conflicts', {})).conflicts);
    } catch (failure) {
      setFound(undefined);
      setError(failure instanceof CallError ? t(`codes.${failure.code}`, { defaultValue: failure.message }) : String(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="sync-conflicts" style={{ margin: '1.5rem 0' }}>
      <h3 id="sync-conflicts">{t('conflicts.title')}</h3>
      <p>{t('conflicts.explain')}</p>
      <button type="button" style={busy ? busyButton : button} aria-disabled={busy} onClick={() => void check()}>
        {busy ? t('conflicts.busy') : t('conflicts.button')}
      </button>
      <div role="status" aria-live="polite">
        {error && <p style={headline('bad')}>{error}</p>}
        {found?.length === 0 && <p style={headline('good')}>{t('conflicts.none')}</p>}
        {found && found.length > 0 && (
          <>
            <p style={headline('bad')}>{t('conflicts.found', { count: found.length })}</p>
            <table style={{ borderCollapse: 'collapse', minWidth: '40rem' }}>
              <thead>
                <tr>
                  <th style={cell}>{t('conflicts.holder')}</th>
                  <th style={cell}>{t('conflicts.issues')}</th>
                </tr>
              </thead>
              <tbody>
                {found.map((conflict) => (
                  <tr key={conflict.holderId}>
                    <td style={cell}>
                      {conflict.holderId} {conflict.name}
                    </td>
                    <td style={cell}>
                      {conflict.issues.map((issue) => (
                        <div key={issue.serial}>
                          {t('conflicts.issue', { serial: issue.serial, station: issue.station, time: time(issue.at) })}
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </div>
    </section>
  );
}

/** The administrator connects the station: the connection string and the station's passphrase, neither kept in the page. */
function Connect({ connected, onDone }: { connected: string | undefined; onDone: () => void }) {
  const { t } = useTranslation('sync');
  const desk = useDesk();
  const [url, setUrl] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  // The facts of the answer, worded when shown: a language switch words it again.
  const [answer, setAnswer] = useState<
    { ok: true; place: string; head: number } | { ok: false; code: string; message: string } | undefined
  >();
  const connect = async () => {
    if (desk.state !== 'ready' || busy) return;
    setBusy(true);
    setAnswer(undefined);
    try {
      const done = await desk.client.call('sync.connect', { url: url.trim(), passphrase });
      setAnswer({ ok: true, place: done.place, head: done.upstreamHead });
      setUrl('');
    } catch (failure) {
      setAnswer({
        ok: false,
        code: failure instanceof CallError ? failure.code : '',
        message: failure instanceof Error ? failure.message : String(failure),
      });
    } finally {
      setPassphrase('');
      setBusy(false);
      onDone();
    }
  };
  return (
    <section aria-labelledby="sync-connect" style={{ margin: '1.5rem 0' }}>
      <h3 id="sync-connect">{connected ? t('connect.again') : t('connect.title')}</h3>
      <p>{t('connect.explain')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void connect();
        }}
      >
        <label style={field}>
          {t('connect.url')}
          <input
            style={input}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={url}
            placeholder="postgresql://badge_station_007:…@host:5432/expo"
            onChange={(event) => setUrl(event.target.value)}
          />
        </label>
        <label style={field}>
          {t('connect.passphrase')}
          <input
            style={input}
            type="password"
            autoComplete="off"
            value={passphrase}
            onChange={(event) => setPassphrase(event.target.value)}
          />
        </label>
        <button type="submit" style={busy ? busyButton : button} aria-disabled={busy || !url || !passphrase}>
          {busy ? t('connect.busy') : t('connect.button')}
        </button>
      </form>
      {answer && (
        <p role={answer.ok ? 'status' : 'alert'} style={headline(answer.ok ? 'good' : 'bad')}>
          {answer.ok
            ? t('connect.done', { place: answer.place, head: answer.head })
            : t(`codes.${answer.code}`, { defaultValue: answer.message })}
        </p>
      )}
    </section>
  );
}

function Tile({ label, value, note }: { label: string; value: string; note: string }) {
  return (
    <li style={tile}>
      <span style={figure}>{value}</span>
      {label}
      {note && (
        <>
          <br />
          <small>{note}</small>
        </>
      )}
    </li>
  );
}

/** Times of day on the desk's computer, which is the station's (the core runs beside the page). */
function useTimeFormat(language: string): (ms: number) => string {
  return useMemo(() => {
    const clock = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' } as const;
    const timeOnly = new Intl.DateTimeFormat(language, clock);
    const withDate = new Intl.DateTimeFormat(language, { month: 'short', day: 'numeric', ...clock });
    // The time of day alone for today, with the date for any other day.
    return (ms: number) => {
      const at = new Date(ms);
      return (at.toDateString() === new Date().toDateString() ? timeOnly : withDate).format(at);
    };
  }, [language]);
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}
