/**
 * The desk's screens, in the order the navigation shows them. A screen is a folder under
 * screens/ with its component, and its words in i18n/<language>/<id>.json (`name` is its
 * name in the navigation). A screen added here is a screen the page has.
 */
import type { ComponentType } from 'react';
import { ChipsScreen } from './chips/chips-screen.tsx';
import { DevicesScreen } from './devices/devices-screen.tsx';
import { HandoverScreen } from './handover/handover-screen.tsx';
import { LedgerScreen } from './ledger/ledger-screen.tsx';
import { PrintScreen } from './print/print-screen.tsx';
import { RosterScreen } from './roster/roster-screen.tsx';
import { TemplatesScreen } from './templates/templates-screen.tsx';
import { TodayScreen } from './today/today-screen.tsx';

export interface Screen {
  /** Also its i18n namespace. */
  id: string;
  component: ComponentType;
}

export const SCREENS: readonly Screen[] = [
  { id: 'today', component: TodayScreen },
  { id: 'roster', component: RosterScreen },
  { id: 'print', component: PrintScreen },
  { id: 'handover', component: HandoverScreen },
  { id: 'templates', component: TemplatesScreen },
  { id: 'devices', component: DevicesScreen },
  { id: 'chips', component: ChipsScreen },
  { id: 'ledger', component: LedgerScreen },
];
