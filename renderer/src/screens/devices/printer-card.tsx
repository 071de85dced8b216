import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../../electron/core/rpc/contract/index.ts';
import { useDesk } from '../../rpc/desk.tsx';
import { CalibrationEditor } from './calibration-editor.tsx';
import {
  answer,
  busyButton,
  button,
  card,
  dangerButton,
  facts,
  MARKS,
  pill,
  quietButton,
  row,
  stateTone,
  term,
} from './styles.ts';
import { failureText, type Said, saidText } from './use-polled.ts';

export type PrinterState = Result<'devices.printers'>['printers'][number];
type CardKind = 'test' | 'calibration';

/** One printer: its state in words and a mark, ribbon, the card in it, and what a technician does with it. */
export function PrinterCard({ printer, onChanged }: { printer: PrinterState; onChanged: () => void }) {
  const { t, i18n } = useTranslation('devices');
  const desk = useDesk();
  const [printing, setPrinting] = useState<CardKind | undefined>();
  const [said, setSaid] = useState<Said | undefined>();
  const [editing, setEditing] = useState(false);
  const [removing, setRemoving] = useState(false);
  const tone = stateTone(printer.state);
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2, signDisplay: 'exceptZero' });
  const id = `printer-${printer.name.replace(/[^\w-]/g, '_')}`;

  const print = async (kind: CardKind) => {
    if (desk.state !== 'ready' || printing) return;
    setPrinting(kind);
    setSaid(undefined);
    try {
      await desk.client.call('devices.printCard', { printer: printer.name, card: kind });
      setSaid({ tone: 'good', key: `printer.printed.${kind}`, values: { printer: printer.name } });
    } catch (failure) {
      setSaid({ tone: 'bad', text: failureText(failure) });
    } finally {
      setPrinting(undefined);
      onChanged();
    }
  };
  const remove = async () => {
    if (desk.state !== 'ready') return;
    try {
      await desk.client.call('devices.removePrinter', { name: printer.name });
      onChanged();
    } catch (failure) {
      setRemoving(false);
      setSaid({ tone: 'bad', text: failureText(failure) });
    }
  };

  return (
    <article aria-labelledby={`${id}-name`} style={card}>
      <h4 id={`${id}-name`} style={{ margin: 0, display: 'flex', justifyContent: 'space-between', gap: '0.5rem' }}>
        <span>{printer.name}</span>
        <span style={pill(tone)}>
          <span aria-hidden="true">{MARKS[tone]}</span> {t(`state.${printer.state}`, { defaultValue: printer.message })}
        </span>
      </h4>
      {tone !== 'good' && printer.message && <p style={{ margin: '0.25rem 0' }}>{printer.message}</p>}
      <dl style={facts}>
        <dt style={term}>{t('printer.kind')}</dt>
        <dd style={{ margin: 0 }}>
          {printer.driver === 'demo'
            ? t('printer.demo')
            : t('printer.cups', {
                queue: printer.target,
                make: printer.profile ?? 'generic-pdf',
                ribbon: printer.ribbonType ?? '',
              })}
        </dd>
        <dt style={term}>{t('printer.ribbon')}</dt>
        <dd style={{ margin: 0 }}>
          {printer.ribbon === undefined
            ? t('printer.ribbonUnknown')
            : t('printer.ribbonLeft', {
                percent: new Intl.NumberFormat(i18n.language, { style: 'percent' }).format(printer.ribbon / 100),
              })}
        </dd>
        <dt style={term}>{t('printer.card')}</dt>
        <dd style={{ margin: 0 }}>
          {printer.card
            ? t('printer.cardIn', {
                serial: printer.card.serial,
                job: printer.card.job,
                state: t(`cardState.${printer.card.state}`, { defaultValue: printer.card.state }),
              })
            : t('printer.noCard')}
        </dd>
        <dt style={term}>{t('printer.encoder')}</dt>
        <dd style={{ margin: 0 }}>{printer.encoder ? encoderName(printer.encoder, t) : t('printer.noEncoder')}</dd>
        <dt style={term}>{t('printer.offsets')}</dt>
        <dd style={{ margin: 0 }}>
          {t('printer.offsetsAre', {
            x: number.format(printer.calibration.offsetX),
            y: number.format(printer.calibration.offsetY),
          })}
        </dd>
      </dl>
      <div style={row}>
        <button
          type="button"
          style={printing === 'test' ? busyButton : button}
          aria-disabled={printing !== undefined}
          aria-label={t('printer.testFor', { printer: printer.name })}
          onClick={() => void print('test')}
        >
          {printing === 'test' ? t('printer.printing') : t('printer.test')}
        </button>
        <button
          type="button"
          style={quietButton}
          aria-expanded={editing}
          aria-controls={`${id}-calibration`}
          aria-label={t('printer.calibrateFor', { printer: printer.name })}
          onClick={() => setEditing(!editing)}
        >
          {t('printer.calibrate')}
        </button>
        {removing ? (
          <>
            <button type="button" style={dangerButton} onClick={() => void remove()}>
              {t('printer.confirmRemove', { printer: printer.name })}
            </button>
            <button type="button" style={quietButton} onClick={() => setRemoving(false)}>
              {t('printer.keep')}
            </button>
          </>
        ) : (
          <button
            type="button"
            style={dangerButton}
            aria-label={t('printer.removeFor', { printer: printer.name })}
            onClick={() => setRemoving(true)}
          >
            {t('printer.remove')}
          </button>
        )}
      </div>
      <div role="status" aria-live="polite">
        {said && <p style={answer(said.tone)}>{saidText(said, t)}</p>}
      </div>
      {editing && (
        <CalibrationEditor
          id={`${id}-calibration`}
          printer={printer.name}
          saved={printer.calibration}
          printing={printing === 'calibration'}
          onSaved={onChanged}
          onPrint={() => void print('calibration')}
        />
      )}
    </article>
  );
}

function encoderName(encoder: string, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (encoder.startsWith('pcsc:')) return t('printer.encoderPcsc', { reader: encoder.slice('pcsc:'.length) });
  if (encoder.startsWith('demo:bad-every=')) return t('printer.encoderDemoBad', { every: Number(encoder.split('=')[1]) });
  return t('printer.encoderDemo');
}
