/**
 * The roster: find a holder as you type (name, pinyin, initials, Latin name, organisation,
 * id, serial: the core's search), or scroll the whole roster with its filters; a row opens
 * the holder's file.
 */
import { type CSSProperties, memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result } from '../../../../electron/core/rpc/contract/index.ts';
import { CallError, type DeskClient } from '../../rpc/client.ts';
import { useDesk } from '../../rpc/desk.tsx';
import { scannedBadge, useScannedBadge } from '../../shell/scanned-badge.ts';
import { HolderDialog } from './holder-dialog.tsx';
import { RosterImport } from './roster-import.tsx';
import { RosterTable, type TableRow } from './roster-table.tsx';
import { type RosterFilters, useRosterPages } from './use-roster-pages.ts';

type Choices = Result<'roster.filters'>;
type Hit = Result<'roster.search'>['holders'][number];

/**
 * Long enough to wait out a typist's next key, short enough to feel immediate: for the
 * organisation filter, where each new prefix is a new listing for the core to read.
 */
const TYPING_MS = 120;

const controls: CSSProperties = { display: 'flex', flexWrap: 'wrap', gap: '1rem', alignItems: 'flex-end', margin: '0.5rem 0' };
const field: CSSProperties = { display: 'flex', flexDirection: 'column', gap: '0.2rem' };
const input: CSSProperties = {
  fontSize: '1rem',
  fontFamily: 'inherit',
  padding: '0.35rem 0.5rem',
  border: '1px solid #767676',
  borderRadius: '0.25rem',
};
const button: CSSProperties = {
  ...input,
  border: '2px solid #1F5FBF',
  background: '#ffffff',
  color: '#1F5FBF',
  cursor: 'pointer',
};

const scanNote = (failed: boolean): CSSProperties => ({
  margin: '0.5rem 0',
  padding: '0.5rem 1rem',
  border: `2px solid ${failed ? '#B42318' : '#1F5FBF'}`,
  borderLeftWidth: '0.5rem',
  borderRadius: '0.3rem',
  background: failed ? '#FEF2F2' : '#EFF6FF',
  fontWeight: 700,
});

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function RosterScreen() {
  const desk = useDesk();
  if (desk.state !== 'ready') return null;
  return <Roster client={desk.client} />;
}

