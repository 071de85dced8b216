/**
 * Sync (contract/sync.ts): the core's own Syncer (upstream/syncer.ts) keeps pushing and
 * pulling while the desk runs; these let the page see it, hurry it, and connect a station.
 */
import { StationError } from '../../errors.ts';
import { rosterRows } from '../../roster/index.ts';
import { connectAsStation, type Syncer, upstreamHead, upstreamPlace } from '../../upstream/index.ts';
import type { Handlers } from '../server.ts';
import type { StationAccess } from './station-access.ts';

export function syncHandlers(
  access: StationAccess,
  syncer: Syncer,
): Pick<Handlers, 'sync.state' | 'sync.now' | 'sync.conflicts' | 'sync.connect'> {
  return {
    'sync.state': () => {
      const state = syncer.state();
      return {
        ...state,
        ...(state.pushed ? { pushed: { seq: state.pushed.seq, at: state.pushed.at } } : {}),
      };
    },
    'sync.now': async () => {
      if (syncer.state().activity === 'off')
        throw new StationError(
          'UPSTREAM_NOT_CONNECTED',
          'This station has no upstream yet: its administrator connects it first (Sync, Connect).',
        );
      await syncer.now();
      return {};
    },
    'sync.conflicts': async () => {
      const conflicts = await syncer.conflicts();
      const names = rosterRows(
        access.station().db,
        conflicts.map((conflict) => conflict.holderId),
      );
      const nameOf = new Map(names.map((row) => [row.id, row.name]));
      return {
        conflicts: conflicts.map((conflict) => ({ ...conflict, name: nameOf.get(conflict.holderId) ?? '' })),
      };
    },
    'sync.connect': async ({ url, passphrase }) => {
      const station = access.station();
      // Upstream must know this login as this station before anything is kept.
      const client = await connectAsStation(url);
      let head: { seq: number };
      try {
        head = await upstreamHead(station, client);
      } finally {
        await client.end().catch(() => {});
      }
      access.connectUpstream(url, passphrase);
      void syncer.now();
      return { place: upstreamPlace(url), upstreamHead: head.seq };
    },
  };
}
