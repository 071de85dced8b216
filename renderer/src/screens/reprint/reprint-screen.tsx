/**
 * The supervisor's counter for a lost, stolen or broken badge: find the holder (a search by
 * name, pinyin, id or serial, or the card scanned), see every version of their badge and
 * what happened to it, then reprint it as the next version or void it, with a reason.
 * An operator may ask; a supervisor approves on the spot (approval-dialog.tsx). The new
 * version waits in a print job ahead of any bulk job: print it from the Print screen.
 */
import { type CSSProperties, type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Params, Result } from '../../../../electron/core/rpc/contract/index.ts';
import { CallError } from '../../rpc/client.ts';
import { useDesk } from '../../rpc/desk.tsx';
import { ApprovalDialog, type ApprovalRequest } from '../../shell/approval-dialog.tsx';
import { scannedBadge, useScannedBadge } from '../../shell/scanned-badge.ts';
import { BadgeHistory } from '../roster/badge-history.tsx';

type Hit = Result<'roster.search'>['holders'][number];
type HolderFile = Result<'roster.holder'>;
type Types = Result<'roster.filters'>['types'];
type Action = 'reprint' | 'void';
type Reason = Params<'badges.void'>['reason'];

const REPRINT_REASONS: readonly Reason[] = ['lost', 'stolen', 'damaged', 'data_error', 'type_change'];
const VOID_REASONS: readonly Reason[] = ['lost', 'stolen', 'damaged', 'data_error', 'withdrawn'];

const BLUE = '#1F5FBF';
const input: CSSProperties = {
  fontSize: '1.05rem',
  fontFamily: 'inherit',
  padding: '0.4rem 0.5rem',
  border: '2px solid #6b7280',
  borderRadius: '0.3rem',
};
const button = (primary: boolean): CSSProperties => ({
  padding: '0.45rem 1rem',
  border: `2px solid ${BLUE}`,
  borderRadius: '0.3rem',
  background: primary ? BLUE : '#ffffff',
  color: primary ? '#ffffff' : BLUE,
  fontSize: '1rem',
  fontWeight: 600,
  fontFamily: 'inherit',
  cursor: 'pointer',
});
const panel: CSSProperties = { border: '1px solid #9aa5b4', borderRadius: '0.4rem', padding: '0.75rem 1rem', margin: '1rem 0' };
const outcomeStyle = (good: boolean): CSSProperties => ({
  borderLeft: `0.4rem solid ${good ? '#1E7B34' : '#B42318'}`,
  background: good ? '#EEF7F0' : '#FEF3F2',
  padding: '0.5rem 0.75rem',
  margin: '0.75rem 0',
});

