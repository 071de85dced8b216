/**
 * The admin's Users screen: who may sign in at this station and as what. Add a person with
 * a first password or PIN (they are told it in person), change a role, set a new secret
 * for someone who forgot theirs, end a lockout, close or reopen access. Every change is
 * the core's to refuse (the station's only admin cannot be closed) and is recorded.
 */
import { type CSSProperties, type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Params, Result } from '../../../../electron/core/rpc/contract/index.ts';
import { useDesk } from '../../rpc/desk.tsx';
import { useSession } from '../../session/session-gate.tsx';

type User = Result<'users.list'>['users'][number];
type Role = User['role'];
const ROLES: readonly Role[] = ['operator', 'supervisor', 'technician', 'admin'];
type Said = { key: 'added' | 'roleChanged' | 'secretSet' | 'unlocked' | 'closed' | 'reopened'; name: string; role?: Role };

const BLUE = '#1F5FBF';
const button = (primary = false): CSSProperties => ({
  padding: '0.35rem 0.8rem',
  border: `2px solid ${BLUE}`,
  borderRadius: '0.3rem',
  background: primary ? BLUE : '#ffffff',
  color: primary ? '#ffffff' : BLUE,
  fontSize: '0.95rem',
  fontFamily: 'inherit',
  cursor: 'pointer',
});
const field: CSSProperties = { fontSize: '1rem', fontFamily: 'inherit', padding: '0.3rem 0.5rem' };
const cell: CSSProperties = { padding: '0.4rem 0.6rem', borderBottom: '1px solid #d1d5db', textAlign: 'left' };
const problemStyle: CSSProperties = { color: '#7A271A', background: '#FEF3F2', padding: '0.4rem 0.6rem', margin: '0.5rem 0' };