function Roster({ client }: { client: DeskClient }) {
  const { t, i18n } = useTranslation('roster');
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<{ query: string; holders: Hit[] } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [choices, setChoices] = useState<Choices | undefined>();
  const [type, setType] = useState('');
  const [zone, setZone] = useState('');
  const [badge, setBadge] = useState('');
  const [clearance, setClearance] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [open, setOpen] = useState<string | undefined>();
  const [scan, setScan] = useState<{ serial: string; message?: string } | undefined>();
  // Bumped by each import: the table reads the roster afresh.
  const [revision, setRevision] = useState(0);
  const scanned = useScannedBadge();
  const focusTable = useRef<(() => void) | null>(null);

  // Decision: a search goes out on every key, no typing pause waited for. The core answers a
  // query in well under a millisecond (`npm run bench -- roster`, search_p95_ms) and an answer
  // to an older query is dropped when it comes (`current` below), so a wait only delayed every
  // result by itself: 120 ms of the 30 ms the issue allows from key to results (bench ui).
  const typed = query.trim();
  const organisationTyped = useDebounced(organisation.trim(), TYPING_MS * 2);
  const filters = useMemo<RosterFilters>(
    () => ({
      ...(type ? { type } : {}),
      ...(zone ? { zone } : {}),
      ...(badge ? { badge: badge as NonNullable<RosterFilters['badge']> } : {}),
      ...(clearance ? { clearance: clearance as NonNullable<RosterFilters['clearance']> } : {}),
      ...(organisationTyped ? { organisation: organisationTyped } : {}),
    }),
    [type, zone, badge, clearance, organisationTyped],
  );
  const pages = useRosterPages(client, filters, revision);

  // A badge scanned anywhere (the shell brought us here): its holder's file, or plain words why not.
  useEffect(() => {
    if (!scanned) return;
    scannedBadge.take(scanned);
    setScan({ serial: scanned.serial });
    client
      .call('roster.badge', { serial: scanned.serial })
      .then(({ holder }) => {
        setScan(undefined);
        setOpen(holder);
      })
      .catch((failure: unknown) =>
        setScan({ serial: scanned.serial, message: failure instanceof CallError ? failure.message : String(failure) }),
      );
  }, [client, scanned]);

  useEffect(() => {
    client
      .call('roster.filters', {})
      .then(setChoices)
      .catch((failure: unknown) => setError(failure instanceof CallError ? failure.message : String(failure)));
  }, [client]);

  useEffect(() => {
    if (!typed) {
      setHits(undefined);
      return;
    }
    let current = true;
    client
      .call('roster.search', { query: typed, limit: 50 })
      .then((answer) => {
        if (!current) return;
        setHits({ query: typed, holders: answer.holders });
        setError(undefined);
      })
      .catch((failure: unknown) => current && setError(failure instanceof CallError ? failure.message : String(failure)));
    return () => {
      current = false;
    };
  }, [client, typed]);

  const chinese = i18n.language === 'zh-CN';
  // Stable, so the table's rows are not drawn again on every page of rows that arrives.
  const openRow = useCallback((row: TableRow) => setOpen(row.id), []);
  const closeFile = useCallback(() => setOpen(undefined), []);
  const typeName = useCallback(
    (code: string) => {
      const found = choices?.types.find((candidate) => candidate.code === code);
      return found ? (chinese ? found.nameZh : found.nameEn) : code;
    },
    [choices, chinese],
  );
  const searching = query.trim() !== '';
  const shownHits = searching ? hits?.holders : undefined;
  const hitAt = useCallback((index: number): TableRow | undefined => shownHits?.[index], [shownHits]);
  const filtered = Object.keys(filters).length > 0 || organisation.trim() !== '';

  return (
    <section aria-labelledby="roster-title">
      <h2 id="roster-title">{t('name')}</h2>
      <RosterImport client={client} onImported={() => setRevision((n) => n + 1)}>
        {scan && (
          <p role={scan.message ? 'alert' : 'status'} style={scanNote(scan.message !== undefined)}>
            {scan.message ? t('jump.unknown', scan) : t('jump.looking', scan)}
          </p>
        )}
        <div style={controls}>
          <label style={{ ...field, flex: '1 1 22rem' }}>
            {t('search.label')}
            <input
              type="search"
              value={query}
              style={input}
              placeholder={t('search.placeholder')}
              aria-describedby="roster-search-hint"
              onChange={(event) => setQuery(event.target.value)}
              onKeyDown={(event) => {
                // ↓ from the box goes to the list, as in any search field with results under it.
                if (event.key === 'ArrowDown') {
                  event.preventDefault();
                  focusTable.current?.();
                } else if (event.key === 'Enter' && shownHits?.[0]) {
                  event.preventDefault();
                  setOpen(shownHits[0].id);
                }
              }}
            />
          </label>
        </div>
        <p id="roster-search-hint" style={{ margin: '0 0 0.5rem', fontSize: '0.9rem', color: '#374151' }}>
          {t('search.hint')}
        </p>
        <FilterFields
          searching={searching}
          choices={choices}
          chinese={chinese}
          filtered={filtered}
          type={type}
          zone={zone}
          badge={badge}
          clearance={clearance}
          organisation={organisation}
          onType={setType}
          onZone={setZone}
          onBadge={setBadge}
          onClearance={setClearance}
          onOrganisation={setOrganisation}
        />
        <p role="status" style={{ margin: '0 0 0.4rem', fontWeight: 700 }}>
          {searching
            ? hits && hits.query === typed
              ? hits.holders.length === 0
                ? t('search.none', { query: hits.query })
                : t('search.found', { count: hits.holders.length, query: hits.query })
              : t('search.searching')
            : pages.total === undefined
              ? t('table.loading')
              : t(filtered ? 'table.countFiltered' : 'table.count', { count: pages.total })}
        </p>
        {(error ?? pages.error) && <p role="alert">{error ?? pages.error}</p>}
        {/* Both tables stay mounted, the one not in use hidden: a search's first key only
            swaps them, and clearing the box brings the roster back as it was left (its rows
            and place), where mounting it again measured all 500,000 rows and forced a layout
            (a third of the page's script over a run of searches in the ui bench's profile). */}
        <RosterTable
          hidden={!searching}
          label={t('search.results')}
          count={shownHits?.length ?? 0}
          rowAt={hitAt}
          onOpen={openRow}
          typeName={typeName}
          focusRef={searching ? focusTable : undefined}
        />
        <RosterTable
          hidden={searching}
          label={t('table.label')}
          count={pages.total ?? 0}
          rowAt={pages.rowAt}
          onNeed={pages.need}
          onOpen={openRow}
          typeName={typeName}
          focusRef={searching ? undefined : focusTable}
        />
      </RosterImport>
      <HolderDialog id={open} typeName={typeName} onClose={closeFile} />
    </section>
  );
}

