/**
 * A holder's file over the roster: photo, fields, each badge with its versions and what the
 * ledger recorded on it. A modal <dialog>: the focus stays in it, Escape closes it and the
 * focus goes back where it was (the table's current row).
 */
import { type CSSProperties, memo, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../../electron/core/rpc/contract/index.ts';
import { CallError } from '../../rpc/client.ts';
import { useDesk } from '../../rpc/desk.tsx';
import { BadgeHistory } from './badge-history.tsx';
import { HolderPhoto } from './holder-photo.tsx';
import { keysText } from './roster-table.tsx';

type HolderFile = Result<'roster.holder'>;

const dialog: CSSProperties = {
  width: 'min(60rem, 94vw)',
  maxHeight: '90vh',
  border: '1px solid #767676',
  borderRadius: '0.4rem',
  padding: '1rem 1.5rem',
  fontFamily: 'inherit',
  color: '#1a1a1a',
};
const top: CSSProperties = { display: 'flex', gap: '1.5rem', alignItems: 'flex-start', flexWrap: 'wrap' };
const photoBox: CSSProperties = {
  width: '9rem',
  height: '12rem',
  border: '1px solid #8a8a8a',
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'center',
  background: '#F3F4F6',
  color: '#4B5563',
  flex: 'none',
};
const photo: CSSProperties = { width: '100%', height: '100%' };
const fields: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: 'max-content 1fr',
  columnGap: '1rem',
  rowGap: '0.2rem',
  margin: 0,
  flex: 1,
};
const term: CSSProperties = { fontWeight: 700, color: '#374151' };
const closeButton: CSSProperties = {
  fontFamily: 'inherit',
  fontSize: '1rem',
  padding: '0.4rem 1rem',
  border: '2px solid #1F5FBF',
  borderRadius: '0.3rem',
  background: '#ffffff',
  color: '#1F5FBF',
  cursor: 'pointer',
};

export interface HolderDialogProps {
  /** The holder whose file is open; undefined: closed. */
  id: string | undefined;
  typeName(code: string): string;
  onClose(): void;
}

/** Memoised: the roster screen draws again on every key typed into its search box; a closed file need not. */
export const HolderDialog = memo(function HolderDialog({ id, typeName, onClose }: HolderDialogProps) {
  const { t, i18n } = useTranslation('roster');
  const desk = useDesk();
  const ref = useRef<HTMLDialogElement>(null);
  const [file, setFile] = useState<HolderFile | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    if (id !== undefined && !element.open) element.showModal();
    if (id === undefined && element.open) element.close();
  }, [id]);

  useEffect(() => {
    if (id === undefined || desk.state !== 'ready') return;
    let current = true;
    setFile(undefined);
    setError(undefined);
    desk.client
      .call('roster.holder', { id })
      .then((answer) => current && setFile(answer))
      .catch((failure: unknown) => current && setError(failure instanceof CallError ? failure.message : String(failure)));
    return () => {
      current = false;
    };
  }, [id, desk]);

  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const holder = file?.holder;
  return (
    <dialog
      ref={ref}
      aria-labelledby="holder-title"
      aria-busy={id !== undefined && !file && !error}
      style={dialog}
      onClose={onClose}
    >
      <div style={{ display: 'flex', alignItems: 'baseline', gap: '1rem' }}>
        <h3 id="holder-title" style={{ margin: 0, flex: 1, fontSize: '1.4rem' }}>
          {holder ? t('detail.title', { name: holder.name, id: holder.id }) : t('detail.loading')}
        </h3>
        <button type="button" style={closeButton} onClick={() => ref.current?.close()}>
          {t('detail.close')}
        </button>
      </div>
      {error && <p role="alert">{error}</p>}
      {holder && file && (
        <>
          <div style={{ ...top, marginTop: '1rem' }}>
            <div style={photoBox}>
              {file.photo ? (
                <HolderPhoto dataUrl={file.photo.dataUrl} label={t('detail.photo', { name: holder.name })} style={photo} />
              ) : (
                <span>{t('detail.noPhoto')}</span>
              )}
            </div>
            <dl style={fields}>
              {(
                [
                  ['id', holder.id],
                  ['name', holder.name],
                  ['latinName', holder.latinName],
                  ['organisation', holder.organisation],
                  ['country', holder.country],
                  ['document', [holder.docType, holder.docNumber].filter(Boolean).join(' ')],
                  ['type', typeName(holder.type)],
                  ['zones', holder.zones.join(' ')],
                  ['updated', when.format(holder.updatedAt)],
                ] as const
              ).map(([key, value]) => (
                <div key={key} style={{ display: 'contents' }}>
                  <dt style={term}>{t(`fields.${key}`)}</dt>
                  <dd style={{ margin: 0 }}>{value || t('detail.blank')}</dd>
                </div>
              ))}
              <dt style={term}>{t('fields.clearance')}</dt>
              <dd style={{ margin: 0 }}>
                {!file.clearance && t('detail.clearanceNone')}
                {file.clearance && (
                  <>
                    <strong>{file.clearance.active ? t('detail.clearanceActive') : t('detail.clearanceWaiting')}</strong>
                    {Object.keys(file.clearance.keys).length > 0 && (
                      <>
                        <br />
                        {keysText(file.clearance.keys)}
                      </>
                    )}
                  </>
                )}
              </dd>
            </dl>
          </div>
          {file.gateFlags.map((flag) => (
            <p
              key={flag.serial}
              style={{ borderLeft: '4px solid #B42318', background: '#FEF3F2', padding: '0.4rem 0.6rem', margin: '0.75rem 0 0' }}
            >
              {t('detail.flagged', { serial: flag.serial, when: when.format(flag.at) })}
            </p>
          ))}
          <h4 style={{ marginBottom: '0.25rem' }}>{t('detail.badges')}</h4>
          {file.badges.length === 0 && <p>{t('detail.noBadges')}</p>}
          {file.badges.map((badge) => (
            <BadgeHistory key={badge.badge} badge={badge} typeName={typeName} />
          ))}
        </>
      )}
    </dialog>
  );
});
