/**
 * The desktop app's menus (electron/main/menu.ts), with Electron's Menu and ipcMain faked:
 * the same menus in zh-CN and English, nothing that reloads the page or opens developer
 * tools, and the language following the app page (and nothing else).
 */
import type { Menu, MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { type MenuElectron, menuTemplate, serveMenu, systemLanguage } from '../../electron/main/menu.ts';
import type { ConnectRequest } from '../../electron/main/station-port.ts';
import { LANGUAGE_CHANNEL } from '../../electron/preload/channels.ts';

type Item = MenuItemConstructorOptions;
const items = (template: Item[]): Item[] =>
  template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu as Item[]) : [])]);
const shape = (template: Item[]) => items(template).map((item) => item.role ?? item.type ?? 'click');

describe("the desktop app's menus", () => {
  it('are the same menus in zh-CN and English, every item named in its language, with no reload and no developer tools', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const actions = { openLogs: () => {}, platform };
      const en = menuTemplate('en', actions);
      const zh = menuTemplate('zh-CN', actions);
      expect(shape(zh)).toEqual(shape(en));
      const labels = (template: Item[]) => items(template).filter((item) => item.type !== 'separator' && item.role !== 'appMenu');
      for (const [english, chinese] of labels(en).map((item, n) => [item, labels(zh)[n]] as const)) {
        expect(english.label).toMatch(/^[A-Z]/);
        expect(chinese?.label).toMatch(/[\u4e00-\u9fff]/);
      }
      const roles = items(en).map((item) => item.role);
      for (const refused of ['reload', 'forceReload', 'toggleDevTools'] as const) expect(roles).not.toContain(refused);
      expect(roles.includes('appMenu')).toBe(platform === 'darwin');
    }
  });

  it('Open the Log Folder opens it', () => {
    let opened = 0;
    const template = menuTemplate('en', {
      openLogs: () => {
        opened += 1;
      },
      platform: 'linux',
    });
    const item = items(template).find((candidate) => candidate.label === 'Open the Log Folder');
    if (!item?.click) throw new Error('no Open the Log Folder item');
    (item.click as () => void)();
    expect(opened).toBe(1);
  });

  it("start in the computer's language and follow the app page's, ignoring other frames and unknown languages", () => {
    const shown: string[] = [];
    const handlers = new Map<string, (event: Pick<ConnectRequest, 'senderFrame'>, language: unknown) => void>();
    const electron: MenuElectron = {
      Menu: {
        buildFromTemplate: (template) => ({ firstLabel: template[0]?.label }) as unknown as Menu,
        setApplicationMenu: (menu) => {
          shown.push(String((menu as unknown as { firstLabel: string }).firstLabel));
        },
      },
      ipcMain: {
        on: (channel, listener) => {
          handlers.set(channel, listener);
        },
      },
    };
    serveMenu(electron, systemLanguage('zh-TW'), { openLogs: () => {}, platform: 'linux' });
    expect(shown).toEqual(['文件']);
    const say = (url: string, language: unknown, subframe = false) =>
      handlers.get(LANGUAGE_CHANNEL)?.(
        { senderFrame: { url, parent: subframe ? { url, parent: null } : null } as ConnectRequest['senderFrame'] },
        language,
      );
    say('app://station/', 'en');
    say('https://evil.example/', 'zh-CN');
    say('app://station/', 'zh-CN', true);
    say('app://station/', 'fr');
    say('app://station/', { toString: () => 'en' });
    expect(shown).toEqual(['文件', 'File']);
    expect(systemLanguage('en-GB')).toBe('en');
  });
});
