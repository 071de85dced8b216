// Chips: encoding a badge's chip, reading and wiping chips, runs of chips on an encoder.
export type { CardCall, CardIdentity, CardPassword, ChipCard } from './card.ts';
export { type BadgeForChip, badgeClaims, badgeForChip } from './claims.ts';
export { type ChipContext, type ChipOutcome, type EncodeOptions, encodeChip } from './encode.ts';
export { type ChipReport, readChip, wipeChip } from './inspect.ts';
export { type ChipJobEvent, type ChipJobOptions, type ChipStation, runChipJob } from './job.ts';
export { type ChipRecord, chipByUid, currentChipOf } from './registry.ts';
