/**
 * Printer profiles: what each make of card printer can do, and how its CUPS driver spells
 * it. Every option says where its name comes from. The vendors' drivers and PPDs are not
 * on these machines, so every vendor option is marked `unverified` until checked against
 * the queue's own PPD (`checkProfile`, or `lpoptions -p QUEUE -l` by hand); the generic
 * profile uses only IPP's standard attributes.
 */
import { evolisCommand } from './evolis-commands.ts';

export type Ribbon = 'YMCKO' | 'KO' | 'K';

export interface OptionSetting {
  /** A PPD option (sent as a job attribute, as CUPS expects) or an IPP attribute. */
  option: string;
  value: string;
  /** The driver or PPD (or standard) the name comes from, or 'unverified'. */
  source: string;
}

export interface PrinterProfile {
  id: string;
  make: string;
  models: string[];
  ribbons: Ribbon[];
  duplex: boolean;
  ribbon: Partial<Record<Ribbon, OptionSetting>>;
  duplexOn?: OptionSetting;
  overlayOff?: OptionSetting;
  rotate180?: OptionSetting;
  /**
   * How a card is moved to the contactless encoder inside the printer and, when its chip
   * failed, to the reject box. A printer without card moves cannot encode inline: a bad
   * chip would go on to be printed as a badge.
   */
  cardMoves?: 'evolis-escape';
}

const UNVERIFIED = 'unverified';
const IPP = 'IPP standard attribute (RFC 8011 / PWG 5100.13)';

export const PROFILES: readonly PrinterProfile[] = [
  {
    id: 'generic-pdf',
    make: 'Any',
    models: ['Any printer with a CR80 size in its PPD'],
    ribbons: ['YMCKO'],
    duplex: true,
    ribbon: { YMCKO: { option: 'print-color-mode', value: 'color', source: IPP } },
    duplexOn: { option: 'sides', value: 'two-sided-long-edge', source: IPP },
  },
  {
    id: 'evolis-primacy',
    make: 'Evolis',
    models: ['Primacy', 'Primacy 2', 'Zenius'],
    ribbons: ['YMCKO', 'KO', 'K'],
    duplex: true,
    ribbon: {
      YMCKO: { option: 'Ribbon', value: 'RC_YMCKO', source: UNVERIFIED },
      KO: { option: 'Ribbon', value: 'RM_KO', source: UNVERIFIED },
      K: { option: 'Ribbon', value: 'RM_KBLACK', source: UNVERIFIED },
    },
    duplexOn: { option: 'Duplex', value: 'DuplexNoTumble', source: UNVERIFIED },
    overlayOff: { option: 'FOverlayManagement', value: 'NOVARNISH', source: UNVERIFIED },
    rotate180: { option: 'FRotation', value: 'ROT180', source: UNVERIFIED },
    cardMoves: 'evolis-escape',
  },
  {
    id: 'zebra-zc300',
    make: 'Zebra',
    models: ['ZC300', 'ZC350'],
    ribbons: ['YMCKO', 'KO', 'K'],
    duplex: true,
    ribbon: {
      YMCKO: { option: 'Ribbon', value: 'YMCKO', source: UNVERIFIED },
      KO: { option: 'Ribbon', value: 'KdO', source: UNVERIFIED },
      K: { option: 'Ribbon', value: 'K', source: UNVERIFIED },
    },
    duplexOn: { option: 'Duplex', value: 'DuplexNoTumble', source: UNVERIFIED },
    rotate180: { option: 'Rotate180', value: 'True', source: UNVERIFIED },
  },
  {
    id: 'magicard',
    make: 'Magicard',
    models: ['Rio Pro', 'Enduro 3E', '300'],
    ribbons: ['YMCKO', 'KO', 'K'],
    duplex: true,
    ribbon: {
      YMCKO: { option: 'ColourFormat', value: 'YMCKO', source: UNVERIFIED },
      KO: { option: 'ColourFormat', value: 'KO', source: UNVERIFIED },
      K: { option: 'ColourFormat', value: 'K', source: UNVERIFIED },
    },
    duplexOn: { option: 'Duplex', value: 'BothSides', source: UNVERIFIED },
    overlayOff: { option: 'Overcoat', value: 'False', source: UNVERIFIED },
    rotate180: { option: 'Rotate', value: '180', source: UNVERIFIED },
  },
  {
    id: 'fargo-dtc',
    make: 'HID Fargo',
    models: ['DTC1250e', 'DTC4500e'],
    ribbons: ['YMCKO', 'KO', 'K'],
    duplex: true,
    ribbon: {
      YMCKO: { option: 'RibbonType', value: 'YMCKO', source: UNVERIFIED },
      KO: { option: 'RibbonType', value: 'KO', source: UNVERIFIED },
      K: { option: 'RibbonType', value: 'K', source: UNVERIFIED },
    },
    duplexOn: { option: 'Duplex', value: 'DuplexNoTumble', source: UNVERIFIED },
    rotate180: { option: 'RotateFront', value: '180', source: UNVERIFIED },
  },
];

