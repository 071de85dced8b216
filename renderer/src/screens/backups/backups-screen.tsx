/**
 * Backups: the station's encrypted database, sealed keys and encrypted photos, copied to a
 * folder on another drive by the core on a schedule while the desk runs
 * (electron/core/backup/schedule.ts), and at once with Back up now. One line first (the last
 * backup and when the next is due), an alert when the last one failed or no folder is
 * chosen, Back up now, the plan (the administrator's to change), the backups in the folder,
 * and how to restore.
 *
 * Decision: the page asks `backup.state` every 10 seconds, and at once after Back up now or
 * Save: a backup is made at most every 5 minutes, so the screen is never far behind, and
 * the state lists the backup folder (a drive that may be slow), which is not asked often.
 */
import { type CSSProperties, type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { METHODS, type Result } from '../../../../electron/core/rpc/contract/index.ts';
import { CallError } from '../../rpc/client.ts';
import { useDesk } from '../../rpc/desk.tsx';
import { useSession } from '../../session/session-gate.tsx';
import { headline, usePolledState } from '../standing.ts';
import { seconds, useDateTimeFormat, useMegabytes, useRelativeFormat, useTimeFormat } from './backup-format.ts';

type BackupState = Result<'backup.state'>;
type Plan = Result<'backup.plan'>;

const REFRESH_MS = 10_000;
/** The plan's bounds, as the core checks them (contract/backup.ts): said here in the page's language first. */
const EVERY = { min: 5, max: 1440 } as const;
const KEEP = { min: 1, max: 1000 } as const;

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
const cell: CSSProperties = {
  textAlign: 'left',
  padding: '0.3rem 0.6rem',
  borderBottom: '1px solid #D1D5DB',
  verticalAlign: 'top',
};
const numberCell: CSSProperties = { ...cell, textAlign: 'right', whiteSpace: 'nowrap' };
const field: CSSProperties = { display: 'grid', alignContent: 'start', gap: '0.25rem', margin: '0.6rem 0', maxWidth: '40rem' };
const input: CSSProperties = { padding: '0.45rem', fontSize: '1rem', fontFamily: 'inherit' };
const hint: CSSProperties = { color: '#374151', fontSize: '0.9rem' };
const fieldProblem: CSSProperties = { color: '#7A271A', background: '#FEF3F2', padding: '0.2rem 0.5rem', margin: 0 };

export function BackupsScreen() {
  const { t } = useTranslation('backups');
  const _desk = useDesk();
  const { session } = useSession();
  const { state, error, refresh } = usePolledState('backup.state', REFRESH_MS);
  const mayPlan = (METHODS['backup.plan'].roles as readonly string[]).includes(session.user.role);

  return (
    <section aria-labelledby="backups-title">
      <h2 id="backups-title">{t('name')}</h2>
      <p>{t('intro')}</p>
      <div role="status" aria-live="polite">
        {!state && !error && <p>{t('loading')}</p>}
        {error && <p style={headline('bad')}>{error}</p>}
      </div>
      {state && <Headline state={state} />}
      {state && <Alerts state={state} mayPlan={mayPlan} />}
      {state?.folder && <BackUpNow running={state.running} onDone={refresh} />}
      {state && (mayPlan ? <PlanForm plan={state} onDone={refresh} /> : <PlanFacts plan={state} />)}
      {state && <BackupList state={state} />}
      <Note />
    </section>
  );
}

/** The one line a supervisor reads: when the last backup was, and when the next is due. */
function Headline({ state }: { state: BackupState }) {
  const { t, i18n } = useTranslation('backups');
  const time = useTimeFormat(i18n.language);
  const ago = useRelativeFormat(i18n.language);
  const { now } = state;
  // Green only when all is well: a failure or no folder is the alert's to say in red, below.
  const tone = state.running ? 'busy' : state.failure || !state.folder || state.lastAt === undefined ? 'off' : 'good';
  return (
    <p style={headline(tone)}>
      <strong>
        {state.lastAt === undefined
          ? t('status.none')
          : t('status.last', { time: time(state.lastAt, now), ago: ago(state.lastAt, now) })}
      </strong>{' '}
      {state.running
        ? t('status.running')
        : state.nextAt === undefined
          ? ''
          : state.nextAt <= now
            ? t('status.nextNow')
            : t('status.next', { time: time(state.nextAt, now), in: ago(state.nextAt, now) })}
    </p>
  );
}

/** What needs someone's hand: a failed backup, or no folder chosen. In words, not colour alone. */
function Alerts({ state, mayPlan }: { state: BackupState; mayPlan: boolean }) {
  const { t, i18n } = useTranslation('backups');
  const time = useTimeFormat(i18n.language);
  return (
    <>
      {!state.folder && (
        <p role="alert" style={headline('bad')}>
          <strong>{t('alert.off')}</strong> {mayPlan ? t('alert.offAdmin') : t('alert.offOthers')}
        </p>
      )}
      {state.failure && (
        <p role="alert" style={headline('bad')}>
          <strong>{t('alert.failed', { time: time(state.failure.at, state.now) })}</strong> {state.failure.message}
        </p>
      )}
    </>
  );
}

function BackUpNow({ running, onDone }: { running: boolean; onDone: () => void }) {
  const { t } = useTranslation('backups');
  const desk = useDesk();
  const [busy, setBusy] = useState(false);
  // The facts of the answer, worded when shown: a language switch words it again.
  const [answer, setAnswer] = useState<
    { ok: true; made: Result<'backup.now'> } | { ok: false; code: string; message: string } | undefined
  >();
  const waiting = busy || running;
  const now = async () => {
    if (desk.state !== 'ready' || waiting) return;
    setBusy(true);
    setAnswer(undefined);
    try {
      // A backup already being made is said at once, not waited out and made again.
      setAnswer({ ok: true, made: await desk.client.call('backup.now', {}, { whenBusy: 'fail' }) });
    } catch (failure) {
      setAnswer({
        ok: false,
        code: failure instanceof CallError ? failure.code : '',
        message: failure instanceof Error ? failure.message : String(failure),
      });
    } finally {
      setBusy(false);
      onDone();
    }
  };
  return (
    <div style={{ margin: '1rem 0' }}>
      <p style={{ margin: '0.5rem 0' }}>
        <button type="button" style={waiting ? busyButton : button} aria-disabled={waiting} onClick={() => void now()}>
          {waiting ? t('now.busy') : t('now.button')}
        </button>{' '}
        <small>{t('now.explain')}</small>
      </p>
      <div role="status" aria-live="polite">
        {answer?.ok && (
          <p style={headline('good')}>
            {t('now.done', {
              path: answer.made.path,
              seconds: seconds(answer.made.ms),
              events: answer.made.events,
              photos: answer.made.photos,
              copied: answer.made.photosCopied,
            })}
          </p>
        )}
      </div>
      {answer && !answer.ok && (
        <div role="alert" style={headline('bad')}>
          <strong>{t(`codes.${answer.code}`, { defaultValue: t('now.failed') })}</strong>
          <br />
          {/* The core's own words too: they name the folder and what the system said. */}
          <small>{answer.message}</small>
        </div>
      )}
    </div>
  );
}

/** The plan as supervisors and technicians see it: only the administrator changes it. */
function PlanFacts({ plan }: { plan: BackupState }) {
  const { t } = useTranslation('backups');
  return (
    <section aria-labelledby="backups-plan" style={{ margin: '1.5rem 0' }}>
      <h3 id="backups-plan">{t('plan.title')}</h3>
      <dl style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '0.25rem 1rem', margin: '0.5rem 0' }}>
        <dt>{t('plan.folder')}</dt>
        <dd style={{ margin: 0, overflowWrap: 'anywhere' }}>{plan.folder ?? t('plan.notChosen')}</dd>
        <dt>{t('plan.every')}</dt>
        <dd style={{ margin: 0 }}>{t('plan.everyValue', { count: plan.everyMinutes })}</dd>
        <dt>{t('plan.keep')}</dt>
        <dd style={{ margin: 0 }}>{t('plan.keepValue', { count: plan.keep })}</dd>
      </dl>
      <p>
        <small>{t('plan.adminOnly')}</small>
      </p>
    </section>
  );
}

