/** A method's answer kept fresh: asked now, again every `everyMs` while the screen shows, and on demand. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodName, Params, Result } from '../../../../electron/core/rpc/contract/index.ts';
import { CallError } from '../../rpc/client.ts';
import { useDesk } from '../../rpc/desk.tsx';

export function usePolled<M extends MethodName>(method: M, params: Params<M>, everyMs: number) {
  const desk = useDesk();
  const [data, setData] = useState<Result<M> | undefined>();
  const [error, setError] = useState<string | undefined>();
  const asking = useRef(false);
  const paramsRef = useRef(params);
  const refresh = useCallback(async () => {
    if (desk.state !== 'ready' || asking.current) return;
    asking.current = true;
    try {
      setData(await desk.client.call(method, paramsRef.current));
      setError(undefined);
    } catch (failure) {
      setError(failure instanceof CallError ? failure.message : String(failure));
    } finally {
      asking.current = false;
    }
  }, [desk, method]);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), everyMs);
    return () => clearInterval(timer);
  }, [refresh, everyMs]);
  return { data, setData, error, refresh };
}

/** A call's failure in the core's own words (they say what to do). */
export function failureText(failure: unknown): string {
  return failure instanceof CallError ? failure.message : String(failure);
}

/**
 * What a screen says after an action: the core's words for a failure (already in the
 * words the core has), or a key of the page's own, turned into words when shown, so a
 * language switch after the fact changes them too.
 */
export type Said =
  | { tone: 'good' | 'bad'; text: string }
  | { tone: 'good' | 'bad'; key: string; values?: Record<string, unknown> };

export function saidText(said: Said, t: (key: string, values?: Record<string, unknown>) => string): string {
  return 'text' in said ? said.text : t(said.key, said.values);
}
