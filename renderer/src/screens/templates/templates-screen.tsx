import { type CSSProperties, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Params, Result } from '../../../../electron/core/rpc/contract/index.ts';
import { CallError } from '../../rpc/client.ts';
import { useDesk } from '../../rpc/desk.tsx';

type Preview = Result<'templates.preview'>;
type Sample = Params<'templates.preview'>['sample'];

const controls: CSSProperties = { display: 'flex', flexWrap: 'wrap', gap: '1.5rem', alignItems: 'flex-start' };
const group: CSSProperties = { border: 'none', padding: 0, margin: 0 };
const select: CSSProperties = { fontSize: '1rem', fontFamily: 'inherit', padding: '0.3rem', minWidth: '14rem' };
const cards: CSSProperties = { display: 'flex', flexWrap: 'wrap', gap: '1.5rem', margin: '1rem 0' };
const figure: CSSProperties = { margin: 0, flex: '1 1 20rem', maxWidth: '30rem' };
// A thin frame: a white card edge on a white page would not show where the card ends.
const card: CSSProperties = { width: '100%', height: 'auto', border: '1px solid #8a8a8a', borderRadius: '0.4rem' };
const warning: CSSProperties = { borderLeft: '0.4rem solid #9A6700', background: '#FFF8E5', padding: '0.5rem 1rem' };

/** Each badge type's card, front and back, as it will print: with the sample holder or the roster's longest name. */
export function TemplatesScreen() {
  const { t, i18n } = useTranslation('templates');
  const desk = useDesk();
  const [type, setType] = useState<string | undefined>();
  const [sample, setSample] = useState<Sample>('demo');
  const [preview, setPreview] = useState<Preview | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (desk.state !== 'ready') return;
    let current = true;
    setBusy(true);
    setError(undefined);
    desk.client
      .call('templates.preview', { ...(type ? { type } : {}), sample })
      .then((answer) => {
        if (!current) return;
        setPreview(answer);
        setType(answer.type);
      })
      .catch((failure: unknown) => current && setError(failure instanceof CallError ? failure.message : String(failure)))
      .finally(() => current && setBusy(false));
    return () => {
      current = false;
    };
  }, [desk, type, sample]);
  const chinese = i18n.language === 'zh-CN';
  const typeName = (code: string) => {
    const found = preview?.types.find((candidate) => candidate.code === code);
    return found ? (chinese ? found.nameZh : found.nameEn) : code;
  };
  return (
    <section aria-labelledby="templates-title" aria-busy={busy}>
      <h2 id="templates-title">{t('name')}</h2>
      <p>{t('intro')}</p>
      <div style={controls}>
        <label>
          {t('type')}
          <br />
          <select style={select} value={type ?? ''} onChange={(event) => setType(event.target.value)}>
            {preview?.types.map((candidate) => (
              <option key={candidate.code} value={candidate.code}>
                {chinese ? `${candidate.nameZh} · ${candidate.nameEn}` : `${candidate.nameEn} · ${candidate.nameZh}`}
              </option>
            ))}
          </select>
        </label>
        <fieldset style={group}>
          <legend>{t('sample.label')}</legend>
          {(['demo', 'longest'] as const).map((choice) => (
            <label key={choice} style={{ display: 'block', cursor: 'pointer' }}>
              <input
                type="radio"
                name="templates-sample"
                value={choice}
                checked={sample === choice}
                onChange={() => setSample(choice)}
              />{' '}
              {t(`sample.${choice}`)}
            </label>
          ))}
        </fieldset>
      </div>
      <div role="status" aria-live="polite">
        {busy && <p>{t('drawing')}</p>}
        {error && <p style={warning}>{error}</p>}
        {preview && !busy && (
          <p>
            {t(preview.sample === 'longest' ? 'showing.longest' : 'showing.demo', {
              type: typeName(preview.type),
              name: preview.holder.name,
            })}
            {sample === 'longest' && preview.sample === 'demo' && (
              <>
                <br />
                {t('showing.nobody')}
              </>
            )}
          </p>
        )}
      </div>
      {preview && (
        <div style={cards}>
          {(['front', 'back'] as const).map((side) => {
            const svg = preview[side];
            if (!svg) return null;
            const label = t(`side.${side}`);
            return (
              <figure key={side} style={figure}>
                {/* As an image: the SVG is drawn by the core, and an <img> runs no script in it. */}
                <img
                  style={card}
                  src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
                  alt={t('cardAlt', { side: label, type: typeName(preview.type), name: preview.holder.name })}
                />
                <figcaption>{label}</figcaption>
              </figure>
            );
          })}
        </div>
      )}
      {preview && (
        <section aria-labelledby="templates-warnings">
          <h3 id="templates-warnings">{t('warnings.title')}</h3>
          {preview.warnings.length === 0 ? (
            <p>{t('warnings.none')}</p>
          ) : (
            <ul style={warning}>
              {preview.warnings.map((found) => (
                <li key={`${found.side}-${found.element}-${found.code}`}>
                  <strong>{t(`side.${found.side}`)}</strong>
                  {t('warnings.separator')}
                  {t(`warnings.codes.${found.code}`, { element: found.element, defaultValue: found.message })}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </section>
  );
}
