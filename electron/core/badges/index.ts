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
export {
  type Approval,
  REISSUE_REASONS,
  REPRINT_PRIORITY,
  REPRINTS_BEFORE_ADMIN,
  type Reissued,
  type ReissueReason,
  reissueBadge,
  reprintsOf,
  VOID_REASONS,
  type VoidReason,
  voidBadge,
} from './reissue.ts';
export { type RevocationEntries, revocationEntries } from './revocation-entries.ts';
export { formatSerial, parseSerial, type Serial } from './serial.ts';