export interface CardSettings {
  ribbon: Ribbon;
  duplex: boolean;
  overlay?: boolean;
  rotate180?: boolean;
}

/** The job attributes a card needs on a printer of this profile; refuses what it cannot do. */
export function jobOptions(profile: PrinterProfile, settings: CardSettings): Record<string, string> {
  const options: Record<string, string> = {};
  const set = (setting: OptionSetting | undefined, what: string) => {
    if (!setting) throw new Error(`${profile.make} ${profile.models[0]} (${profile.id}) cannot ${what}.`);
    options[setting.option] = setting.value;
  };
  set(profile.ribbon[settings.ribbon], `print with a ${settings.ribbon} ribbon`);
  if (settings.duplex) set(profile.duplexOn, 'print both sides');
  if (settings.overlay === false) set(profile.overlayOff, 'leave out the overlay');
  if (settings.rotate180) set(profile.rotate180, 'turn the card 180 degrees');
  return options;
}

/** A profile by its id, or undefined. */
export function printerProfile(id: string): PrinterProfile | undefined {
  return PROFILES.find((profile) => profile.id === id);
}

/**
 * The printer commands that move a card, for a profile that has card moves: to the
 * encoding station before its chip is written, and to the reject box when the chip failed.
 * After a good chip nothing is sent: the card's print job prints the card at the station.
 */
export function cardMoveCommands(profile: PrinterProfile): { toEncoder: Buffer; reject: Buffer } | undefined {
  if (profile.cardMoves !== 'evolis-escape') return undefined;
  return { toEncoder: evolisCommand('toContactlessStation'), reject: evolisCommand('reject') };
}

/**
 * Checks a profile against the PPD a queue actually uses: every PPD option and value the
 * profile would send must be there (with `settings`, only those these settings send).
 * Standard IPP attributes are not PPD options.
 */
export function checkProfile(profile: PrinterProfile, ppd: string, settings?: CardSettings): string[] {
  const problems: string[] = [];
  const used = settings
    ? [
        profile.ribbon[settings.ribbon],
        settings.duplex ? profile.duplexOn : undefined,
        settings.overlay === false ? profile.overlayOff : undefined,
        settings.rotate180 ? profile.rotate180 : undefined,
      ]
    : [...Object.values(profile.ribbon), profile.duplexOn, profile.overlayOff, profile.rotate180];
  for (const setting of used) {
    if (!setting || setting.source === IPP) continue;
    const option = new RegExp(`^\\*OpenUI \\*${escapeRegExp(setting.option)}[/:]`, 'm');
    const value = new RegExp(`^\\*${escapeRegExp(setting.option)} ${escapeRegExp(setting.value)}[/:]`, 'm');
    if (!option.test(ppd)) problems.push(`the PPD has no option ${setting.option}`);
    else if (!value.test(ppd)) problems.push(`the PPD's ${setting.option} has no choice ${setting.value}`);
  }
  return [...new Set(problems)];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
