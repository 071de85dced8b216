import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Params, Result } from '../../../../electron/core/rpc/contract/index.ts';
import { CallError, type DeskClient } from '../../rpc/client.ts';
import { alert, button, cell, field, good, panel, row, table } from './print-styles.ts';

type Types = Result<'roster.filters'>['types'];
type Refused = Extract<Result<'print.batch'>, { made: false }>;

/** A batch from filters (every badge not yet printed, of a type, of organisations) or from a pasted list. */
export function BatchForm({ client, onMade }: { client: DeskClient; onMade(job: number): void }) {
  const { t, i18n } = useTranslation('print');
  const [types, setTypes] = useState<Types>([]);
  const [source, setSource] = useState<'filters' | 'list'>('filters');
  const [type, setType] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [list, setList] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<
    { kind: 'made'; job: number; cards: number } | { kind: 'refused'; refused: Refused } | { kind: 'error'; message: string }
  >();
  useEffect(() => {
    client
      .call('roster.filters', {})
      .then((answer) => setTypes(answer.types))
      .catch(() => setTypes([]));
  }, [client]);
  const chinese = i18n.language === 'zh-CN';
  const typeName = (code: string) => {
    const found = types.find((candidate) => candidate.code === code);
    return found ? (chinese ? found.nameZh : found.nameEn) : code;
  };

  const make = async () => {
    setBusy(true);
    setOutcome(undefined);
    const lines = list.split('\n').filter((line) => line.trim()).length;
    // The batch is named in the operator's language unless they named it.
    const fallback =
      source === 'list'
        ? t('batch.defaultName.list', { count: lines })
        : t('batch.defaultName.filters', {
            what: [type ? typeName(type) : t('batch.defaultName.all'), organisation.trim()]
              .filter(Boolean)
              .join(t('progress.separator')),
          });
    const params: Params<'print.batch'> = {
      name: (name.trim() || fallback).slice(0, 80),
      from:
        source === 'list'
          ? { kind: 'list', text: list }
          : {
              kind: 'filters',
              status: 'unprinted',
              ...(type ? { type } : {}),
              ...(organisation.trim() ? { organisation: organisation.trim() } : {}),
            },
    };
    try {
      const answer = await client.call('print.batch', params);
      if (answer.made) {
        setOutcome({ kind: 'made', job: answer.job, cards: answer.cards });
        setName('');
        setList('');
        onMade(answer.job);
      } else setOutcome({ kind: 'refused', refused: answer });
    } catch (failure) {
      setOutcome({ kind: 'error', message: failure instanceof CallError ? failure.message : String(failure) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="print-batch-title" style={panel}>
      <h3 id="print-batch-title">{t('batch.title')}</h3>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void make();
        }}
      >
        <fieldset style={{ border: 'none', padding: 0, margin: '0 0 0.75rem' }}>
          <legend>{t('batch.source')}</legend>
          {(['filters', 'list'] as const).map((choice) => (
            <label key={choice} style={{ marginRight: '1.5rem', cursor: 'pointer' }}>
              <input
                type="radio"
                name="print-source"
                value={choice}
                checked={source === choice}
                onChange={() => setSource(choice)}
              />{' '}
              {t(`batch.${choice}`)}
            </label>
          ))}
        </fieldset>
        {source === 'filters' ? (
          <div style={row}>
            <label>
              {t('batch.type')}
              <br />
              <select style={field} value={type} onChange={(event) => setType(event.target.value)}>
                <option value="">{t('batch.anyType')}</option>
                {types.map((candidate) => (
                  <option key={candidate.code} value={candidate.code}>
                    {typeName(candidate.code)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('batch.organisation')}
              <br />
              <input style={field} value={organisation} onChange={(event) => setOrganisation(event.target.value)} />
            </label>
            <p style={{ margin: 0 }}>{t('batch.status')}</p>
          </div>
        ) : (
          <label style={{ display: 'block' }}>
            {t('batch.listLabel')}
            <br />
            <textarea
              style={{ ...field, width: '100%', boxSizing: 'border-box', minHeight: '7rem' }}
              value={list}
              spellCheck={false}
              onChange={(event) => setList(event.target.value)}
            />
          </label>
        )}
        <div style={{ ...row, marginTop: '0.75rem' }}>
          <label>
            {t('batch.name')}
            <br />
            <input style={field} value={name} maxLength={80} onChange={(event) => setName(event.target.value)} />
          </label>
          <button type="submit" style={button} disabled={busy}>
            {t('batch.make')}
          </button>
        </div>
      </form>
      <div role="status" aria-live="polite">
        {busy && <p>{t('batch.making')}</p>}
        {outcome?.kind === 'made' && <p style={good}>{t('batch.made', { job: outcome.job, count: outcome.cards })}</p>}
      </div>
      {outcome?.kind === 'error' && (
        <p role="alert" style={alert}>
          {outcome.message}
        </p>
      )}
      {outcome?.kind === 'refused' && (
        <div role="alert">
          <p style={alert}>{t('batch.refused', { count: outcome.refused.problems.length })}</p>
          <table style={table}>
            <thead>
              <tr>
                <th style={cell}>{t('batch.line')}</th>
                <th style={cell}>{t('batch.entry')}</th>
                <th style={cell}>{t('batch.problemHead')}</th>
              </tr>
            </thead>
            <tbody>
              {outcome.refused.problems.map((problem) => (
                <tr key={problem.line}>
                  <td style={cell}>{problem.line}</td>
                  <td style={cell}>
                    <code>{problem.text}</code>
                  </td>
                  <td style={cell}>{t(`batch.problem.${problem.problem}`, { job: problem.job })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
