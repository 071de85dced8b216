/**
 * Who is at the desk. The screens show only once someone is signed in; until then the
 * sign-in (or, on a station with nobody yet, its first admin), and while the desk is locked
 * the lock, over the screens kept as they were underneath. The core decides all of it: the
 * page keeps its session's token for the tab (sessionStorage), resumes it after a reload,
 * and looks again whenever a call is refused for want of a session.
 *
 * Idle lock: the page tells the core someone is there (session.touch) when a key or the
 * pointer is used, at most every TOUCH_EVERY_MS, and asks once the idle time has passed
 * without either; the core locks a session left idle, whatever the page does.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../electron/core/rpc/contract/index.ts';
import { CallError } from '../rpc/client.ts';
import { useDesk } from '../rpc/desk.tsx';
import { FirstAdmin, LockScreen, SignIn } from './sign-in.tsx';
import { UserBar } from './user-bar.tsx';

export type Session = Result<'session.resume'>;

const STORED = 'badge-station.session';
const TOUCH_EVERY_MS = 15_000;

type Gate =
  | { state: 'checking' }
  | { state: 'first-admin' }
  | { state: 'sign-in' }
  | { state: 'in'; session: Session }
  | { state: 'failed'; message: string };

interface SessionDesk {
  session: Session;
  signOut(): Promise<void>;
  lock(): Promise<void>;
}

const SessionContext = createContext<SessionDesk | undefined>(undefined);

/** The signed-in session, for the screens inside the gate. */
export function useSession(): SessionDesk {
  const found = useContext(SessionContext);
  if (!found) throw new Error('useSession() outside the SessionGate');
  return found;
}

export function SessionGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation('common');
  const desk = useDesk();
  const [gate, setGate] = useState<Gate>({ state: 'checking' });
  const [demo, setDemo] = useState(false);
  const lastTouch = useRef(0);

  const check = useCallback(async () => {
    if (desk.state !== 'ready') return;
    const client = desk.client;
    try {
      const token = sessionStorage.getItem(STORED);
      if (token !== null) {
        try {
          setGate({ state: 'in', session: await client.call('session.resume', { token }) });
          return;
        } catch (failure) {
          if (!(failure instanceof CallError) || failure.code !== 'SESSION_ENDED') throw failure;
          sessionStorage.removeItem(STORED);
        }
      }
      const status = await client.call('session.status', {});
      setDemo((await client.call('station.status', {})).demo === true);
      setGate(status.firstAdminNeeded ? { state: 'first-admin' } : { state: 'sign-in' });
    } catch (failure) {
      setGate({ state: 'failed', message: failure instanceof Error ? failure.message : String(failure) });
    }
  }, [desk]);

  useEffect(() => {
    void check();
  }, [check]);
  useEffect(() => (desk.state === 'ready' ? desk.client.onSessionLost(() => void check()) : undefined), [desk, check]);

  const signedIn = useCallback((answer: { token: string; session: Session }) => {
    sessionStorage.setItem(STORED, answer.token);
    lastTouch.current = Date.now();
    setGate({ state: 'in', session: answer.session });
  }, []);

  const session = gate.state === 'in' ? gate.session : undefined;
  const open = session !== undefined && !session.locked;
  const idleLockMs = session?.idleLockMs;
  // Someone at the desk: tell the core now and then; nobody for the idle time: ask whether it locked.
  useEffect(() => {
    if (!open || desk.state !== 'ready' || idleLockMs === undefined) return;
    const client = desk.client;
    let idle: ReturnType<typeof setTimeout> | undefined;
    const lookAfterIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        void client.call('session.status', {}).then((status) => {
          if (status.session?.locked) setGate({ state: 'in', session: status.session });
          else lookAfterIdle();
        }, lookAfterIdle);
      }, idleLockMs + 1000);
    };
    const activity = () => {
      const now = Date.now();
      if (now - lastTouch.current < TOUCH_EVERY_MS) return;
      lastTouch.current = now;
      lookAfterIdle();
      void client.call('session.touch', {}).then(
        (touched) => {
          if (touched.locked) setGate({ state: 'in', session: touched });
        },
        () => {},
      );
    };
    lookAfterIdle();
    window.addEventListener('keydown', activity, true);
    window.addEventListener('pointerdown', activity, true);
    return () => {
      clearTimeout(idle);
      window.removeEventListener('keydown', activity, true);
      window.removeEventListener('pointerdown', activity, true);
    };
  }, [open, desk, idleLockMs]);

  const signOut = useCallback(async () => {
    if (desk.state !== 'ready') return;
    try {
      await desk.client.call('session.signOut', {});
    } finally {
      sessionStorage.removeItem(STORED);
      setGate({ state: 'sign-in' });
    }
  }, [desk]);
  const lock = useCallback(async () => {
    if (desk.state !== 'ready') return;
    setGate({ state: 'in', session: await desk.client.call('session.lock', {}) });
  }, [desk]);

  if (desk.state !== 'ready')
    return (
      <main>
        <p role="status">{t(desk.state === 'connecting' ? 'connection.connecting' : 'connection.noToken')}</p>
      </main>
    );
  if (gate.state === 'checking') return null;
  if (gate.state === 'failed')
    return (
      <main>
        <p role="alert">{gate.message}</p>
      </main>
    );
  if (gate.state === 'first-admin') return <FirstAdmin onSignedIn={signedIn} />;
  if (gate.state === 'sign-in') return <SignIn demo={demo} onSignedIn={signedIn} />;
  const current = gate.session;
  return (
    <SessionContext.Provider value={{ session: current, signOut, lock }}>
      {current.locked && (
        <LockScreen
          session={current}
          demo={demo}
          onUnlocked={(unlocked) => {
            lastTouch.current = Date.now();
            setGate({ state: 'in', session: unlocked });
          }}
          onSignedIn={signedIn}
        />
      )}
      {/* Kept as they were under the lock: a form half filled in is there when its person is back. */}
      {/* Someone else signing in starts the screens afresh: nothing of the last person's work shows. */}
      <div key={current.user.id} hidden={current.locked}>
        <UserBar />
        {children}
      </div>
    </SessionContext.Provider>
  );
}