export function UsersScreen() {
  const { t } = useTranslation('users');
  const desk = useDesk();
  const [users, setUsers] = useState<User[] | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  // What was just done, as its words' key: said again in the other language when it is switched.
  const [done, setDone] = useState<Said | undefined>();

  const load = useCallback(async () => {
    if (desk.state !== 'ready') return;
    try {
      setUsers((await desk.client.call('users.list', {})).users);
    } catch (failure) {
      setProblem(failure instanceof Error ? failure.message : String(failure));
    }
  }, [desk]);
  useEffect(() => {
    void load();
  }, [load]);

  const change = async (params: Params<'users.change'>, said: Said) => {
    if (desk.state !== 'ready') return;
    setProblem(undefined);
    setDone(undefined);
    try {
      await desk.client.call('users.change', params);
      setDone(said);
      await load();
    } catch (failure) {
      setProblem(failure instanceof Error ? failure.message : String(failure));
    }
  };

  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">{t('name')}</h2>
      <p>{t('intro')}</p>
      <AddUser
        onAdded={(user) => {
          setProblem(undefined);
          setDone({ key: 'added', name: user.displayName, role: user.role });
          void load();
        }}
      />
      <div role="status">
        {done && <p>{t(done.key, { name: done.name, role: done.role && t(`roles.${done.role}`, { ns: 'session' }) })}</p>}
      </div>
      {problem && (
        <p role="alert" style={problemStyle}>
          {problem}
        </p>
      )}
      {users && (
        <table style={{ borderCollapse: 'collapse', width: '100%', marginTop: '1rem' }}>
          <caption style={{ textAlign: 'left', fontWeight: 600 }}>{t('table.caption', { count: users.length })}</caption>
          <thead>
            <tr>
              <th style={cell}>{t('table.name')}</th>
              <th style={cell}>{t('table.shown')}</th>
              <th style={cell}>{t('table.role')}</th>
              <th style={cell}>{t('table.state')}</th>
              <th style={cell}>{t('table.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <UserRow key={user.id} user={user} onChange={change} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function UserRow(props: { user: User; onChange(params: Params<'users.change'>, said: Said): Promise<void> }) {
  const { t, i18n } = useTranslation('users');
  const { session } = useSession();
  const { user } = props;
  const roleId = useId();
  const secretId = useId();
  const [role, setRole] = useState<Role>(user.role);
  const [secret, setSecret] = useState('');
  const [settingSecret, setSettingSecret] = useState(false);
  const self = session.user.id === user.id;
  const state = user.disabled
    ? t('state.closed')
    : user.lockedUntil !== undefined
      ? t('state.locked', {
          time: new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit' }).format(user.lockedUntil),
        })
      : t('state.active');
  const setNewSecret = async (event: FormEvent) => {
    event.preventDefault();
    await props.onChange({ id: user.id, secret }, { key: 'secretSet', name: user.displayName });
    setSecret('');
    setSettingSecret(false);
  };
  return (
    <tr>
      <td style={cell}>{user.name}</td>
      <td style={cell}>{user.displayName}</td>
      <td style={cell}>
        <label htmlFor={roleId} style={{ position: 'absolute', left: '-10000px' }}>
          {t('roleOf', { name: user.displayName })}
        </label>
        <select id={roleId} value={role} disabled={self} style={field} onChange={(event) => setRole(event.target.value as Role)}>
          {ROLES.map((candidate) => (
            <option key={candidate} value={candidate}>
              {t(`roles.${candidate}`, { ns: 'session' })}
            </option>
          ))}
        </select>
        {role !== user.role && (
          <button
            type="button"
            style={{ ...button(true), marginLeft: '0.4rem' }}
            onClick={() => void props.onChange({ id: user.id, role }, { key: 'roleChanged', name: user.displayName, role })}
          >
            {t('save')}
          </button>
        )}
      </td>
      <td style={cell}>{state}</td>
      <td style={{ ...cell, display: 'flex', gap: '0.4rem', flexWrap: 'wrap' }}>
        {settingSecret ? (
          <form onSubmit={(event) => void setNewSecret(event)} style={{ display: 'flex', gap: '0.4rem', flexWrap: 'wrap' }}>
            <label htmlFor={secretId}>{t('newSecret')}</label>
            <input
              id={secretId}
              type="password"
              autoComplete="new-password"
              value={secret}
              style={field}
              onChange={(event) => setSecret(event.target.value)}
            />
            <button type="submit" style={button(true)}>
              {t('save')}
            </button>
            <button type="button" style={button()} onClick={() => setSettingSecret(false)}>
              {t('cancel')}
            </button>
          </form>
        ) : (
          <button type="button" style={button()} onClick={() => setSettingSecret(true)}>
            {t('setSecret')}
          </button>
        )}
        {user.lockedUntil !== undefined && (
          <button
            type="button"
            style={button()}
            onClick={() => void props.onChange({ id: user.id, unlock: true }, { key: 'unlocked', name: user.displayName })}
          >
            {t('unlock')}
          </button>
        )}
        {!self && (
          <button
            type="button"
            style={button()}
            onClick={() =>
              void props.onChange(
                { id: user.id, disabled: !user.disabled },
                { key: user.disabled ? 'reopened' : 'closed', name: user.displayName },
              )
            }
          >
            {t(user.disabled ? 'reopen' : 'close')}
          </button>
        )}
      </td>
    </tr>
  );
}

function AddUser(props: { onAdded(user: User): void }) {
  const { t } = useTranslation('users');
  const desk = useDesk();
  const ids = { name: useId(), shown: useId(), role: useId(), secret: useId() };
  const [name, setName] = useState('');
  const [shown, setShown] = useState('');
  const [role, setRole] = useState<Role>('operator');
  const [secret, setSecret] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (desk.state !== 'ready') return;
    if (name.trim() === '' || secret === '') return setProblem(t('add.empty'));
    try {
      const user = await desk.client.call('users.add', {
        name: name.trim(),
        role,
        secret,
        ...(shown.trim() === '' ? {} : { displayName: shown.trim() }),
      });
      setName('');
      setShown('');
      setRole('operator');
      setSecret('');
      setProblem(undefined);
      props.onAdded(user);
    } catch (failure) {
      setProblem(failure instanceof Error ? failure.message : String(failure));
    }
  };
  return (
    <form
      aria-labelledby={`${ids.name}-title`}
      onSubmit={(event) => void submit(event)}
      style={{ border: '1px solid #9aa5b4', borderRadius: '0.4rem', padding: '0.75rem 1rem' }}
    >
      <h3 id={`${ids.name}-title`} style={{ marginTop: 0 }}>
        {t('add.title')}
      </h3>
      <div style={{ display: 'flex', gap: '0.75rem', flexWrap: 'wrap', alignItems: 'end' }}>
        <span>
          <label htmlFor={ids.name} style={{ display: 'block' }}>
            {t('table.name')}
          </label>
          <input id={ids.name} value={name} autoComplete="off" style={field} onChange={(e) => setName(e.target.value)} />
        </span>
        <span>
          <label htmlFor={ids.shown} style={{ display: 'block' }}>
            {t('table.shown')}
          </label>
          <input id={ids.shown} value={shown} autoComplete="off" style={field} onChange={(e) => setShown(e.target.value)} />
        </span>
        <span>
          <label htmlFor={ids.role} style={{ display: 'block' }}>
            {t('table.role')}
          </label>
          <select id={ids.role} value={role} style={field} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((candidate) => (
              <option key={candidate} value={candidate}>
                {t(`roles.${candidate}`, { ns: 'session' })}
              </option>
            ))}
          </select>
        </span>
        <span>
          <label htmlFor={ids.secret} style={{ display: 'block' }}>
            {t('add.secret')}
          </label>
          <input
            id={ids.secret}
            type="password"
            value={secret}
            autoComplete="new-password"
            style={field}
            onChange={(e) => setSecret(e.target.value)}
          />
        </span>
        <button type="submit" style={button(true)}>
          {t('add.button')}
        </button>
      </div>
      <p style={{ margin: '0.4rem 0 0', color: '#374151' }}>{t('add.rule')}</p>
      {problem && (
        <p role="alert" style={problemStyle}>
          {problem}
        </p>
      )}
    </form>
  );
}