interface FilterFieldsProps {
  searching: boolean;
  choices: Choices | undefined;
  chinese: boolean;
  filtered: boolean;
  type: string;
  zone: string;
  badge: string;
  clearance: string;
  organisation: string;
  onType(value: string): void;
  onZone(value: string): void;
  onBadge(value: string): void;
  onClearance(value: string): void;
  onOrganisation(value: string): void;
}

/**
 * The filters, drawn again only when one of them changes: not on every key typed into the
 * search box (their many words were a large part of each key's drawing).
 */
const FilterFields = memo(function FilterFields({
  searching,
  choices,
  chinese,
  filtered,
  type,
  zone,
  badge,
  clearance,
  organisation,
  onType,
  onZone,
  onBadge,
  onClearance,
  onOrganisation,
}: FilterFieldsProps) {
  const { t } = useTranslation('roster');
  return (
    <fieldset disabled={searching} style={{ border: '1px solid #D1D5DB', borderRadius: '0.3rem', margin: '0 0 0.75rem' }}>
      <legend>{searching ? t('filters.legendSearching') : t('filters.legend')}</legend>
      <div style={{ ...controls, margin: 0 }}>
        <label style={field}>
          {t('filters.type')}
          <select value={type} style={input} onChange={(event) => onType(event.target.value)}>
            <option value="">{t('filters.all')}</option>
            {choices?.types.map((choice) => (
              <option key={choice.code} value={choice.code}>
                {chinese ? choice.nameZh : choice.nameEn}
              </option>
            ))}
          </select>
        </label>
        <label style={field}>
          {t('filters.organisation')}
          <input value={organisation} style={input} onChange={(event) => onOrganisation(event.target.value)} />
        </label>
        <label style={field}>
          {t('filters.zone')}
          <select value={zone} style={input} onChange={(event) => onZone(event.target.value)}>
            <option value="">{t('filters.all')}</option>
            {choices?.zones.map((choice) => (
              <option key={choice.code} value={choice.code}>
                {t('filters.zoneChoice', { code: choice.code, name: chinese ? choice.nameZh : choice.nameEn })}
              </option>
            ))}
          </select>
        </label>
        <label style={field}>
          {t('filters.badge')}
          <select value={badge} style={input} onChange={(event) => onBadge(event.target.value)}>
            <option value="">{t('filters.all')}</option>
            {(['active', 'none', 'revoked'] as const).map((status) => (
              <option key={status} value={status}>
                {t(`status.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <label style={field}>
          {t('filters.clearance')}
          <select value={clearance} style={input} onChange={(event) => onClearance(event.target.value)}>
            <option value="">{t('filters.all')}</option>
            {(['ready', 'waiting'] as const).map((status) => (
              <option key={status} value={status}>
                {t(`clearance.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          style={{ ...button, opacity: filtered ? 1 : 0.6 }}
          disabled={!filtered}
          onClick={() => {
            onType('');
            onZone('');
            onBadge('');
            onClearance('');
            onOrganisation('');
          }}
        >
          {t('filters.clear')}
        </button>
      </div>
    </fieldset>
  );
});
