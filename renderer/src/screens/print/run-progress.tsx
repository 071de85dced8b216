import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { TopicData } from '../../../../electron/core/rpc/contract/index.ts';
import { bar, panel, swatch } from './print-styles.ts';

export type JobView = TopicData<'job.progress'>;
type CardOut = NonNullable<JobView['lastCard']>;
export type TypeNames = (code: string) => string;

/** "3 min left", "1 h 5 min left", in the page's language. */
export function timeLeft(t: TFunction, seconds: number | null): string | undefined {
  if (seconds === null) return undefined;
  if (seconds < 60) return t('time.seconds', { n: Math.max(0, Math.round(seconds)) });
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t('time.minutes', { n: minutes });
  return t('time.hours', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

/** The lanyard's colour and its name in words, with the card's serial and type. */
export function LanyardOf({ card, typeName, large }: { card: CardOut; typeName: TypeNames; large?: boolean }) {
  const { t, i18n } = useTranslation('print');
  const lanyard = i18n.language === 'zh-CN' ? card.lanyard.nameZh : card.lanyard.nameEn;
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', fontSize: large ? '1.25rem' : undefined }}>
      <span aria-hidden="true" style={swatch(card.lanyard.colour, large ? '2.4rem' : '1.2rem')} />
      <span>{t('lanyard.card', { serial: card.serial, type: typeName(card.type), lanyard })}</span>
    </span>
  );
}

/** One labelled progress bar with what it means in words beside it. */
function Meter({ id, label, value, max, words }: { id: string; label: string; value: number; max: number; words: string }) {
  return (
    <div style={{ margin: '0.5rem 0 0.75rem' }}>
      <div id={`${id}-label`} style={{ fontWeight: 600 }}>
        {label}
      </div>
      <progress
        style={bar}
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-words`}
        value={value}
        max={Math.max(max, 1)}
      />
      <div id={`${id}-words`}>{words}</div>
    </div>
  );
}

/** The job's bar and each printer's, with cards per hour and time left, and the card just out. */
export function RunProgress({ job, typeName }: { job: JobView; typeName: TypeNames }) {
  const { t } = useTranslation('print');
  const sep = t('progress.separator');
  const paceWords = (pace: number, seconds: number | null) => {
    const left = job.status === 'done' ? t('progress.finished') : timeLeft(t, seconds);
    return [
      pace > 0 ? t('progress.pace', { pace }) : t('progress.noPace'),
      left && left !== t('progress.finished') ? t('progress.left', { time: left }) : left,
    ]
      .filter(Boolean)
      .join(sep);
  };
  const printing = job.total - job.cancelled;
  return (
    <section aria-labelledby="print-progress-title" style={panel}>
      <h4 id="print-progress-title" style={{ margin: 0 }}>
        {t('progress.title')}
      </h4>
      <Meter
        id="print-job-meter"
        label={t('progress.job')}
        value={job.done}
        max={job.total}
        words={[t('progress.done', { done: job.done, total: job.total }), paceWords(job.cardsPerHour, job.secondsLeft)].join(sep)}
      />
      <p style={{ margin: '0 0 0.5rem' }}>
        {t('progress.counts', {
          issued: job.issued,
          failed: job.failed,
          rejected: job.rejected,
          held: job.held,
          cancelled: job.cancelled,
        })}
      </p>
      {job.printers.map((printer) => {
        // Each printer's share: what it printed, and what is left shared by pace.
        const paces = job.printers.reduce((sum, other) => sum + other.cardsPerHour, 0);
        const left = Math.max(0, printing - job.done);
        const share =
          paces > 0 ? printer.cards + (left * printer.cardsPerHour) / paces : printer.cards + left / job.printers.length;
        const state = t(`progress.printerState.${printer.state}`, { defaultValue: printer.state });
        return (
          <div key={printer.printer}>
            <Meter
              id={`print-printer-${printer.printer.replace(/\W/g, '_')}`}
              label={`${t('progress.printer', { printer: printer.printer, cards: printer.cards })}${sep}${state}`}
              value={printer.cards}
              max={Math.round(share)}
              words={[paceWords(printer.cardsPerHour, printer.secondsLeft), printer.message].filter(Boolean).join(sep)}
            />
            {printer.lastCard && (
              <div style={{ margin: '-0.25rem 0 0.75rem' }}>
                <LanyardOf card={printer.lastCard} typeName={typeName} />
              </div>
            )}
          </div>
        );
      })}
    </section>
  );
}

/** The card that has just come out, large, for the person putting badges on lanyards. */
export function CardJustOut({ job, typeName }: { job: JobView; typeName: TypeNames }) {
  const { t } = useTranslation('print');
  return (
    <section aria-labelledby="print-lanyard-title" style={panel}>
      <h4 id="print-lanyard-title" style={{ margin: 0 }}>
        {t('lanyard.title')}
      </h4>
      <div role="status" aria-live="polite" style={{ marginTop: '0.5rem' }}>
        {job.lastCard ? <LanyardOf card={job.lastCard} typeName={typeName} large /> : <p>{t('lanyard.none')}</p>}
      </div>
    </section>
  );
}
