/** The Handover screen's look, shared by its parts (the job picker, collection, the pick list). */
import type { CSSProperties } from 'react';

export const field: CSSProperties = { display: 'flex', flexDirection: 'column', gap: '0.25rem', fontWeight: 600 };
export const input: CSSProperties = { fontSize: '1rem', fontFamily: 'inherit', padding: '0.35rem 0.5rem', minWidth: '12rem' };
export const button: CSSProperties = {
  padding: '0.45rem 1rem',
  border: '2px solid #1F5FBF',
  borderRadius: '0.3rem',
  background: '#1F5FBF',
  color: '#FFFFFF',
  fontSize: '1rem',
  fontFamily: 'inherit',
  cursor: 'pointer',
};
export const quiet: CSSProperties = { ...button, background: '#FFFFFF', color: '#1F5FBF' };
export const note = (good: boolean): CSSProperties => ({
  margin: '0.75rem 0',
  padding: '0.6rem 0.9rem',
  borderLeft: `0.4rem solid ${good ? '#1E7B34' : '#B3261E'}`,
  background: good ? '#EEF7F0' : '#FCEEEE',
});
export const swatch = (colour: string): CSSProperties => ({
  display: 'inline-block',
  width: '0.9rem',
  height: '0.9rem',
  marginRight: '0.4rem',
  verticalAlign: 'middle',
  background: colour,
  border: '1px solid #1A1A1A',
  borderRadius: '0.15rem',
});
export const cell: CSSProperties = { padding: '0.25rem 0.5rem', textAlign: 'left', borderBottom: '1px solid #D1D5DB' };
