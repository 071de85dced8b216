/**
 * The page's one connection to the station, for every screen: `useDesk()` gives the client
 * once it is connected. Screens call the core only through it (and so the contract).
 */
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { DeskClient, socketTransport, stationTransport } from './client.ts';

export type Connection = { state: 'connecting' } | { state: 'ready'; client: DeskClient } | { state: 'no-token' };

const DeskContext = createContext<Connection>({ state: 'connecting' });

/** The token `npm start` printed in the page's address, after #token=. */
function launchToken(): string | undefined {
  return new URLSearchParams(location.hash.slice(1)).get('token') ?? undefined;
}

export function DeskProvider({ children }: { children: ReactNode }) {
  const [connection, setConnection] = useState<Connection>({ state: 'connecting' });
  useEffect(() => {
    // The desktop app's preload bridges the page to the core; browser mode has the desk socket.
    const bridge = window.station?.connection;
    const token = launchToken();
    if (bridge === undefined && token === undefined) {
      setConnection({ state: 'no-token' });
      return;
    }
    const client = new DeskClient(bridge ? stationTransport(bridge) : socketTransport(token ?? ''));
    setConnection({ state: 'ready', client });
    return () => client.close();
  }, []);
  return <DeskContext.Provider value={connection}>{children}</DeskContext.Provider>;
}

export function useDesk(): Connection {
  return useContext(DeskContext);
}
