/**
 * Evolis printer commands for inline encoding: an escape, the command, a carriage return.
 * Sent over a raw queue around the card's print job: move the card to the contactless
 * station, then (after the chip is written and verified) print and eject it, or send it
 * to the reject box.
 *
 * Unverified: the command names follow Evolis's programming guide as we know it, which is
 * not on these machines; check them on a real printer before relying on inline encoding.
 */
export const EVOLIS_COMMANDS = {
  /** Insert a card and park it at the contactless encoding station. */
  toContactlessStation: 'Sic',
  /** Eject the card to the output hopper. */
  eject: 'Se',
  /** Eject the card to the reject box. */
  reject: 'Ser',
} as const;

export type EvolisCommand = keyof typeof EVOLIS_COMMANDS;

export function evolisCommand(command: EvolisCommand): Buffer {
  return Buffer.from(`\x1b${EVOLIS_COMMANDS[command]}\r`, 'latin1');
}
