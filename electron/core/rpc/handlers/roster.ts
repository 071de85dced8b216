import { searchHolders } from '../../roster/index.ts';
import type { Handlers } from '../server.ts';
import type { StationAccess } from './station-access.ts';

export function rosterHandlers(access: StationAccess): Pick<Handlers, 'roster.search'> {
  return {
    'roster.search': ({ query, limit }) => ({
      holders: searchHolders(access.station().db, query, limit).map(({ id, name, latinName, organisation, type }) => ({
        id,
        name,
        latinName,
        organisation,
        type,
      })),
    }),
  };
}
