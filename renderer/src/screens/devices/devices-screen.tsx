import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesk } from '../../rpc/desk.tsx';
import { AddPrinter } from './add-printer.tsx';
import { DeskReaders } from './desk-readers.tsx';
import { PrinterCard } from './printer-card.tsx';
import { answer, grid, section } from './styles.ts';
import { usePolled } from './use-polled.ts';

/** How often the printers' state is asked for; a run's `printers.state` events come between. */
const PRINTERS_EVERY_MS = 4000;

/** The station's printers (state, ribbon, the card in each, test cards, offsets) and the desk's readers. */
export function DevicesScreen() {
  const { t } = useTranslation('devices');
  const desk = useDesk();
  const printers = usePolled('devices.printers', {}, PRINTERS_EVERY_MS);
  const { setData, refresh } = printers;
  // While a run prints, its printers' state comes as it changes (the Print screen's topic).
  useEffect(() => {
    if (desk.state !== 'ready') return;
    return desk.client.subscribe('printers.state', (event) => {
      setData(
        (now) =>
          now && {
            ...now,
            printers: now.printers.map((printer) =>
              printer.name === event.printer ? { ...printer, state: event.state } : printer,
            ),
          },
      );
    });
  }, [desk, setData]);
  const list = printers.data?.printers;
  return (
    <section aria-labelledby="devices-title">
      <h2 id="devices-title">{t('name')}</h2>
      <p>{t('intro')}</p>
      <section aria-labelledby="devices-printers" style={section}>
        <h3 id="devices-printers">{t('printers.title')}</h3>
        {printers.error && (
          <p role="alert" style={answer('bad')}>
            {printers.error}
          </p>
        )}
        {list === undefined && !printers.error && <p role="status">{t('printers.loading')}</p>}
        {list?.length === 0 && <p>{t('printers.none')}</p>}
        {list && list.length > 0 && (
          <ul style={grid} aria-label={t('printers.title')}>
            {list.map((printer) => (
              <li key={printer.name}>
                <PrinterCard printer={printer} onChanged={() => void refresh()} />
              </li>
            ))}
          </ul>
        )}
        <AddPrinter makes={printers.data?.makes ?? []} onAdded={() => void refresh()} />
      </section>
      <DeskReaders />
      <p>
        <small>{t('cli')}</small>
      </p>
    </section>
  );
}
