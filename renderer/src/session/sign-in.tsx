/**
 * Signing in, the first run's admin, and the locked desk: each a small form whose refusal
 * is said in the page's words (the tries left before a lockout, "locked until 10:42" in the
 * desk's own time), with the field to fix focused.
 */
import { type CSSProperties, type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CallError } from '../rpc/client.ts';
import { useDesk } from '../rpc/desk.tsx';
import type { Session } from './session-gate.tsx';

const BLUE = '#1F5FBF';
const panel: CSSProperties = {
  maxWidth: '28rem',
  margin: '2rem auto',
  border: '1px solid #9aa5b4',
  borderRadius: '0.4rem',
  padding: '1.25rem 1.5rem',
  background: '#ffffff',
};
const label: CSSProperties = { display: 'block', fontWeight: 600, marginTop: '0.75rem' };
const input: CSSProperties = {
  width: '100%',
  boxSizing: 'border-box',
  fontSize: '1.1rem',
  fontFamily: 'inherit',
  padding: '0.45rem 0.6rem',
  border: '2px solid #6b7280',
  borderRadius: '0.3rem',
};
const button = (primary: boolean): CSSProperties => ({
  padding: '0.5rem 1.1rem',
  border: `2px solid ${BLUE}`,
  borderRadius: '0.3rem',
  background: primary ? BLUE : '#ffffff',
  color: primary ? '#ffffff' : BLUE,
  fontSize: '1rem',
  fontWeight: 600,
  fontFamily: 'inherit',
  cursor: 'pointer',
});
const problemStyle: CSSProperties = {
  borderLeft: '4px solid #B42318',
  background: '#FEF3F2',
  color: '#7A271A',
  padding: '0.5rem 0.75rem',
  margin: '0.75rem 0 0',
};
const hint: CSSProperties = { color: '#374151', margin: '0.25rem 0 0' };

type SignedIn = { token: string; session: Session };

/** A refusal in the page's words where the page has them, else the core's. */
function useRefusal(): (failure: unknown) => string {
  const { t, i18n } = useTranslation('session');
  return (failure) => {
    if (failure instanceof CallError) {
      const { triesLeft, lockedUntil } = failure.details;
      if (failure.code === 'SIGN_IN_FAILED' && typeof triesLeft === 'number') return t('refused.wrong', { count: triesLeft });
      if (failure.code === 'SIGN_IN_FAILED') return t('refused.wrongOrClosed');
      if (failure.code === 'USER_LOCKED' && typeof lockedUntil === 'number')
        return t('refused.locked', {
          time: new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit' }).format(lockedUntil),
        });
    }
    return failure instanceof Error ? failure.message : String(failure);
  };
}

function Field(props: {
  id: string;
  label: string;
  type?: 'password' | 'text';
  value: string;
  onChange(value: string): void;
  invalid: boolean;
  describedBy?: string | undefined;
  autoComplete: string;
  focus?: boolean;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (props.focus) ref.current?.focus();
  }, [props.focus]);
  return (
    <>
      <label htmlFor={props.id} style={label}>
        {props.label}
      </label>
      <input
        ref={ref}
        id={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        autoComplete={props.autoComplete}
        spellCheck={false}
        autoCapitalize="off"
        aria-invalid={props.invalid}
        aria-describedby={props.describedBy}
        onChange={(event) => props.onChange(event.target.value)}
        style={{ ...input, borderColor: props.invalid ? '#B42318' : '#6b7280' }}
      />
    </>
  );
}

function Problem({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <p id={id} role="alert" style={problemStyle}>
      {text}
    </p>
  ) : null;
}

function DemoHint({ demo }: { demo: boolean }) {
  const { t } = useTranslation('session');
  if (!demo) return null;
  return (
    <p style={{ ...hint, marginTop: '1rem', padding: '0.5rem 0.75rem', background: '#EFF6FF', borderLeft: `4px solid ${BLUE}` }}>
      {t('demoHint')}
    </p>
  );
}

/** Name and password or PIN, and the sign-in; `children`: more buttons beside it (the lock screen's way back). */
function NameAndSecret(props: { onSignedIn(answer: SignedIn): void; submit: string; children?: ReactNode }) {
  const { t } = useTranslation('session');
  const desk = useDesk();
  const refusal = useRefusal();
  const nameId = useId();
  const secretId = useId();
  const problemId = useId();
  const [name, setName] = useState('');
  const [secret, setSecret] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [working, setWorking] = useState(false);
  const [focusSecret, setFocusSecret] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (desk.state !== 'ready' || working) return;
    if (name.trim() === '' || secret === '') {
      setProblem(t('refused.empty'));
      return;
    }
    setWorking(true);
    setFocusSecret(false);
    try {
      props.onSignedIn(await desk.client.call('session.signIn', { name: name.trim(), secret }));
    } catch (failure) {
      setProblem(refusal(failure));
      setSecret('');
      setFocusSecret(true);
    } finally {
      setWorking(false);
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)} aria-busy={working}>
      <Field
        id={nameId}
        label={t('name')}
        value={name}
        onChange={setName}
        invalid={problem !== undefined}
        describedBy={problem ? problemId : undefined}
        autoComplete="username"
        focus
      />
      <Field
        id={secretId}
        label={t('secret')}
        type="password"
        value={secret}
        onChange={setSecret}
        invalid={problem !== undefined}
        describedBy={problem ? problemId : undefined}
        autoComplete="current-password"
        focus={focusSecret}
      />
      <Problem id={problemId} text={problem} />
      <div style={{ display: 'flex', gap: '0.75rem', marginTop: '1rem', flexWrap: 'wrap' }}>
        <button type="submit" style={button(true)} disabled={working}>
          {props.submit}
        </button>
        {props.children}
      </div>
    </form>
  );
}

