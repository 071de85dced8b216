import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../../electron/core/rpc/contract/index.ts';
import { useDesk } from '../../rpc/desk.tsx';
import { answer, busyButton, button, field, input, quietButton, row } from './styles.ts';
import { failureText, type Said, saidText } from './use-polled.ts';

type Calibration = Result<'devices.calibrate'>;

const LIMITS = {
  offsetX: { min: -5, max: 5, step: 0.05 },
  offsetY: { min: -5, max: 5, step: 0.05 },
  scaleX: { min: 0.95, max: 1.05, step: 0.001 },
  scaleY: { min: 0.95, max: 1.05, step: 0.001 },
} as const;

/**
 * A printer's offsets: how far its image lands from where it should, read off the
 * calibration card (ticks every millimetre); saved for every card drawn for it from now on.
 */
export function CalibrationEditor(props: {
  id: string;
  printer: string;
  saved: Calibration;
  printing: boolean;
  onSaved: () => void;
  onPrint: () => void;
}) {
  const { t } = useTranslation('devices');
  const desk = useDesk();
  const [values, setValues] = useState<Record<keyof typeof LIMITS, string>>({
    offsetX: String(props.saved.offsetX),
    offsetY: String(props.saved.offsetY),
    scaleX: String(props.saved.scaleX),
    scaleY: String(props.saved.scaleY),
  });
  const [rotate, setRotate] = useState(props.saved.rotate180);
  const [said, setSaid] = useState<Said | undefined>();
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (desk.state !== 'ready') return;
    const numbers = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, Number(value)]));
    const bad = (Object.keys(LIMITS) as (keyof typeof LIMITS)[]).find((key) => {
      const value = numbers[key] as number;
      return values[key].trim() === '' || !Number.isFinite(value) || value < LIMITS[key].min || value > LIMITS[key].max;
    });
    if (bad) {
      setSaid({ tone: 'bad', key: `calibration.outOfRange.${bad}` });
      return;
    }
    try {
      await desk.client.call('devices.calibrate', {
        printer: props.printer,
        calibration: { ...(numbers as Record<keyof typeof LIMITS, number>), rotate180: rotate },
      });
      setSaid({ tone: 'good', key: 'calibration.saved', values: { printer: props.printer } });
      props.onSaved();
    } catch (failure) {
      setSaid({ tone: 'bad', text: failureText(failure) });
    }
  };
  return (
    <form id={props.id} onSubmit={(event) => void save(event)} aria-label={t('calibration.title', { printer: props.printer })}>
      <p style={{ margin: '0.75rem 0 0.25rem' }}>{t('calibration.how')}</p>
      <div style={row}>
        {(Object.keys(LIMITS) as (keyof typeof LIMITS)[]).map((key) => (
          <label key={key} style={{ ...field, minWidth: '7.5rem', flex: 1 }}>
            {t(`calibration.${key}`)}
            <input
              style={input}
              type="number"
              inputMode="decimal"
              min={LIMITS[key].min}
              max={LIMITS[key].max}
              step={LIMITS[key].step}
              value={values[key]}
              onChange={(event) => setValues({ ...values, [key]: event.target.value })}
            />
          </label>
        ))}
      </div>
      <label style={{ display: 'block', margin: '0.5rem 0' }}>
        <input type="checkbox" checked={rotate} onChange={(event) => setRotate(event.target.checked)} /> {t('calibration.rotate')}
      </label>
      <div style={row}>
        <button type="submit" style={button}>
          {t('calibration.save')}
        </button>
        <button
          type="button"
          style={props.printing ? busyButton : quietButton}
          aria-disabled={props.printing}
          onClick={props.onPrint}
        >
          {props.printing ? t('printer.printing') : t('calibration.print', { printer: props.printer })}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {said && <p style={answer(said.tone)}>{saidText(said, t)}</p>}
      </div>
    </form>
  );
}
