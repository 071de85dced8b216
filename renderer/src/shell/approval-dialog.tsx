/**
 * A supervisor's (or, from a holder's third reprint, an admin's) approval given at this
 * desk for what an operator asks and may not decide (a reprint, a void, cancelling a
 * job): their name and password, sent once with the request and never kept by the page.
 * The person at the desk stays signed in.
 */
import { type CSSProperties, type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

const dialog: CSSProperties = {
  width: 'min(30rem, 94vw)',
  border: '2px solid #1F5FBF',
  borderRadius: '0.4rem',
  padding: '1rem 1.5rem',
  fontFamily: 'inherit',
  color: '#1a1a1a',
};
const input: CSSProperties = {
  width: '100%',
  boxSizing: 'border-box',
  fontSize: '1.05rem',
  fontFamily: 'inherit',
  padding: '0.4rem 0.5rem',
  border: '2px solid #6b7280',
  borderRadius: '0.3rem',
};
const button = (primary: boolean): CSSProperties => ({
  padding: '0.45rem 1rem',
  border: '2px solid #1F5FBF',
  borderRadius: '0.3rem',
  background: primary ? '#1F5FBF' : '#ffffff',
  color: primary ? '#ffffff' : '#1F5FBF',
  fontSize: '1rem',
  fontWeight: 600,
  fontFamily: 'inherit',
  cursor: 'pointer',
});

export interface ApprovalRequest {
  /** Who must approve: a supervisor (or admin), or an admin only. */
  needs: 'supervisor' | 'admin';
  /** What is being approved, in words. */
  what: string;
  /** The refusal of the last try, in words. */
  problem?: string | undefined;
}

export function ApprovalDialog(props: {
  request: ApprovalRequest | undefined;
  onApprove(approval: { name: string; secret: string }): void;
  onCancel(): void;
}) {
  const { t } = useTranslation('shell');
  const ref = useRef<HTMLDialogElement>(null);
  const nameId = useId();
  const secretId = useId();
  const problemId = useId();
  const [name, setName] = useState('');
  const [secret, setSecret] = useState('');
  const open = props.request !== undefined;

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
    if (!open) {
      setName('');
      setSecret('');
    }
  }, [open]);
  // A refused try: the password goes, the name stays for the next.
  useEffect(() => {
    if (props.request?.problem) setSecret('');
  }, [props.request?.problem]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '' || secret === '') return;
    props.onApprove({ name: name.trim(), secret });
  };
  return (
    <dialog ref={ref} aria-labelledby={`${nameId}-title`} style={dialog} onClose={props.onCancel}>
      <h3 id={`${nameId}-title`} style={{ marginTop: 0 }}>
        {t(props.request?.needs === 'admin' ? 'approval.titleAdmin' : 'approval.title')}
      </h3>
      <p>{props.request?.what}</p>
      <p style={{ color: '#374151' }}>{t('approval.explain')}</p>
      <form onSubmit={submit}>
        <label htmlFor={nameId} style={{ display: 'block', fontWeight: 600 }}>
          {t('approval.name')}
        </label>
        <input
          id={nameId}
          value={name}
          autoComplete="off"
          spellCheck={false}
          style={input}
          onChange={(event) => setName(event.target.value)}
        />
        <label htmlFor={secretId} style={{ display: 'block', fontWeight: 600, marginTop: '0.6rem' }}>
          {t('approval.secret')}
        </label>
        <input
          id={secretId}
          type="password"
          value={secret}
          autoComplete="off"
          aria-invalid={props.request?.problem !== undefined}
          aria-describedby={props.request?.problem ? problemId : undefined}
          style={input}
          onChange={(event) => setSecret(event.target.value)}
        />
        {props.request?.problem && (
          <p id={problemId} role="alert" style={{ color: '#7A271A', background: '#FEF3F2', padding: '0.4rem 0.6rem' }}>
            {props.request.problem}
          </p>
        )}
        <div style={{ display: 'flex', gap: '0.75rem', marginTop: '1rem' }}>
          <button type="submit" style={button(true)}>
            {t('approval.approve')}
          </button>
          <button type="button" style={button(false)} onClick={() => ref.current?.close()}>
            {t('approval.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
