import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Params, Result } from '../../../../electron/core/rpc/contract/index.ts';
import { useDesk } from '../../rpc/desk.tsx';
import { answer, busyButton, button, field, input, row, section } from './styles.ts';
import { failureText, type Said, saidText } from './use-polled.ts';

type Make = Result<'devices.printers'>['makes'][number];

/**
 * Adds a printer: a CUPS queue (the core checks it against its make and the queue's own
 * driver, and says plainly what does not match) or a demo printer for training.
 */
export function AddPrinter({ makes, onAdded }: { makes: Make[]; onAdded: () => void }) {
  const { t } = useTranslation('devices');
  const desk = useDesk();
  const [driver, setDriver] = useState<'demo' | 'cups'>('demo');
  const [name, setName] = useState('');
  const [queue, setQueue] = useState('');
  const [server, setServer] = useState('http://127.0.0.1:631');
  const [make, setMake] = useState('generic-pdf');
  const [ribbon, setRibbon] = useState('');
  const [reader, setReader] = useState('');
  const [demoEncoder, setDemoEncoder] = useState(false);
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<Said | undefined>();
  const ribbons = makes.find((each) => each.id === make)?.ribbons ?? [];

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (desk.state !== 'ready' || busy) return;
    if (name.trim() === '' || (driver === 'cups' && queue.trim() === '')) {
      setSaid({ tone: 'bad', key: driver === 'cups' ? 'add.needQueue' : 'add.needName' });
      return;
    }
    const params: Params<'devices.addPrinter'> =
      driver === 'demo'
        ? { driver, name: name.trim(), ...(demoEncoder ? { encoder: 'demo' as const } : {}) }
        : {
            driver,
            name: name.trim(),
            queue: queue.trim(),
            server: server.trim(),
            profile: make,
            ...(ribbon ? { ribbon } : {}),
            ...(reader.trim() ? { encoder: `pcsc:${reader.trim()}` } : {}),
          };
    setBusy(true);
    setSaid(undefined);
    try {
      const added = await desk.client.call('devices.addPrinter', params);
      setSaid({ tone: 'good', key: 'add.added', values: { printer: added.name } });
      setName('');
      setQueue('');
      onAdded();
    } catch (failure) {
      setSaid({ tone: 'bad', text: failureText(failure) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form aria-labelledby="devices-add" style={section} onSubmit={(event) => void add(event)}>
      <h3 id="devices-add">{t('add.title')}</h3>
      <fieldset style={{ border: 'none', padding: 0, margin: '0 0 0.75rem' }}>
        <legend>{t('add.what')}</legend>
        {(['demo', 'cups'] as const).map((choice) => (
          <label key={choice} style={{ display: 'block', cursor: 'pointer' }}>
            <input
              type="radio"
              name="devices-add-driver"
              value={choice}
              checked={driver === choice}
              onChange={() => setDriver(choice)}
            />{' '}
            {t(`add.${choice}`)}
          </label>
        ))}
      </fieldset>
      <div style={row}>
        <label style={field}>
          {t('add.name')}
          <input style={input} value={name} maxLength={40} onChange={(event) => setName(event.target.value)} />
        </label>
        {driver === 'cups' && (
          <>
            <label style={field}>
              {t('add.queue')}
              <input style={input} value={queue} onChange={(event) => setQueue(event.target.value)} />
            </label>
            <label style={field}>
              {t('add.server')}
              <input style={input} value={server} onChange={(event) => setServer(event.target.value)} />
            </label>
            <label style={field}>
              {t('add.make')}
              <select
                style={input}
                value={make}
                onChange={(event) => {
                  setMake(event.target.value);
                  setRibbon('');
                }}
              >
                {makes.map((each) => (
                  <option key={each.id} value={each.id}>
                    {t('add.makeOption', { make: each.make, model: each.model })}
                  </option>
                ))}
              </select>
            </label>
            <label style={field}>
              {t('add.ribbon')}
              <select style={input} value={ribbon} onChange={(event) => setRibbon(event.target.value)}>
                <option value="">{t('add.ribbonDefault', { ribbon: ribbons[0] ?? '' })}</option>
                {ribbons.map((each) => (
                  <option key={each} value={each}>
                    {each}
                  </option>
                ))}
              </select>
            </label>
            <label style={field}>
              {t('add.reader')}
              <input style={input} value={reader} onChange={(event) => setReader(event.target.value)} />
            </label>
          </>
        )}
      </div>
      {driver === 'demo' && (
        <label style={{ display: 'block', margin: '0.5rem 0' }}>
          <input type="checkbox" checked={demoEncoder} onChange={(event) => setDemoEncoder(event.target.checked)} />{' '}
          {t('add.demoEncoder')}
        </label>
      )}
      {driver === 'cups' && <p style={{ margin: '0.5rem 0' }}>{t('add.cupsHint')}</p>}
      <button type="submit" style={busy ? busyButton : { ...button, marginTop: '0.5rem' }} aria-disabled={busy}>
        {busy ? t('add.busy') : t('add.button')}
      </button>
      <div role="status" aria-live="polite">
        {said && <p style={answer(said.tone)}>{saidText(said, t)}</p>}
      </div>
    </form>
  );
}
