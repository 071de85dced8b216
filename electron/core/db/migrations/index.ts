import type { Migration } from '../migrate.ts';
import { migration as m0001 } from './0001-station-and-ledger.ts';
import { migration as m0002 } from './0002-roster.ts';
import { migration as m0003 } from './0003-chips.ts';
import { migration as m0004 } from './0004-print-jobs.ts';
import { migration as m0005 } from './0005-print-pipeline.ts';
import { migration as m0006 } from './0006-printer-profiles.ts';
import { migration as m0007 } from './0007-ledger-by-type-and-time.ts';
import { migration as m0008 } from './0008-representatives.ts';
import { migration as m0009 } from './0009-users.ts';
import { migration as m0010 } from './0010-gate-flags.ts';
import { migration as m0011 } from './0011-clearances.ts';

/** Every schema version in order; a new version is one new file and one line here. */
export const migrations: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011];
