import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesk } from '../../rpc/desk.tsx';
import { answer, card, facts, grid, MARKS, pill, section, term } from './styles.ts';
import { usePolled } from './use-polled.ts';

/** Readers come and go (a reader plugged in, a card laid on it): asked again this often. */
const READERS_EVERY_MS = 2500;

/** The readers on the technician's desk (PC/SC, USB HID, and a demo station's virtual desk encoder): model, firmware, serial number, and whether a card is on each. */
export function DeskReaders() {
  const { t } = useTranslation('devices');
  const desk = useDesk();
  const readers = usePolled('devices.readers', {}, READERS_EVERY_MS);
  const { refresh } = readers;
  // An encoder plugged in or pulled out (the core watches them): asked again at once.
  useEffect(() => {
    if (desk.state !== 'ready') return;
    return desk.client.subscribe('encoders.changed', () => void refresh());
  }, [desk, refresh]);
  const list = readers.data?.readers;
  return (
    <section aria-labelledby="devices-readers" style={section}>
      <h3 id="devices-readers">{t('readers.title')}</h3>
      {readers.error && (
        <p role="alert" style={answer('bad')}>
          {readers.error}
        </p>
      )}
      {readers.data && !readers.data.pcscService && (
        // On a demo station the virtual desk encoder does the work: no real reader is no alarm there.
        <p style={answer(list?.some((reader) => reader.kind === 'demo') ? 'plain' : 'warn')}>{t('readers.noService')}</p>
      )}
      {list?.length === 0 && <p>{t('readers.none')}</p>}
      {list && list.length > 0 && (
        <ul style={grid} aria-label={t('readers.title')}>
          {list.map((reader) => {
            const tone = reader.state === 'card' ? 'good' : reader.state === 'empty' ? 'plain' : 'bad';
            return (
              <li key={reader.name}>
                <article aria-label={reader.name} style={card}>
                  <h4 style={{ margin: 0, display: 'flex', justifyContent: 'space-between', gap: '0.5rem' }}>
                    <span>{reader.name}</span>
                    <span style={pill(tone)}>
                      <span aria-hidden="true">{MARKS[tone]}</span> {t(`readers.state.${reader.state}`)}
                    </span>
                  </h4>
                  <dl style={facts}>
                    <dt style={term}>{t('readers.kind')}</dt>
                    <dd style={{ margin: 0 }}>{t(`readers.kinds.${reader.kind}`)}</dd>
                    <Fact term={t('readers.model')} value={reader.model} />
                    <Fact term={t('readers.firmware')} value={reader.firmware} />
                    <Fact term={t('readers.serial')} value={reader.serial} />
                    <Fact term={t('readers.problem')} value={reader.problem && t(`readers.problems.${reader.problem}`)} />
                    <Fact
                      term={t('readers.card')}
                      value={reader.card && t('readers.cardFrom', { uid: reader.card.uid, from: reader.card.from })}
                    />
                  </dl>
                </article>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** One term and its value in a reader's facts; nothing when the reader has no such fact. */
function Fact({ term: word, value }: { term: string; value: string | undefined }) {
  if (!value) return null;
  return (
    <>
      <dt style={term}>{word}</dt>
      <dd style={{ margin: 0 }}>{value}</dd>
    </>
  );
}
