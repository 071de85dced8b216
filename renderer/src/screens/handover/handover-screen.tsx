/**
 * Handover: a print job's cards as the handover table sorts them (the lanyards to take from
 * stock, then every card in order with its lanyard and whether it was collected), and
 * collection at the counter: scan a card (or type its serial), check the person against the
 * photo and the document the roster registered, type the document's last four characters,
 * hand it over. The core refuses a card that must not go out and says why.
 */
import { type CSSProperties, type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../../electron/core/rpc/contract/index.ts';
import { CallError, type DeskClient } from '../../rpc/client.ts';
import { useDesk } from '../../rpc/desk.tsx';
import { scannedBadge, useScannedBadge } from '../../shell/scanned-badge.ts';
import { HolderPhoto } from '../roster/holder-photo.tsx';

type Batch = Result<'handover.batch'>;
type Checked = Result<'handover.check'>;
type Order = 'organisation' | 'imported';

const field: CSSProperties = { display: 'flex', flexDirection: 'column', gap: '0.25rem', fontWeight: 600 };
const input: CSSProperties = { fontSize: '1rem', fontFamily: 'inherit', padding: '0.35rem 0.5rem', minWidth: '12rem' };
const button: CSSProperties = {
  padding: '0.45rem 1rem',
  border: '2px solid #1F5FBF',
  borderRadius: '0.3rem',
  background: '#1F5FBF',
  color: '#FFFFFF',
  fontSize: '1rem',
  fontFamily: 'inherit',
  cursor: 'pointer',
};
const quiet: CSSProperties = { ...button, background: '#FFFFFF', color: '#1F5FBF' };
const note = (good: boolean): CSSProperties => ({
  margin: '0.75rem 0',
  padding: '0.6rem 0.9rem',
  borderLeft: `0.4rem solid ${good ? '#1E7B34' : '#B3261E'}`,
  background: good ? '#EEF7F0' : '#FCEEEE',
});
const swatch = (colour: string): CSSProperties => ({
  display: 'inline-block',
  width: '0.9rem',
  height: '0.9rem',
  marginRight: '0.4rem',
  verticalAlign: 'middle',
  background: colour,
  border: '1px solid #1A1A1A',
  borderRadius: '0.15rem',
});
const cell: CSSProperties = { padding: '0.25rem 0.5rem', textAlign: 'left', borderBottom: '1px solid #D1D5DB' };

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

export function HandoverScreen() {
  const desk = useDesk();
  if (desk.state !== 'ready') return null;
  return <Handover client={desk.client} />;
}

function Handover({ client }: { client: DeskClient }) {
  const { t } = useTranslation('handover');
  const [jobs, setJobs] = useState<Result<'print.jobs'>['jobs']>([]);
  const [job, setJob] = useState<number | undefined>();
  const [order, setOrder] = useState<Order>('organisation');
  const [batch, setBatch] = useState<Batch | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    client
      .call('print.jobs', { limit: 50 })
      .then(({ jobs: found }) => {
        const withCards = found.filter((candidate) => candidate.issued > 0);
        setJobs(withCards);
        setJob((chosen) => chosen ?? withCards[0]?.job);
      })
      .catch((failure: unknown) => setError(failure instanceof CallError ? failure.message : String(failure)));
  }, [client]);

  const load = useCallback(() => {
    if (job === undefined) return;
    client
      .call('handover.batch', { job, order })
      .then((answer) => {
        setBatch(answer);
        setError(undefined);
      })
      .catch((failure: unknown) => setError(failure instanceof CallError ? failure.message : String(failure)));
  }, [client, job, order]);
  useEffect(load, [load]);

  return (
    <section aria-labelledby="handover-title">
      <h2 id="handover-title">{t('name')}</h2>
      <p>{t('intro')}</p>
      {jobs.length === 0 ? (
        <p role="status">{t('noJobs')}</p>
      ) : (
        <div style={{ display: 'flex', gap: '1rem', flexWrap: 'wrap', alignItems: 'flex-end' }}>
          <label style={field}>
            {t('job')}
            <select style={input} value={job ?? ''} onChange={(event) => setJob(Number(event.target.value))}>
              {jobs.map((candidate) => (
                <option key={candidate.job} value={candidate.job}>
                  {t('jobOption', { job: candidate.job, name: candidate.name, issued: candidate.issued })}
                </option>
              ))}
            </select>
          </label>
          <label style={field}>
            {t('order.label')}
            <select style={input} value={order} onChange={(event) => setOrder(event.target.value as Order)}>
              <option value="organisation">{t('order.organisation')}</option>
              <option value="imported">{t('order.imported')}</option>
            </select>
          </label>
        </div>
      )}
      {error && <p role="alert">{error}</p>}
      {job !== undefined && <Collect client={client} job={job} onCollected={load} />}
      {batch && <PickList batch={batch} />}
      <p>
        <small>{t('cli')}</small>
      </p>
    </section>
  );
}

