import { type Catalog, loadCatalog } from '../../catalog/index.ts';
import { holderFile, rosterPage, rosterRows, searchHolders } from '../../roster/index.ts';
import type { Handlers } from '../server.ts';
import type { StationAccess } from './station-access.ts';

export function rosterHandlers(
  access: StationAccess,
): Pick<Handlers, 'roster.search' | 'roster.page' | 'roster.filters' | 'roster.holder'> {
  // The event's types and zones change only with the templates, read once a core.
  let catalog: Catalog | undefined;
  return {
    'roster.search': ({ query, limit }) => {
      const { db } = access.station();
      return {
        holders: rosterRows(
          db,
          searchHolders(db, query, limit).map((hit) => hit.id),
        ),
      };
    },
    'roster.page': ({ offset, limit, filters }) => rosterPage(access.station().db, { offset, limit, filters }),
    'roster.filters': () => {
      catalog ??= loadCatalog();
      return {
        types: catalog.types.map((type) => ({ code: type.code, nameZh: type.name_zh, nameEn: type.name_en })),
        zones: catalog.zones.map((zone) => ({ code: zone.code, nameZh: zone.name_zh, nameEn: zone.name_en })),
      };
    },
    'roster.holder': ({ id }) => holderFile(access.station(), id),
  };
}
