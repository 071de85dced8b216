/**
 * The look the first run's cards share with the station's Open screen: the card, its
 * buttons, its fields and a refusal (a border and words, not the colour alone). Style
 * objects, as the page's strict style-src wants; the browser's own focus ring is kept.
 */
import type { CSSProperties } from 'react';

export const BLUE = '#1F5FBF';
const RED = '#B42318';
const GREY = '#6b7280';

export const card: CSSProperties = {
  flex: '1 1 20rem',
  border: '1px solid #9aa5b4',
  borderRadius: '0.4rem',
  padding: '1rem 1.25rem',
  background: '#ffffff',
};

export const button = (primary: boolean, disabled: boolean): CSSProperties => ({
  padding: '0.5rem 1.1rem',
  border: `2px solid ${disabled ? GREY : BLUE}`,
  borderRadius: '0.3rem',
  background: disabled ? '#e5e7eb' : primary ? BLUE : '#ffffff',
  color: disabled ? '#374151' : primary ? '#ffffff' : BLUE,
  fontSize: '1rem',
  fontWeight: 600,
  // Buttons do not inherit the page's font by default, and the system's may have no CJK.
  fontFamily: 'inherit',
  cursor: disabled ? 'default' : 'pointer',
});

export const label: CSSProperties = { display: 'block', fontWeight: 600 };

export const hint: CSSProperties = { margin: '0 0 0.4rem', color: '#374151' };

/** A text field; `invalid` draws its border red, beside aria-invalid and the refusal's words. */
export const field = (invalid: boolean, width = '100%'): CSSProperties => ({
  width,
  maxWidth: '100%',
  boxSizing: 'border-box',
  fontSize: '1.1rem',
  fontFamily: 'inherit',
  padding: '0.4rem 0.5rem',
  border: `2px solid ${invalid ? RED : GREY}`,
  borderRadius: '0.3rem',
});

export const problem: CSSProperties = {
  borderLeft: `4px solid ${RED}`,
  background: '#FEF3F2',
  color: '#7A271A',
  padding: '0.5rem 0.75rem',
  margin: '0.75rem 0 0',
};