export function SignIn(props: { demo: boolean; onSignedIn(answer: SignedIn): void }) {
  const { t } = useTranslation('session');
  return (
    <main>
      <section aria-labelledby="sign-in-title" style={panel}>
        <h2 id="sign-in-title" style={{ marginTop: 0 }}>
          {t('signIn.title')}
        </h2>
        <p style={hint}>{t('signIn.explain')}</p>
        <NameAndSecret onSignedIn={props.onSignedIn} submit={t('signIn.button')} />
        <DemoHint demo={props.demo} />
      </section>
    </main>
  );
}

/** The station's first person: its admin, who then adds everyone else (Users screen). */
export function FirstAdmin(props: { onSignedIn(answer: SignedIn): void }) {
  const { t } = useTranslation('session');
  const desk = useDesk();
  const refusal = useRefusal();
  const ids = { name: useId(), shown: useId(), secret: useId(), again: useId(), problem: useId(), rule: useId() };
  const [name, setName] = useState('');
  const [shown, setShown] = useState('');
  const [secret, setSecret] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [working, setWorking] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (desk.state !== 'ready' || working) return;
    if (name.trim() === '' || secret === '') return setProblem(t('refused.empty'));
    if (secret !== again) return setProblem(t('firstAdmin.mismatch'));
    setWorking(true);
    try {
      props.onSignedIn(
        await desk.client.call('users.firstAdmin', {
          name: name.trim(),
          secret,
          ...(shown.trim() === '' ? {} : { displayName: shown.trim() }),
        }),
      );
    } catch (failure) {
      setProblem(refusal(failure));
    } finally {
      setWorking(false);
    }
  };
  const described = problem ? `${ids.rule} ${ids.problem}` : ids.rule;
  return (
    <main>
      <section aria-labelledby="first-admin-title" style={panel}>
        <h2 id="first-admin-title" style={{ marginTop: 0 }}>
          {t('firstAdmin.title')}
        </h2>
        <p style={hint}>{t('firstAdmin.explain')}</p>
        <form onSubmit={(event) => void submit(event)} aria-busy={working}>
          <Field id={ids.name} label={t('name')} value={name} onChange={setName} invalid={false} autoComplete="username" focus />
          <Field
            id={ids.shown}
            label={t('firstAdmin.shownName')}
            value={shown}
            onChange={setShown}
            invalid={false}
            autoComplete="name"
          />
          <Field
            id={ids.secret}
            label={t('firstAdmin.secret')}
            type="password"
            value={secret}
            onChange={setSecret}
            invalid={problem !== undefined}
            describedBy={described}
            autoComplete="new-password"
          />
          <p id={ids.rule} style={hint}>
            {t('firstAdmin.rule')}
          </p>
          <Field
            id={ids.again}
            label={t('firstAdmin.again')}
            type="password"
            value={again}
            onChange={setAgain}
            invalid={problem !== undefined}
            describedBy={problem ? ids.problem : undefined}
            autoComplete="new-password"
          />
          <Problem id={ids.problem} text={problem} />
          <div style={{ marginTop: '1rem' }}>
            <button type="submit" style={button(true)} disabled={working}>
              {t('firstAdmin.button')}
            </button>
          </div>
        </form>
      </section>
    </main>
  );
}

/** The locked desk: its person types their secret, or someone else signs in (which ends that session). */
export function LockScreen(props: {
  session: Session;
  demo: boolean;
  onUnlocked(session: Session): void;
  onSignedIn(answer: SignedIn): void;
}) {
  const { t } = useTranslation('session');
  const desk = useDesk();
  const refusal = useRefusal();
  const secretId = useId();
  const problemId = useId();
  const [secret, setSecret] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [working, setWorking] = useState(false);
  const [someoneElse, setSomeoneElse] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (desk.state !== 'ready' || working) return;
    if (secret === '') return setProblem(t('refused.empty'));
    setWorking(true);
    try {
      props.onUnlocked(await desk.client.call('session.unlock', { secret }));
    } catch (failure) {
      setProblem(refusal(failure));
      setSecret('');
    } finally {
      setWorking(false);
    }
  };
  return (
    <main>
      <section aria-labelledby="lock-title" style={panel}>
        <h2 id="lock-title" style={{ marginTop: 0 }}>
          {t('lock.title')}
        </h2>
        {someoneElse ? (
          <>
            <p style={hint}>{t('lock.someoneElseExplain', { name: props.session.user.displayName })}</p>
            <NameAndSecret onSignedIn={props.onSignedIn} submit={t('signIn.button')}>
              <button type="button" style={button(false)} onClick={() => setSomeoneElse(false)}>
                {t('lock.back')}
              </button>
            </NameAndSecret>
            <DemoHint demo={props.demo} />
          </>
        ) : (
          <form onSubmit={(event) => void submit(event)} aria-busy={working}>
            <p style={hint}>
              {t('lock.explain', { name: props.session.user.displayName, role: t(`roles.${props.session.user.role}`) })}
            </p>
            <Field
              id={secretId}
              label={t('secret')}
              type="password"
              value={secret}
              onChange={setSecret}
              invalid={problem !== undefined}
              describedBy={problem ? problemId : undefined}
              autoComplete="current-password"
              focus
            />
            <Problem id={problemId} text={problem} />
            <div style={{ display: 'flex', gap: '0.75rem', marginTop: '1rem', flexWrap: 'wrap' }}>
              <button type="submit" style={button(true)} disabled={working}>
                {t('lock.unlock')}
              </button>
              <button type="button" style={button(false)} onClick={() => setSomeoneElse(true)}>
                {t('lock.someoneElse')}
              </button>
            </div>
          </form>
        )}
      </section>
    </main>
  );
}