type Problems = Partial<Record<'folder' | 'every' | 'keep', string>>;

/** The administrator's plan: the folder (on another drive), how often, how many kept. Checked by the core on Save. */
function PlanForm({ plan, onDone }: { plan: Plan; onDone: () => void }) {
  const { t } = useTranslation('backups');
  const desk = useDesk();
  const ids = useId();
  const [folder, setFolder] = useState(plan.folder ?? '');
  const [every, setEvery] = useState(String(plan.everyMinutes));
  const [keep, setKeep] = useState(String(plan.keep));
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ ok: true; plan: Plan } | { ok: false; message: string } | undefined>();

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (desk.state !== 'ready' || busy) return;
    setAnswer(undefined);
    const everyMinutes = Number(every);
    const kept = Number(keep);
    const found: Problems = {};
    if (folder.trim() === '') found.folder = t('plan.problems.folder');
    if (!Number.isInteger(everyMinutes) || everyMinutes < EVERY.min || everyMinutes > EVERY.max)
      found.every = t('plan.problems.every', { ...EVERY });
    if (!Number.isInteger(kept) || kept < KEEP.min || kept > KEEP.max) found.keep = t('plan.problems.keep', { ...KEEP });
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const planned = await desk.client.call('backup.plan', { folder: folder.trim(), everyMinutes, keep: kept });
      setAnswer({ ok: true, plan: planned });
      setFolder(planned.folder ?? '');
      setEvery(String(planned.everyMinutes));
      setKeep(String(planned.keep));
    } catch (failure) {
      setAnswer({ ok: false, message: failure instanceof Error ? failure.message : String(failure) });
    } finally {
      setBusy(false);
      onDone();
    }
  };

  const described = (name: keyof Problems) => `${ids}-${name}-hint${problems[name] ? ` ${ids}-${name}-problem` : ''}`;
  const problem = (name: keyof Problems) =>
    problems[name] && (
      <p id={`${ids}-${name}-problem`} style={fieldProblem}>
        {problems[name]}
      </p>
    );
  return (
    <section aria-labelledby="backups-plan" style={{ margin: '1.5rem 0' }}>
      <h3 id="backups-plan">{t('plan.title')}</h3>
      <form onSubmit={(event) => void save(event)} noValidate aria-labelledby="backups-plan">
        <div style={field}>
          <label htmlFor={`${ids}-folder`}>{t('plan.folder')}</label>
          <input
            id={`${ids}-folder`}
            style={input}
            value={folder}
            spellCheck={false}
            autoComplete="off"
            placeholder={t('plan.folderExample')}
            aria-invalid={problems.folder !== undefined}
            aria-describedby={described('folder')}
            onChange={(event) => setFolder(event.target.value)}
          />
          <span id={`${ids}-folder-hint`} style={hint}>
            {t('plan.folderHint')}
          </span>
          {problem('folder')}
        </div>
        <div style={{ display: 'flex', gap: '1.5rem', flexWrap: 'wrap' }}>
          <div style={{ ...field, maxWidth: '16rem' }}>
            <label htmlFor={`${ids}-every`}>{t('plan.every')}</label>
            <input
              id={`${ids}-every`}
              style={input}
              type="number"
              inputMode="numeric"
              min={EVERY.min}
              max={EVERY.max}
              step={1}
              value={every}
              aria-invalid={problems.every !== undefined}
              aria-describedby={described('every')}
              onChange={(event) => setEvery(event.target.value)}
            />
            <span id={`${ids}-every-hint`} style={hint}>
              {t('plan.everyHint', { ...EVERY })}
            </span>
            {problem('every')}
          </div>
          <div style={{ ...field, maxWidth: '16rem' }}>
            <label htmlFor={`${ids}-keep`}>{t('plan.keep')}</label>
            <input
              id={`${ids}-keep`}
              style={input}
              type="number"
              inputMode="numeric"
              min={KEEP.min}
              max={KEEP.max}
              step={1}
              value={keep}
              aria-invalid={problems.keep !== undefined}
              aria-describedby={described('keep')}
              onChange={(event) => setKeep(event.target.value)}
            />
            <span id={`${ids}-keep-hint`} style={hint}>
              {t('plan.keepHint', { ...KEEP })}
            </span>
            {problem('keep')}
          </div>
        </div>
        <button type="submit" style={busy ? busyButton : button} aria-disabled={busy}>
          {busy ? t('plan.saving') : t('plan.save')}
        </button>
      </form>
      <div role="status" aria-live="polite">
        {answer?.ok && (
          <p style={headline('good')}>
            {t('plan.saved', { folder: answer.plan.folder, count: answer.plan.everyMinutes, keep: answer.plan.keep })}
          </p>
        )}
      </div>
      {answer && !answer.ok && (
        <div role="alert" style={headline('bad')}>
          <strong>{t('plan.refused')}</strong>
          <br />
          <small>{answer.message}</small>
        </div>
      )}
    </section>
  );
}

