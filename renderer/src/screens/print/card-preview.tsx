import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../../electron/core/rpc/contract/index.ts';
import { CallError, type DeskClient } from '../../rpc/client.ts';
import { alert, panel, quietButton, swatch } from './print-styles.ts';

type Preview = Result<'print.preview'>;

/** A page of the batch's cards, drawn by the print engine in their real templates. */
export function CardPreview({ client, job }: { client: DeskClient; job: number }) {
  const { t, i18n } = useTranslation('print');
  const [page, setPage] = useState(0);
  const [preview, setPreview] = useState<Preview>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let current = true;
    setBusy(true);
    setError(undefined);
    client
      .call('print.preview', { job, page, pageSize: 4 })
      .then((answer) => current && setPreview(answer))
      .catch((failure: unknown) => current && setError(failure instanceof CallError ? failure.message : String(failure)))
      .finally(() => current && setBusy(false));
    return () => {
      current = false;
    };
  }, [client, job, page]);
  const chinese = i18n.language === 'zh-CN';
  const pages = preview?.pages ?? 1;
  return (
    <section aria-labelledby="print-preview-title" aria-busy={busy} style={panel}>
      <h4 id="print-preview-title" style={{ margin: 0 }}>
        {t('preview.title')}
      </h4>
      <div style={{ display: 'flex', gap: '1rem', alignItems: 'center', margin: '0.5rem 0' }}>
        <button type="button" style={quietButton} disabled={page === 0} onClick={() => setPage(page - 1)}>
          {t('preview.previous')}
        </button>
        <span role="status">{busy ? t('preview.drawing') : t('preview.page', { page: page + 1, pages })}</span>
        <button type="button" style={quietButton} disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
          {t('preview.next')}
        </button>
      </div>
      {error && (
        <p role="alert" style={alert}>
          {error}
        </p>
      )}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '1rem' }}>
        {preview?.job === job &&
          preview.cards.map((card) => {
            const type = chinese ? card.type.nameZh : card.type.nameEn;
            const lanyard = chinese ? card.lanyard.nameZh : card.lanyard.nameEn;
            return (
              <figure key={card.serial} style={{ margin: 0, flex: '1 1 12rem', maxWidth: '15rem' }}>
                {/* An image: the SVG is the core's, and an <img> runs no script in it. */}
                <img
                  style={{ width: '100%', height: 'auto', border: '1px solid #8a8a8a', borderRadius: '0.4rem' }}
                  src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(card.front)}`}
                  alt={t('preview.cardAlt', { name: card.holder.name, type, serial: card.serial })}
                />
                <figcaption>
                  {card.holder.name}
                  <br />
                  <span aria-hidden="true" style={swatch(card.lanyard.colour, '0.9rem')} />
                  {t('lanyard.short', { lanyard })}
                  {card.photoLeftOut && (
                    <>
                      <br />
                      {t('preview.photoLeftOut')}
                    </>
                  )}
                </figcaption>
              </figure>
            );
          })}
      </div>
    </section>
  );
}
