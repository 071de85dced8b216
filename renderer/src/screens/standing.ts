/**
 * How a screen shows where something stands (sync, backups): asked of the core again every few
 * seconds, and at once when the screen says so (after its own action); and a headline whose
 * words say how it stands, the colour only repeating them.
 */
import { type CSSProperties, useCallback, useEffect, useState } from 'react';
import type { Params, Result } from '../../../electron/core/rpc/contract/index.ts';
import { CallError } from '../rpc/client.ts';
import { useDesk } from '../rpc/desk.tsx';

/** The state methods a screen polls: each takes no params. */
type StateMethod = 'sync.state' | 'backup.state';

export function usePolledState<M extends StateMethod>(
  method: M,
  everyMs: number,
): { state: Result<M> | undefined; error: string | undefined; refresh: () => void } {
  const desk = useDesk();
  const [state, setState] = useState<Result<M> | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [asked, setAsked] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `asked` is the reason to ask again at once (after the screen's own action).
  useEffect(() => {
    if (desk.state !== 'ready') return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const ask = async () => {
      try {
        const answer = (await desk.client.call(method, {} as Params<M>)) as Result<M>;
        if (stopped) return;
        setState(answer);
        setError(undefined);
      } catch (failure) {
        if (!stopped) setError(failure instanceof CallError ? failure.message : String(failure));
      }
      if (!stopped) timer = setTimeout(ask, everyMs);
    };
    void ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [desk, method, everyMs, asked]);
  const refresh = useCallback(() => setAsked((n) => n + 1), []);
  return { state, error, refresh };
}

export type Tone = 'good' | 'busy' | 'bad' | 'off';

// The words say how it stands; the colour only repeats it.
export const headline = (tone: Tone): CSSProperties => ({
  margin: '1rem 0',
  padding: '0.75rem 1rem',
  fontSize: '1.15rem',
  borderLeft: `0.4rem solid ${{ good: '#1E7B34', busy: '#1F5FBF', bad: '#B3261E', off: '#6B7280' }[tone]}`,
  background: { good: '#EEF7F0', busy: '#EEF3FB', bad: '#FCEEEE', off: '#F3F4F6' }[tone],
});
