/**
 * One badge as the station knows it: each version (serial, type, live or revoked, when and
 * why) and what the ledger recorded on it, oldest first. In a holder's file on the Roster
 * screen and on the Reprint screen, where a supervisor decides from it.
 */
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../../electron/core/rpc/contract/index.ts';

export type HolderBadge = Result<'roster.holder'>['badges'][number];

const table: CSSProperties = { borderCollapse: 'collapse', width: '100%', margin: '0.5rem 0 1rem' };
const th: CSSProperties = { textAlign: 'left', borderBottom: '2px solid #1a1a1a', padding: '0.25rem 0.5rem' };
const td: CSSProperties = { borderBottom: '1px solid #D1D5DB', padding: '0.25rem 0.5rem', verticalAlign: 'top' };

export function BadgeHistory({ badge, typeName }: { badge: HolderBadge; typeName(code: string): string }) {
  const { t, i18n } = useTranslation('roster');
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section aria-label={t('detail.badge', { serial: badge.versions.at(-1)?.serial ?? '' })}>
      <table style={table}>
        <caption style={{ textAlign: 'left', fontWeight: 700 }}>{t('detail.versions')}</caption>
        <thead>
          <tr>
            {(['serial', 'version', 'type', 'status', 'made', 'revoked'] as const).map((column) => (
              <th key={column} scope="col" style={th}>
                {t(`versions.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {badge.versions.map((version) => (
            <tr key={version.serial}>
              <td style={{ ...td, fontVariantNumeric: 'tabular-nums' }}>{version.serial}</td>
              <td style={td}>{version.version}</td>
              <td style={td}>{typeName(version.type)}</td>
              <td style={td}>{t(`status.${version.status}`)}</td>
              <td style={td}>{when.format(version.createdAt)}</td>
              <td style={td}>
                {version.revokedAt !== null && when.format(version.revokedAt)}
                {version.revokeReason && ` · ${t(`reasons.${version.revokeReason}`, { defaultValue: version.revokeReason })}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table style={table}>
        <caption style={{ textAlign: 'left', fontWeight: 700 }}>{t('detail.history')}</caption>
        <thead>
          <tr>
            {(['at', 'event', 'serial', 'details', 'actor'] as const).map((column) => (
              <th key={column} scope="col" style={th}>
                {t(`history.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {badge.history.map((event) => (
            <tr key={event.seq}>
              <td style={td}>{when.format(event.at)}</td>
              <td style={td}>{t(`events.${event.type}`, { defaultValue: event.type })}</td>
              <td style={{ ...td, fontVariantNumeric: 'tabular-nums' }}>{event.serial}</td>
              <td style={td}>
                {[
                  event.printer && t('history.printer', { printer: event.printer }),
                  event.job !== undefined && t('history.job', { job: event.job }),
                  event.reason && t('history.reason', { reason: t(`reasons.${event.reason}`, { defaultValue: event.reason }) }),
                  event.chip && t('history.chip', { chip: event.chip }),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </td>
              <td style={td}>
                {event.approvedBy
                  ? t('history.approved', { by: event.by ?? event.actor, approver: event.approvedBy })
                  : (event.by ?? event.actor)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
