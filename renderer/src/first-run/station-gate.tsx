/**
 * Shows the screens only once the data folder has a station, open; until then (and while
 * demo data is going in) the first run in their place, as there is nothing yet to show them
 * on, and while the station's data is still encrypted the form that opens it.
 */
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { CallError } from '../rpc/client.ts';
import { useDesk } from '../rpc/desk.tsx';
import { CoreFailedBanner } from '../shell/core-failed.tsx';
import { FirstRun } from './first-run.tsx';
import { OpenStation } from './open-station.tsx';

type Gate =
  | { state: 'checking' }
  | { state: 'station' }
  /** No station, or one being set up with demo data (STATION_BUSY): the first run. */
  | { state: 'first-run'; dataDir?: string; settingUp: boolean }
  /** A station whose data is encrypted and not open yet: its passphrase opens it. */
  | { state: 'sealed'; dataDir: string }
  | { state: 'failed'; message: string; code?: string };

export function StationGate({ children }: { children: ReactNode }) {
  const desk = useDesk();
  const [gate, setGate] = useState<Gate>({ state: 'checking' });
  const check = useCallback(async () => {
    if (desk.state !== 'ready') return;
    try {
      // Busy means demo data going in: the first run shows that, so no waiting for it here.
      const status = await desk.client.call('station.status', {}, { whenBusy: 'fail' });
      setGate(
        !status.initialised
          ? { state: 'first-run', dataDir: status.dataDir, settingUp: false }
          : status.sealed
            ? { state: 'sealed', dataDir: status.dataDir }
            : { state: 'station' },
      );
    } catch (failure) {
      if (failure instanceof CallError && failure.code === 'STATION_BUSY') setGate({ state: 'first-run', settingUp: true });
      else
        setGate({
          state: 'failed',
          message: failure instanceof Error ? failure.message : String(failure),
          ...(failure instanceof CallError ? { code: failure.code } : {}),
        });
    }
  }, [desk]);
  useEffect(() => {
    void check();
  }, [check]);
  // Opened while demo data goes in (another tab, a reload): look again until it is there.
  const waiting = gate.state === 'first-run' && gate.settingUp;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => void check(), 1000);
    return () => clearInterval(timer);
  }, [waiting, check]);

  // The connection's own messages are the screens' part of the page to show.
  if (desk.state !== 'ready' || gate.state === 'station') return children;
  if (gate.state === 'checking') return null;
  if (gate.state === 'failed')
    return (
      // A core given up on is said as it is on every screen: in the page's words, with its log.
      <main>{gate.code === 'CORE_FAILED' ? <CoreFailedBanner /> : <p role="alert">{gate.message}</p>}</main>
    );
  if (gate.state === 'sealed') return <OpenStation dataDir={gate.dataDir} onOpened={() => void check()} />;
  return <FirstRun dataDir={gate.dataDir} settingUp={gate.settingUp} onStation={() => void check()} />;
}
