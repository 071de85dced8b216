/**
 * The window where the operator left it: its size, place and whether it was maximised, kept
 * in the app's user-data folder when it closes and used when it opens again. A place on a
 * screen that is no longer attached (the laptop left its second monitor behind) is not used:
 * the window opens at its default size where the system puts it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';

export interface WindowState extends Rectangle {
  maximized: boolean;
}

/** How much of the window must be on a screen for its old place to be used. */
const VISIBLE_PX = 100;

export function readWindowState(file: string): WindowState | undefined {
  let saved: unknown;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined; // None yet, or unreadable: the default place.
  }
  if (typeof saved !== 'object' || saved === null) return undefined;
  const { x, y, width, height, maximized } = saved as Record<string, unknown>;
  const whole = (n: unknown): n is number => Number.isInteger(n);
  if (!whole(x) || !whole(y) || !whole(width) || !whole(height) || width < 400 || height < 300) return undefined;
  return { x, y, width, height, maximized: maximized === true };
}

export function writeWindowState(file: string, state: WindowState): void {
  try {
    writeFileSync(file, `${JSON.stringify(state)}\n`);
  } catch {
    // A window that cannot be remembered still closes.
  }
}

/** The saved place when enough of it is on one of today's screens, else nothing (the default). */
export function savedPlace(
  state: WindowState | undefined,
  screens: readonly { workArea: Rectangle }[],
): Pick<BrowserWindowConstructorOptions, 'x' | 'y' | 'width' | 'height'> {
  if (!state) return {};
  const shown = screens.some(({ workArea: area }) => {
    const across = Math.min(state.x + state.width, area.x + area.width) - Math.max(state.x, area.x);
    const down = Math.min(state.y + state.height, area.y + area.height) - Math.max(state.y, area.y);
    return across >= VISIBLE_PX && down >= VISIBLE_PX;
  });
  return shown ? { x: state.x, y: state.y, width: state.width, height: state.height } : {};
}
