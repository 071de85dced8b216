/** The Devices and Chips screens' looks, as style objects (the CSP allows no inline <style>). */
import type { CSSProperties } from 'react';

export const BLUE = '#1F5FBF';
const GOOD = '#1E7B34';
const BAD = '#B3261E';
const WARN = '#8A5A00';

export const button: CSSProperties = {
  padding: '0.45rem 1rem',
  border: `2px solid ${BLUE}`,
  borderRadius: '0.3rem',
  background: BLUE,
  color: '#ffffff',
  fontSize: '1rem',
  fontFamily: 'inherit',
  cursor: 'pointer',
};
export const quietButton: CSSProperties = { ...button, background: '#ffffff', color: BLUE };
export const busyButton: CSSProperties = { ...quietButton, cursor: 'progress' };
export const dangerButton: CSSProperties = { ...quietButton, borderColor: BAD, color: BAD };

export const section: CSSProperties = { margin: '1.5rem 0' };
export const row: CSSProperties = { display: 'flex', gap: '0.5rem', flexWrap: 'wrap', alignItems: 'center' };
export const grid: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fill, minmax(19rem, 1fr))',
  gap: '1rem',
  listStyle: 'none',
  padding: 0,
  margin: 0,
};
export const card: CSSProperties = { border: '1px solid #9aa5b1', borderRadius: '0.4rem', padding: '0.75rem 1rem' };
export const facts: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: 'max-content 1fr',
  columnGap: '0.75rem',
  rowGap: '0.15rem',
  margin: '0.5rem 0',
};
export const term: CSSProperties = { color: '#4a4a4a' };
export const field: CSSProperties = { display: 'flex', flexDirection: 'column', gap: '0.2rem', minWidth: '10rem' };
export const input: CSSProperties = {
  padding: '0.35rem 0.5rem',
  border: '1px solid #6b7580',
  borderRadius: '0.25rem',
  fontSize: '1rem',
  fontFamily: 'inherit',
};

export type Tone = 'good' | 'bad' | 'warn' | 'plain';
const TONES: Record<Tone, { edge: string; fill: string }> = {
  good: { edge: GOOD, fill: '#EEF7F0' },
  bad: { edge: BAD, fill: '#FCEEEE' },
  warn: { edge: WARN, fill: '#FFF6E0' },
  plain: { edge: '#6b7580', fill: '#F3F5F7' },
};
/** A message box: the words carry the meaning; the edge and fill only repeat it. */
export const answer = (tone: Tone): CSSProperties => ({
  margin: '0.75rem 0',
  padding: '0.6rem 0.9rem',
  borderLeft: `0.4rem solid ${TONES[tone].edge}`,
  background: TONES[tone].fill,
});
/** A state as a labelled badge: a mark and a word, never the colour alone. */
export const pill = (tone: Tone): CSSProperties => ({
  display: 'inline-block',
  padding: '0 0.5rem',
  borderRadius: '0.8rem',
  border: `2px solid ${TONES[tone].edge}`,
  color: tone === 'plain' ? '#1a1a1a' : TONES[tone].edge,
  background: TONES[tone].fill,
  fontWeight: 600,
});

/** What a printer's plain state means for the counter: fine, needs a look, or stopped. */
export function stateTone(state: string): Tone {
  if (state === 'ready' || state === 'printing') return 'good';
  if (state === 'ribbon-low' || state === 'paused') return 'warn';
  return 'bad';
}
export const MARKS: Record<Tone, string> = { good: '✓', warn: '!', bad: '✗', plain: '•' };
