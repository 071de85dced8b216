/**
 * The desk's screens, in the order the navigation shows them. A screen is a folder under
 * screens/ with its component, and its words in i18n/<language>/<id>.json (`name` is its
 * name in the navigation). A screen added here is a screen the page has.
 *
 * A screen shows in the navigation of those whose role may call its `method` (the
 * contract's roles): the core decides who may do what, the page only follows it.
 */
import type { ComponentType } from 'react';
import type { MethodName } from '../../../electron/core/rpc/contract/index.ts';
import { BackupsScreen } from './backups/backups-screen.tsx';
import { ChipsScreen } from './chips/chips-screen.tsx';
import { DevicesScreen } from './devices/devices-screen.tsx';
import { HandoverScreen } from './handover/handover-screen.tsx';
import { LedgerScreen } from './ledger/ledger-screen.tsx';
import { PrintScreen } from './print/print-screen.tsx';
import { ReportsScreen } from './reports/reports-screen.tsx';
import { ReprintScreen } from './reprint/reprint-screen.tsx';
import { RosterScreen } from './roster/roster-screen.tsx';
import { SyncScreen } from './sync/sync-screen.tsx';
import { TemplatesScreen } from './templates/templates-screen.tsx';
import { TodayScreen } from './today/today-screen.tsx';
import { UsersScreen } from './users/users-screen.tsx';

export interface Screen {
  /** Also its i18n namespace. */
  id: string;
  component: ComponentType;
  /** The call the screen is for: whoever may make it sees the screen. */
  method: MethodName;
}

export const SCREENS: readonly Screen[] = [
  { id: 'today', component: TodayScreen, method: 'today.figures' },
  { id: 'roster', component: RosterScreen, method: 'roster.page' },
  { id: 'print', component: PrintScreen, method: 'print.batch' },
  { id: 'handover', component: HandoverScreen, method: 'handover.batch' },
  { id: 'reprint', component: ReprintScreen, method: 'badges.reissue' },
  { id: 'templates', component: TemplatesScreen, method: 'templates.preview' },
  { id: 'devices', component: DevicesScreen, method: 'devices.printers' },
  { id: 'chips', component: ChipsScreen, method: 'chips.read' },
  { id: 'ledger', component: LedgerScreen, method: 'ledger.recent' },
  { id: 'reports', component: ReportsScreen, method: 'reports.day' },
  { id: 'sync', component: SyncScreen, method: 'sync.state' },
  { id: 'backups', component: BackupsScreen, method: 'backup.state' },
  { id: 'users', component: UsersScreen, method: 'users.list' },
];
