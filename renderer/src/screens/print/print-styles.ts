/** The Print screen's looks: style objects (the CSP allows no injected <style>). */
import type { CSSProperties } from 'react';

export const button: CSSProperties = {
  fontSize: '1rem',
  fontFamily: 'inherit',
  padding: '0.45rem 1rem',
  border: '2px solid #1F5FBF',
  borderRadius: '0.3rem',
  background: '#1F5FBF',
  color: '#ffffff',
  cursor: 'pointer',
};
export const quietButton: CSSProperties = { ...button, background: '#ffffff', color: '#1F5FBF' };
export const dangerButton: CSSProperties = { ...button, background: '#ffffff', color: '#A4262C', borderColor: '#A4262C' };
export const field: CSSProperties = { fontSize: '1rem', fontFamily: 'inherit', padding: '0.3rem', minWidth: '14rem' };
export const panel: CSSProperties = {
  border: '1px solid #c8c8c8',
  borderRadius: '0.4rem',
  padding: '0.75rem 1rem',
  margin: '1rem 0',
};
export const row: CSSProperties = { display: 'flex', flexWrap: 'wrap', gap: '0.75rem 1.5rem', alignItems: 'flex-end' };
export const table: CSSProperties = { borderCollapse: 'collapse', width: '100%' };
export const cell: CSSProperties = { borderBottom: '1px solid #d0d0d0', padding: '0.3rem 0.5rem', textAlign: 'left' };
export const alert: CSSProperties = { borderLeft: '0.4rem solid #A4262C', background: '#FDECEC', padding: '0.5rem 1rem' };
export const notice: CSSProperties = { borderLeft: '0.4rem solid #9A6700', background: '#FFF8E5', padding: '0.5rem 1rem' };
export const good: CSSProperties = { borderLeft: '0.4rem solid #1A7F37', background: '#EDF7EE', padding: '0.5rem 1rem' };
export const bar: CSSProperties = { width: '100%', height: '1.4rem' };
/** The lanyard's colour as a swatch, always beside its name: colour is never the only cue. */
export const swatch = (colour: string, size = '1.6rem'): CSSProperties => ({
  display: 'inline-block',
  width: size,
  height: size,
  borderRadius: '0.25rem',
  border: '2px solid #1a1a1a',
  background: colour,
  verticalAlign: 'middle',
  marginRight: '0.5rem',
  flex: 'none',
});
