import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CallError } from '../../rpc/client.ts';
import { useDesk } from '../../rpc/desk.tsx';
import { ApprovalDialog, type ApprovalRequest } from '../../shell/approval-dialog.tsx';
import { answer, busyButton, button, dangerButton, field, input, quietButton, row, section } from '../devices/styles.ts';
import { failureText, type Said, saidText, usePolled } from '../devices/use-polled.ts';
import { type ChipRead, ChipVerdict } from './chip-verdict.tsx';

const READERS_EVERY_MS = 2500;

/** The technician's chip tools on a desk reader: read a card, encode a chip for a badge, wipe a test card. */
export function ChipsScreen() {
  const { t } = useTranslation('chips');
  const desk = useDesk();
  const readers = usePolled('devices.readers', {}, READERS_EVERY_MS);
  const [chosen, setChosen] = useState('');
  const list = readers.data?.readers ?? [];
  const reader = list.find((each) => each.name === chosen) ?? list[0];
  const [busy, setBusy] = useState<'read' | 'encode' | 'wipe' | undefined>();
  const [report, setReport] = useState<ChipRead | undefined>();
  const [said, setSaid] = useState<Said | undefined>();
  const [serial, setSerial] = useState('');
  const [passphrase, setPassphrase] = useState('');

  const work = async (what: 'read' | 'encode' | 'wipe', call: () => Promise<void>) => {
    if (desk.state !== 'ready' || busy || !reader) return;
    setBusy(what);
    setSaid(undefined);
    try {
      await call();
    } catch (failure) {
      setSaid({ tone: 'bad', text: failureText(failure) });
    } finally {
      setBusy(undefined);
      void readers.refresh();
    }
  };
  const read = () =>
    work('read', async () => {
      setReport(undefined);
      if (desk.state === 'ready' && reader) setReport(await desk.client.call('chips.read', { reader: reader.name }));
    });
  const encode = (event: FormEvent) => {
    event.preventDefault();
    if (serial.trim() === '') {
      setSaid({ tone: 'bad', key: 'encode.needSerial' });
      return;
    }
    void work('encode', async () => {
      if (desk.state !== 'ready' || !reader) return;
      setReport(undefined);
      const outcome = await desk.client.call('chips.encode', {
        reader: reader.name,
        serial: serial.trim(),
        ...(passphrase ? { passphrase } : {}),
      });
      setSaid(
        outcome.ok
          ? {
              tone: 'good',
              values: { serial: outcome.serial, uid: outcome.uid, old: outcome.revokedUid },
              key: outcome.event === 'CHIP_REPLACED' ? 'encode.replaced' : 'encode.encoded',
            }
          : { tone: 'bad', key: 'encode.rejected', values: { serial: outcome.serial, message: outcome.message } },
      );
    });
  };
  // A card that only looks live is wiped on a supervisor's word, typed here.
  const [approval, setApproval] = useState<ApprovalRequest | undefined>();
  const wipe = (given?: { name: string; secret: string }) =>
    work('wipe', async () => {
      if (desk.state !== 'ready' || !reader) return;
      setReport(undefined);
      try {
        const wiped = await desk.client.call('chips.wipe', {
          reader: reader.name,
          ...(passphrase ? { passphrase } : {}),
          ...(given ? { approval: given } : {}),
        });
        setApproval(undefined);
        setSaid({ tone: 'good', key: 'wipe.wiped', values: { uid: wiped.uid } });
      } catch (failure) {
        const code = failure instanceof CallError ? failure.code : '';
        if (code === 'APPROVAL_NEEDED')
          return setApproval({ needs: 'supervisor', what: failure instanceof Error ? failure.message : '' });
        if (approval && ['APPROVAL_REFUSED', 'SIGN_IN_FAILED', 'USER_LOCKED'].includes(code))
          return setApproval({ ...approval, problem: failure instanceof Error ? failure.message : String(failure) });
        setApproval(undefined);
        throw failure;
      }
    });

  return (
    <section aria-labelledby="chips-title">
      <h2 id="chips-title">{t('name')}</h2>
      <p>{t('intro')}</p>
      {readers.error && (
        <p role="alert" style={answer('bad')}>
          {readers.error}
        </p>
      )}
      <section aria-labelledby="chips-reader" style={section}>
        <h3 id="chips-reader">{t('reader.title')}</h3>
        {readers.data && list.length === 0 && <p>{t('reader.none')}</p>}
        {list.length > 0 && (
          <div style={{ ...field, maxWidth: '30rem' }}>
            <label htmlFor="chips-reader-choice">{t('reader.label')}</label>
            <select
              id="chips-reader-choice"
              style={input}
              value={reader?.name ?? ''}
              onChange={(event) => setChosen(event.target.value)}
            >
              {list.map((each) => (
                <option key={each.name} value={each.name}>
                  {t('reader.option', { name: each.name, state: t(`reader.state.${each.state}`) })}
                </option>
              ))}
            </select>
          </div>
        )}
        {reader && (
          <p role="status" aria-live="polite" style={{ margin: '0.5rem 0' }}>
            {t(`reader.now.${reader.state}`, { name: reader.name })}
          </p>
        )}
        {reader?.kind === 'demo' && <DemoCardTray reader={reader.name} onMoved={() => void readers.refresh()} />}
      </section>

      <section aria-labelledby="chips-read" style={section}>
        <h3 id="chips-read">{t('read.title')}</h3>
        <button
          type="button"
          style={busy === 'read' ? busyButton : button}
          aria-disabled={busy !== undefined || !reader}
          onClick={() => void read()}
        >
          {busy === 'read' ? t('read.busy') : t('read.button')}
        </button>
      </section>

      <div role="status" aria-live="polite">
        {said && <p style={answer(said.tone)}>{saidText(said, t)}</p>}
        {report && <ChipVerdict report={report} />}
      </div>

      <form aria-labelledby="chips-encode" style={section} onSubmit={encode}>
        <h3 id="chips-encode">{t('encode.title')}</h3>
        <p>{t('encode.how')}</p>
        <div style={row}>
          <label style={field}>
            {t('encode.serial')}
            <input
              style={input}
              value={serial}
              autoComplete="off"
              spellCheck={false}
              onChange={(event) => setSerial(event.target.value)}
            />
          </label>
          <label style={field}>
            {t('encode.passphrase')}
            <input
              style={input}
              type="password"
              value={passphrase}
              autoComplete="off"
              onChange={(event) => setPassphrase(event.target.value)}
            />
          </label>
        </div>
        <button
          type="submit"
          style={busy === 'encode' ? busyButton : { ...button, marginTop: '0.5rem' }}
          aria-disabled={busy !== undefined || !reader}
        >
          {busy === 'encode' ? t('encode.busy') : t('encode.button')}
        </button>
      </form>

      <section aria-labelledby="chips-wipe" style={section}>
        <h3 id="chips-wipe">{t('wipe.title')}</h3>
        <p>{t('wipe.how')}</p>
        <button
          type="button"
          style={busy === 'wipe' ? busyButton : dangerButton}
          aria-disabled={busy !== undefined || !reader}
          onClick={() => void wipe()}
        >
          {busy === 'wipe' ? t('wipe.busy') : t('wipe.button')}
        </button>
        <ApprovalDialog request={approval} onApprove={(given) => void wipe(given)} onCancel={() => setApproval(undefined)} />
      </section>
      <p>
        <small>{t('cli')}</small>
      </p>
    </section>
  );
}