/** The backups in the folder, newest first: a plain table, for eyes and screen readers alike. */
function BackupList({ state }: { state: BackupState }) {
  const { t, i18n } = useTranslation('backups');
  const when = useDateTimeFormat(i18n.language);
  const size = useMegabytes(i18n.language);
  const number = new Intl.NumberFormat(i18n.language);
  return (
    <section aria-labelledby="backups-list" style={{ margin: '1.5rem 0' }}>
      <h3 id="backups-list">{t('list.title')}</h3>
      {state.backups.length === 0 ? (
        <p>{state.folder ? t('list.empty') : t('list.emptyOff')}</p>
      ) : (
        <table style={{ borderCollapse: 'collapse', width: '100%' }}>
          <caption style={{ textAlign: 'left', fontWeight: 600 }}>
            {t('list.caption', { count: state.backups.length, keep: state.keep })}
          </caption>
          <thead>
            <tr>
              <th scope="col" style={cell}>
                {t('list.taken')}
              </th>
              <th scope="col" style={{ ...numberCell, whiteSpace: 'normal' }}>
                {t('list.events')}
              </th>
              <th scope="col" style={{ ...numberCell, whiteSpace: 'normal' }}>
                {t('list.photos')}
              </th>
              <th scope="col" style={{ ...numberCell, whiteSpace: 'normal' }}>
                {t('list.size')}
              </th>
              <th scope="col" style={cell}>
                {t('list.path')}
              </th>
            </tr>
          </thead>
          <tbody>
            {state.backups.map((backup) => (
              <tr key={backup.path}>
                <td style={{ ...cell, whiteSpace: 'nowrap' }}>{when(new Date(backup.created))}</td>
                <td style={numberCell}>{number.format(backup.events)}</td>
                <td style={numberCell}>{number.format(backup.photos)}</td>
                <td style={numberCell}>{size(backup.bytes)}</td>
                <td style={{ ...cell, overflowWrap: 'anywhere', fontSize: '0.9rem' }}>{backup.path}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** What a backup is and how one is restored, in plain words. */
function Note() {
  const { t } = useTranslation('backups');
  return (
    <section aria-labelledby="backups-note" style={{ margin: '1.5rem 0' }}>
      <h3 id="backups-note">{t('note.title')}</h3>
      <p>{t('note.encrypted')}</p>
      <p>
        {t('note.restore')} <code>{t('note.command')}</code>
      </p>
      <p>{t('note.restoreChecks')}</p>
    </section>
  );
}
