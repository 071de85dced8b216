/** A job's pick list on screen: the lanyards and sleeves to take from stock, then every card in handover order. */
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../../electron/core/rpc/contract/index.ts';
import { cell, swatch } from './handover-styles.ts';

export function PickList({ batch }: { batch: Result<'handover.batch'> }) {
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
