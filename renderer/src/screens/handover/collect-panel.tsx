/**
 * Collection at the counter: a card scanned anywhere on the screen, typed, or read from its
 * chip on a desk reader; the holder's photo and details with the document to ask for; the
 * document's last four characters; handed over to the holder or a listed representative.
 * The core refuses a card that must not go out; the page leads with its own words.
 */
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../../electron/core/rpc/contract/index.ts';
import { CallError, type DeskClient } from '../../rpc/client.ts';
import { scannedBadge, useScannedBadge } from '../../shell/scanned-badge.ts';
import { HolderPhoto } from '../roster/holder-photo.tsx';
import { button, field, input, note, quiet } from './handover-styles.ts';

type Checked = Result<'handover.check'>;

/** Codes the core refuses a handover with: the page leads with its own words, then the core's detail. */
const REFUSALS = [
  'BADGE_NOT_FOUND',
  'BADGE_VOID',
  'BADGE_NOT_ISSUED',
  'BADGE_OTHER_BATCH',
  'BADGE_COLLECTED',
  'IDENTITY_MISMATCH',
  'NOT_A_REPRESENTATIVE',
];

export function Collect({ client, job, onCollected }: { client: DeskClient; job: number; onCollected(): void }) {
  const { t, i18n } = useTranslation('handover');
  const [serial, setSerial] = useState('');
  const [checked, setChecked] = useState<Checked | undefined>();
  const [representative, setRepresentative] = useState<string | undefined>();
  const [last4, setLast4] = useState('');
  const [outcome, setOutcome] = useState<{ good: boolean; lead: string; detail?: string } | undefined>();
  const last4Box = useRef<HTMLInputElement>(null);
  const serialBox = useRef<HTMLInputElement>(null);
  const scanned = useScannedBadge();
  const [readers, setReaders] = useState<string[]>([]);
  const [reader, setReader] = useState('');
  useEffect(() => {
    client
      .call('devices.readers', {})
      .then((found) => {
        const names = found.readers.filter((candidate) => candidate.state !== 'unavailable').map((candidate) => candidate.name);
        setReaders(names);
        setReader((chosen) => chosen || (names[0] ?? ''));
      })
      .catch(() => setReaders([]));
  }, [client]);

  const refused = useCallback(
    (failure: unknown) => {
      const code = failure instanceof CallError ? failure.code : '';
      const message = failure instanceof CallError ? failure.message : String(failure);
      setOutcome({ good: false, lead: REFUSALS.includes(code) ? t(`refused.${code}`) : t('refused.other'), detail: message });
    },
    [t],
  );
  const check = useCallback(
    (wanted: string) => {
      const text = wanted.trim();
      if (!text) return;
      setOutcome(undefined);
      setChecked(undefined);
      setLast4('');
      setRepresentative(undefined);
      client
        .call('handover.check', { serial: text, job })
        .then((answer) => {
          setChecked(answer);
          setSerial(answer.serial);
        })
        .catch(refused);
    },
    [client, job, refused],
  );
  // The card checked: the keyboard goes on to the document's last four characters.
  useEffect(() => {
    if (checked) last4Box.current?.focus();
  }, [checked]);
  // A card scanned anywhere while this screen shows: checked here, not opened in the Roster.
  useEffect(() => {
    if (!scanned) return;
    scannedBadge.take(scanned);
    setSerial(scanned.serial);
    check(scanned.serial);
  }, [scanned, check]);

  const handOver = (event: FormEvent) => {
    event.preventDefault();
    if (!checked) return;
    client
      .call('handover.collect', { serial: checked.serial, job, docLast4: last4, ...(representative ? { representative } : {}) })
      .then((done) => {
        setOutcome({
          good: true,
          lead: done.representative
            ? t('done.representative', { serial: done.serial, name: checked.holder.name, representative: done.representative })
            : t('done.holder', { serial: done.serial, name: checked.holder.name }),
          ...(done.check === 'sight' ? { detail: t('done.bySight') } : {}),
        });
        setChecked(undefined);
        setSerial('');
        setLast4('');
        setRepresentative(undefined);
        onCollected();
        serialBox.current?.focus();
      })
      .catch(refused);
  };

  return (
    <section
      aria-labelledby="handover-collect"
      style={{ margin: '1.25rem 0', padding: '0.75rem 1rem', border: '1px solid #9CA3AF', borderRadius: '0.4rem' }}
    >
      <h3 id="handover-collect" style={{ marginTop: 0 }}>
        {t('collect.title')}
      </h3>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          check(serial);
        }}
        style={{ display: 'flex', gap: '0.75rem', alignItems: 'flex-end', flexWrap: 'wrap' }}
      >
        <label style={field}>
          {t('collect.serial')}
          <input
            ref={serialBox}
            style={input}
            value={serial}
            onChange={(event) => setSerial(event.target.value)}
            autoComplete="off"
          />
        </label>
        <button type="submit" style={quiet}>
          {t('collect.check')}
        </button>
        {readers.length > 0 && (
          <>
            <label style={field}>
              {t('collect.reader')}
              <select style={input} value={reader} onChange={(event) => setReader(event.target.value)}>
                {readers.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              style={quiet}
              onClick={() => {
                setOutcome(undefined);
                client
                  .call('handover.read', { reader })
                  .then((read) => {
                    setSerial(read.serial);
                    check(read.serial);
                  })
                  .catch(refused);
              }}
            >
              {t('collect.read')}
            </button>
          </>
        )}
      </form>
      <div role="status" aria-live="polite">
        {outcome && (
          <div role={outcome.good ? undefined : 'alert'} style={note(outcome.good)}>
            <strong>{outcome.good ? '✓ ' : '✗ '}</strong>
            {outcome.lead}
            {outcome.detail && <div style={{ marginTop: '0.3rem', fontSize: '0.9rem' }}>{outcome.detail}</div>}
          </div>
        )}
      </div>
      {checked && (
        <form
          onSubmit={handOver}
          style={{ display: 'flex', gap: '1.25rem', marginTop: '0.75rem', flexWrap: 'wrap' }}
          aria-label={t('collect.checkTitle')}
        >
          {checked.photo ? (
            <HolderPhoto
              dataUrl={checked.photo.dataUrl}
              label={t('collect.photo', { name: checked.holder.name })}
              style={{ width: '9rem', height: '12rem', border: '1px solid #9CA3AF' }}
            />
          ) : (
            <p style={{ width: '9rem' }}>{t('collect.noPhoto')}</p>
          )}
          <div style={{ display: 'flex', flexDirection: 'column', gap: '0.6rem', minWidth: '20rem' }}>
            <div>
              <div style={{ fontSize: '1.5rem', fontWeight: 700 }}>{checked.holder.name}</div>
              {checked.holder.latinName && checked.holder.latinName !== checked.holder.name && (
                <div>{checked.holder.latinName}</div>
              )}
              <div>{checked.holder.organisation}</div>
              <div>
                {t('collect.badge', {
                  serial: checked.serial,
                  type: i18n.language === 'zh-CN' ? checked.typeName.zh : checked.typeName.en,
                })}
              </div>
            </div>
            {checked.activation === 'not-active' && (
              <p
                role="status"
                style={{
                  margin: 0,
                  borderLeft: '4px solid #B54708',
                  background: '#FFFAEB',
                  padding: '0.4rem 0.6rem',
                  maxWidth: '34rem',
                }}
              >
                <strong>{t('collect.notActive')}</strong> {t('collect.notActiveWhat')}
              </p>
            )}
            <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
              <legend style={{ fontWeight: 600 }}>{t('collect.who')}</legend>
              <label style={{ marginRight: '1rem' }}>
                <input
                  type="radio"
                  name="recipient"
                  checked={representative === undefined}
                  onChange={() => setRepresentative(undefined)}
                />{' '}
                {t('collect.holder')}
              </label>
              <label>
                <input
                  type="radio"
                  name="recipient"
                  checked={representative !== undefined}
                  onChange={() => setRepresentative('')}
                />{' '}
                {t('collect.representative')}
              </label>
            </fieldset>
            {representative !== undefined && (
              <label style={field}>
                {t('collect.representativeName')}
                <input
                  style={input}
                  value={representative}
                  onChange={(event) => setRepresentative(event.target.value)}
                  required
                />
              </label>
            )}
            <p style={{ margin: 0 }}>
              {representative === undefined
                ? t('collect.ask', { document: checked.docType || t('collect.anyDocument') })
                : t('collect.askRepresentative')}
            </p>
            <label style={{ ...field, alignItems: 'flex-start' }}>
              {t('collect.last4')}
              <input
                ref={last4Box}
                style={{ ...input, minWidth: '6rem', width: '8rem', letterSpacing: '0.2rem' }}
                value={last4}
                maxLength={4}
                pattern="[0-9A-Za-z]{4}"
                required
                autoComplete="off"
                onChange={(event) => setLast4(event.target.value.toUpperCase())}
              />
            </label>
            <div style={{ display: 'flex', gap: '0.75rem' }}>
              <button type="submit" style={button}>
                {t('collect.handOver')}
              </button>
              <button type="button" style={quiet} onClick={() => setChecked(undefined)}>
                {t('collect.cancel')}
              </button>
            </div>
          </div>
        </form>
      )}
    </section>
  );
}
