import { useTranslation } from 'react-i18next';
import type { Result } from '../../../../electron/core/rpc/contract/index.ts';
import { answer, facts, MARKS, type Tone, term } from '../devices/styles.ts';

export type ChipRead = Result<'chips.read'>;

/** What the card is, in one plain sentence first (valid, revoked, blank, not ours), then the facts. */
export function ChipVerdict({ report }: { report: ChipRead }) {
  const { t, i18n } = useTranslation('chips');
  const when = (ms: number) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
  const day = (iso: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(new Date(iso));
  const { badge } = report;
  const typeName = badge?.type ? (i18n.language === 'zh-CN' ? badge.type.nameZh : badge.type.nameEn) : '';
  const who = { serial: badge?.serial ?? '', name: badge?.holder?.name ?? t('verdict.unknownHolder'), type: typeName };
  let tone: Tone;
  let headline: string;
  let advice: string | undefined;
  if (report.empty) {
    tone = 'plain';
    headline = t('verdict.blank');
  } else if (!report.verdict.valid) {
    tone = 'bad';
    headline = t('verdict.notOurs');
    advice = t('verdict.why', { code: report.verdict.code, message: report.verdict.message });
  } else if (badge?.status === 'revoked') {
    tone = 'bad';
    headline =
      badge.revokedAt === undefined ? t('verdict.revoked', who) : t('verdict.revokedOn', { ...who, when: when(badge.revokedAt) });
    advice = badge.revokeReason ? t(`reason.${badge.revokeReason}`, { defaultValue: badge.revokeReason }) : undefined;
  } else if (report.chip?.status === 'revoked') {
    tone = 'bad';
    headline = t('verdict.chipReplaced', who);
  } else if (badge?.status === 'unknown' || !badge) {
    tone = 'warn';
    headline = t('verdict.unknownBadge', who);
  } else {
    tone = 'good';
    headline = typeName ? t('verdict.valid', who) : t('verdict.validNoType', who);
  }
  return (
    <div style={answer(tone)} data-verdict={tone}>
      <p style={{ margin: 0, fontSize: '1.15rem' }}>
        <strong>
          <span aria-hidden="true">{MARKS[tone]}</span> {headline}
        </strong>
      </p>
      {advice && <p style={{ margin: '0.25rem 0 0' }}>{advice}</p>}
      <dl style={facts}>
        <dt style={term}>{t('facts.chip')}</dt>
        <dd style={{ margin: 0 }}>{t('facts.chipIs', { uid: report.uid, model: report.model, bytes: report.capacity })}</dd>
        <dt style={term}>{t('facts.protected')}</dt>
        <dd style={{ margin: 0 }}>{report.protected ? t('facts.yes') : t('facts.no')}</dd>
        {report.chip && (
          <>
            <dt style={term}>{t('facts.registry')}</dt>
            <dd style={{ margin: 0 }}>{t(`facts.chipStatus.${report.chip.status}`, { serial: report.chip.serial })}</dd>
          </>
        )}
        {report.payload && (
          <>
            <dt style={term}>{t('facts.validity')}</dt>
            <dd style={{ margin: 0 }}>
              {t('facts.validFromTo', { from: day(report.payload.notBefore), to: day(report.payload.expires) })}
            </dd>
            <dt style={term}>{t('facts.zones')}</dt>
            <dd style={{ margin: 0 }}>{report.payload.zones.join(' ') || t('facts.noZones')}</dd>
          </>
        )}
        <dt style={term}>{t('facts.reader')}</dt>
        <dd style={{ margin: 0 }}>{report.reader}</dd>
      </dl>
    </div>
  );
}
