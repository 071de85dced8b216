export { type Catalog, loadCatalog } from './load.ts';
export type { BadgeType, Zone } from './schema.ts';