function Collect({ client, job, onCollected }: { client: DeskClient; job: number; onCollected(): void }) {
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

function PickList({ batch }: { batch: Batch }) {
  const { t, i18n } = useTranslation('handover');
  const chinese = i18n.language === 'zh-CN';
  const lanyardName = (lanyard: { nameZh: string; nameEn: string }) => (chinese ? lanyard.nameZh : lanyard.nameEn);
  return (
    <section aria-labelledby="handover-pick">
      <h3 id="handover-pick">{t('pick.title', { job: batch.job, name: batch.name })}</h3>
      <p role="status">{t('pick.counts', { total: batch.total, collected: batch.collected, notIssued: batch.notIssued })}</p>
      <h4>{t('pick.stock')}</h4>
      <ul style={{ listStyle: 'none', padding: 0, display: 'flex', gap: '1.25rem', flexWrap: 'wrap' }}>
        {batch.lanyards.map((lanyard) => (
          <li key={lanyard.colour}>
            <span style={swatch(lanyard.colour)} aria-hidden="true" />
            {t('pick.lanyardCount', { name: lanyardName(lanyard), count: lanyard.count })}
          </li>
        ))}
        <li>{t('pick.sleeves', { count: batch.total })}</li>
      </ul>
      {batch.cards.length < batch.total && <p>{t('pick.shown', { shown: batch.cards.length, total: batch.total })}</p>}
      <table style={{ borderCollapse: 'collapse', width: '100%' }}>
        <caption style={{ textAlign: 'left', fontWeight: 600, padding: '0.3rem 0' }}>{t('pick.caption')}</caption>
        <thead>
          <tr>
            {(['n', 'serial', 'holder', 'organisation', 'type', 'lanyard', 'state'] as const).map((column) => (
              <th key={column} scope="col" style={{ ...cell, borderBottom: '2px solid #1A1A1A' }}>
                {t(`pick.columns.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {batch.cards.map((card, index) => (
            <tr key={card.serial} style={{ background: card.collected ? '#F3F4F6' : undefined }}>
              <td style={cell}>{index + 1}</td>
              <td style={{ ...cell, fontWeight: 600 }}>{card.serial}</td>
              <td style={cell}>
                {card.name}
                {card.latinName && card.latinName !== card.name && (
                  <span style={{ color: '#4B5563', marginLeft: '0.4rem' }}>{card.latinName}</span>
                )}
              </td>
              <td style={cell}>{card.organisation}</td>
              <td style={cell}>
                <span style={swatch(card.typeColour)} aria-hidden="true" />
                {card.typeLetter}
              </td>
              <td style={cell}>
                <span style={swatch(card.lanyard.colour)} aria-hidden="true" />
                {lanyardName(card.lanyard)}
              </td>
              <td style={cell}>{card.collected ? t('pick.collected') : t('pick.waiting')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