export function ReprintScreen() {
  const { t, i18n } = useTranslation('reprint');
  const desk = useDesk();
  const searchId = useId();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  const [holder, setHolder] = useState<string | undefined>();
  const [file, setFile] = useState<HolderFile | undefined>();
  const [types, setTypes] = useState<Types>([]);
  const [outcome, setOutcome] = useState<{ good: boolean; text: string } | undefined>();
  const scanned = useScannedBadge();
  const client = desk.state === 'ready' ? desk.client : undefined;

  useEffect(() => {
    client
      ?.call('roster.filters', {})
      .then((filters) => setTypes(filters.types))
      .catch(() => setTypes([]));
  }, [client]);
  const typeName = useCallback(
    (code: string) => {
      const type = types.find((candidate) => candidate.code === code);
      return type ? (i18n.language === 'en' ? type.nameEn : type.nameZh) : code;
    },
    [types, i18n.language],
  );

  useEffect(() => {
    if (!client || query.trim() === '') {
      setHits([]);
      return;
    }
    let current = true;
    client
      .call('roster.search', { query, limit: 20 })
      .then((found) => current && setHits(found.holders))
      .catch(() => current && setHits([]));
    return () => {
      current = false;
    };
  }, [client, query]);

  const load = useCallback(
    async (id: string) => {
      if (!client) return;
      setHolder(id);
      setFile(undefined);
      try {
        setFile(await client.call('roster.holder', { id }));
      } catch (failure) {
        setOutcome({ good: false, text: failure instanceof Error ? failure.message : String(failure) });
      }
    },
    [client],
  );

  // A card scanned while this screen shows: its holder, here.
  useEffect(() => {
    if (!scanned || !client) return;
    scannedBadge.take(scanned);
    setOutcome(undefined);
    client
      .call('roster.badge', { serial: scanned.serial })
      .then((found) => load(found.holder))
      .catch((failure: unknown) =>
        setOutcome({ good: false, text: failure instanceof Error ? failure.message : String(failure) }),
      );
  }, [scanned, client, load]);

  const live = file?.badges.flatMap((badge) => badge.versions).find((version) => version.status === 'active');
  return (
    <section aria-labelledby="reprint-title">
      <h2 id="reprint-title">{t('name')}</h2>
      <p>{t('intro')}</p>
      <label htmlFor={searchId} style={{ display: 'block', fontWeight: 600 }}>
        {t('search.label')}
      </label>
      <input
        id={searchId}
        type="search"
        value={query}
        autoComplete="off"
        placeholder={t('search.placeholder')}
        style={{ ...input, width: 'min(30rem, 100%)' }}
        onChange={(event) => setQuery(event.target.value)}
      />
      {hits.length > 0 && (
        <ul aria-label={t('search.results')} style={{ listStyle: 'none', padding: 0, margin: '0.5rem 0' }}>
          {hits.map((hit) => (
            <li key={hit.id} style={{ margin: '0.25rem 0' }}>
              <button
                type="button"
                aria-pressed={hit.id === holder}
                style={{ ...button(hit.id === holder), fontWeight: 400, textAlign: 'left' }}
                onClick={() => {
                  setOutcome(undefined);
                  void load(hit.id);
                }}
              >
                {t('search.hit', {
                  name: hit.name,
                  organisation: hit.organisation,
                  id: hit.id,
                  serial: hit.serial ?? t('search.noBadge'),
                })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {query.trim() !== '' && hits.length === 0 && <p>{t('search.none')}</p>}
      <div role="status">
        {outcome && (
          <p style={outcomeStyle(outcome.good)} role={outcome.good ? undefined : 'alert'}>
            {outcome.text}
          </p>
        )}
      </div>
      {file && (
        <section aria-labelledby="reprint-holder" style={panel}>
          <h3 id="reprint-holder" style={{ marginTop: 0 }}>
            {t('holder.title', { name: file.holder.name, id: file.holder.id })}
          </h3>
          <p>
            {t('holder.facts', {
              organisation: file.holder.organisation,
              type: typeName(file.holder.type),
              document: [file.holder.docType, file.holder.docNumber.slice(-4)].filter(Boolean).join(' …'),
            })}
          </p>
          {file.gateFlags.map((flag) => (
            <p key={flag.serial} style={outcomeStyle(false)}>
              {t('holder.flagged', {
                serial: flag.serial,
                when: new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(flag.at),
              })}
            </p>
          ))}
          {file.badges.length === 0 && <p>{t('holder.noBadge')}</p>}
          {file.badges.map((badge) => (
            <BadgeHistory key={badge.badge} badge={badge} typeName={typeName} />
          ))}
          {live ? (
            <ReissueForm
              serial={live.serial}
              currentType={live.type}
              types={types}
              typeName={typeName}
              onDone={(text) => {
                setOutcome({ good: true, text });
                void load(file.holder.id);
              }}
              onRefused={(text, reload) => {
                setOutcome({ good: false, text });
                if (reload) void load(file.holder.id);
              }}
            />
          ) : (
            file.badges.length > 0 && <p>{t('holder.noLive')}</p>
          )}
        </section>
      )}
    </section>
  );
}

function ReissueForm(props: {
  serial: string;
  currentType: string;
  types: Types;
  typeName(code: string): string;
  onDone(text: string): void;
  onRefused(text: string, reload: boolean): void;
}) {
  const { t } = useTranslation('reprint');
  const desk = useDesk();
  const ids = { action: useId(), reason: useId(), type: useId() };
  const [action, setAction] = useState<Action>('reprint');
  const [reason, setReason] = useState<Reason | ''>('');
  const [type, setType] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [approval, setApproval] = useState<ApprovalRequest | undefined>();
  const [working, setWorking] = useState(false);
  const reasons = action === 'reprint' ? REPRINT_REASONS : VOID_REASONS;
  const what = t(action === 'reprint' ? 'approval.whatReprint' : 'approval.whatVoid', {
    serial: props.serial,
    reason: reason ? t(`reasons.${reason}`) : '',
  });

  const send = async (given?: { name: string; secret: string }) => {
    if (desk.state !== 'ready' || !reason) return;
    setWorking(true);
    try {
      if (action === 'reprint') {
        const made = await desk.client.call('badges.reissue', {
          serial: props.serial,
          reason: reason as Params<'badges.reissue'>['reason'],
          ...(reason === 'type_change' ? { type } : {}),
          ...(given ? { approval: given } : {}),
        });
        props.onDone(t('done.reprint', { revoked: made.revoked, serial: made.serial, job: made.job }));
      } else {
        const voided = await desk.client.call('badges.void', {
          serial: props.serial,
          reason,
          ...(given ? { approval: given } : {}),
        });
        props.onDone(t(reason === 'stolen' ? 'done.voidStolen' : 'done.void', { serial: voided.serial }));
      }
      setApproval(undefined);
      setReason('');
    } catch (failure) {
      const code = failure instanceof CallError ? failure.code : '';
      const message = failure instanceof Error ? failure.message : String(failure);
      if (code === 'APPROVAL_NEEDED') setApproval({ needs: 'supervisor', what });
      else if (code === 'ADMIN_APPROVAL_NEEDED') setApproval({ needs: 'admin', what: `${what} ${message}` });
      else if (approval && ['APPROVAL_REFUSED', 'SIGN_IN_FAILED', 'USER_LOCKED'].includes(code))
        setApproval({ ...approval, problem: message });
      else {
        setApproval(undefined);
        props.onRefused(message, code === 'BADGE_CONFLICT');
      }
    } finally {
      setWorking(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason) return setProblem(t('form.noReason'));
    if (reason === 'type_change' && (type === '' || type === props.currentType)) return setProblem(t('form.noType'));
    setProblem(undefined);
    void send();
  };
  return (
    <>
      <form aria-labelledby={`${ids.action}-title`} onSubmit={submit} aria-busy={working}>
        <h4 id={`${ids.action}-title`} style={{ marginBottom: '0.5rem' }}>
          {t('form.title', { serial: props.serial })}
        </h4>
        <fieldset style={{ border: 'none', padding: 0, margin: '0 0 0.5rem', display: 'flex', gap: '1.5rem' }}>
          <legend style={{ fontWeight: 600 }}>{t('form.action')}</legend>
          {(['reprint', 'void'] as const).map((choice) => (
            <label key={choice}>
              <input
                type="radio"
                name={ids.action}
                value={choice}
                checked={action === choice}
                onChange={() => {
                  setAction(choice);
                  setReason('');
                }}
              />{' '}
              {t(`form.${choice}`)}
            </label>
          ))}
        </fieldset>
        <div style={{ display: 'flex', gap: '1rem', flexWrap: 'wrap', alignItems: 'end' }}>
          <span>
            <label htmlFor={ids.reason} style={{ display: 'block', fontWeight: 600 }}>
              {t('form.reason')}
            </label>
            <select
              id={ids.reason}
              value={reason}
              style={input}
              aria-invalid={problem !== undefined && !reason}
              onChange={(event) => setReason(event.target.value as Reason)}
            >
              <option value="">{t('form.choose')}</option>
              {reasons.map((candidate) => (
                <option key={candidate} value={candidate}>
                  {t(`reasons.${candidate}`)}
                </option>
              ))}
            </select>
          </span>
          {action === 'reprint' && reason === 'type_change' && (
            <span>
              <label htmlFor={ids.type} style={{ display: 'block', fontWeight: 600 }}>
                {t('form.type')}
              </label>
              <select id={ids.type} value={type} style={input} onChange={(event) => setType(event.target.value)}>
                <option value="">{t('form.choose')}</option>
                {props.types
                  .filter((candidate) => candidate.code !== props.currentType)
                  .map((candidate) => (
                    <option key={candidate.code} value={candidate.code}>
                      {props.typeName(candidate.code)}
                    </option>
                  ))}
              </select>
            </span>
          )}
          <button type="submit" style={button(true)} disabled={working}>
            {t(action === 'reprint' ? 'form.submitReprint' : 'form.submitVoid')}
          </button>
        </div>
        <p style={{ color: '#374151', margin: '0.4rem 0 0' }}>{t(action === 'reprint' ? 'form.reprintHint' : 'form.voidHint')}</p>
        {problem && (
          <p role="alert" style={outcomeStyle(false)}>
            {problem}
          </p>
        )}
      </form>
      {/* Beside the form, not in it: the dialog has a form of its own. */}
      <ApprovalDialog request={approval} onApprove={(given) => void send(given)} onCancel={() => setApproval(undefined)} />
    </>
  );
}