/** On the virtual desk encoder: pick up a card a demo printer made (or a blank one) and lay it on the reader. */
function DemoCardTray({ reader, onMoved }: { reader: string; onMoved: () => void }) {
  const { t } = useTranslation('chips');
  const desk = useDesk();
  const cards = usePolled('chips.demoCards', {}, 5000);
  const [picked, setPicked] = useState('blank');
  const [said, setSaid] = useState<Said | undefined>();
  const { refresh } = cards;
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const place = async () => {
    if (desk.state !== 'ready') return;
    setSaid(undefined);
    try {
      const card = await desk.client.call('chips.placeDemoCard', { reader, uid: picked === 'blank' ? null : picked });
      setSaid({ tone: 'good', key: 'demo.placed', values: { uid: card.uid, reader } });
      void refresh();
      onMoved();
    } catch (failure) {
      setSaid({ tone: 'bad', text: failureText(failure) });
    }
  };
  const take = async () => {
    if (desk.state !== 'ready') return;
    try {
      await desk.client.call('chips.takeDemoCard', { reader });
      setSaid({ tone: 'good', key: 'demo.taken', values: { reader } });
      onMoved();
    } catch (failure) {
      setSaid({ tone: 'bad', text: failureText(failure) });
    }
  };
  return (
    <fieldset style={{ border: '1px solid #9aa5b1', borderRadius: '0.4rem', padding: '0.5rem 1rem 0.75rem' }}>
      <legend>{t('demo.title')}</legend>
      <p style={{ margin: '0 0 0.5rem' }}>{t('demo.how')}</p>
      <div style={{ ...row, alignItems: 'flex-end' }}>
        <div style={{ ...field, flex: 1 }}>
          <label htmlFor="chips-demo-card">{t('demo.card')}</label>
          <select id="chips-demo-card" style={input} value={picked} onChange={(event) => setPicked(event.target.value)}>
            <option value="blank">{t('demo.blank')}</option>
            {(cards.data?.cards ?? []).map((card) => (
              <option key={card.uid} value={card.uid}>
                {card.badge
                  ? t('demo.optionBadge', { uid: card.uid, from: card.from, serial: card.badge.serial, name: card.badge.name })
                  : t('demo.option', { uid: card.uid, from: card.from })}
              </option>
            ))}
          </select>
        </div>
        <button type="button" style={button} onClick={() => void place()}>
          {t('demo.place')}
        </button>
        <button type="button" style={quietButton} onClick={() => void take()}>
          {t('demo.take')}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {said && <p style={answer(said.tone)}>{saidText(said, t)}</p>}
      </div>
    </fieldset>
  );
}
