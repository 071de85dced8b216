export {
  activeVersion,
  type BadgeVersion,
  badgeVersions,
  type CreateBadgesOptions,
  createBadges,
  type ReprintOptions,
  type RevokeReason,
  reprintBadge,
} from './badges.ts';
export { formatSerial, parseSerial, type Serial } from './serial.ts';
