/**
 * The app's menus, in the page's language (zh-CN or English): main starts in the computer's
 * and follows the page when the operator switches it (the preload tells main).
 *
 * Decision: no Reload and no developer tools in the menus. A reload drops the operator's place
 * in a batch for nothing (the page follows the station by itself), and the developer tools
 * would hand anyone at the counter a console into the page.
 */
import type { Menu, MenuItemConstructorOptions } from 'electron';
import { LANGUAGE_CHANNEL } from '../preload/channels.ts';
import { type ConnectRequest, fromAppPage } from './station-port.ts';

export type MenuLanguage = 'en' | 'zh-CN';

const WORDS = {
  en: {
    file: 'File',
    openLogs: 'Open the Log Folder',
    quit: 'Quit Badge Station',
    edit: 'Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select All',
    view: 'View',
    actualSize: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    fullScreen: 'Full Screen',
    window: 'Window',
    minimize: 'Minimize',
    close: 'Close Window',
  },
  'zh-CN': {
    file: '文件',
    openLogs: '打开日志文件夹',
    quit: '退出证件工作站',
    edit: '编辑',
    undo: '撤销',
    redo: '重做',
    cut: '剪切',
    copy: '复制',
    paste: '粘贴',
    selectAll: '全选',
    view: '视图',
    actualSize: '实际大小',
    zoomIn: '放大',
    zoomOut: '缩小',
    fullScreen: '全屏',
    window: '窗口',
    minimize: '最小化',
    close: '关闭窗口',
  },
} as const satisfies Record<MenuLanguage, Record<string, string>>;

export interface MenuActions {
  openLogs(): void;
  platform: NodeJS.Platform;
}

export function menuTemplate(language: MenuLanguage, actions: MenuActions): MenuItemConstructorOptions[] {
  const w = WORDS[language];
  return [
    // macOS puts the app's own menu first (About, Hide, Quit); its words come from the system.
    ...(actions.platform === 'darwin' ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    {
      label: w.file,
      submenu: [{ label: w.openLogs, click: () => actions.openLogs() }, { type: 'separator' }, { role: 'quit', label: w.quit }],
    },
    {
      label: w.edit,
      submenu: [
        { role: 'undo', label: w.undo },
        { role: 'redo', label: w.redo },
        { type: 'separator' },
        { role: 'cut', label: w.cut },
        { role: 'copy', label: w.copy },
        { role: 'paste', label: w.paste },
        { role: 'selectAll', label: w.selectAll },
      ],
    },
    {
      label: w.view,
      submenu: [
        { role: 'resetZoom', label: w.actualSize },
        { role: 'zoomIn', label: w.zoomIn },
        { role: 'zoomOut', label: w.zoomOut },
        { type: 'separator' },
        { role: 'togglefullscreen', label: w.fullScreen },
      ],
    },
    {
      label: w.window,
      submenu: [
        { role: 'minimize', label: w.minimize },
        { role: 'close', label: w.close },
      ],
    },
  ];
}

export interface MenuElectron {
  Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): Menu; setApplicationMenu(menu: Menu | null): void };
  ipcMain: { on(channel: string, listener: (event: Pick<ConnectRequest, 'senderFrame'>, language: unknown) => void): unknown };
}

/** The menus in `initial` now, and in the page's language whenever the page says it changed. */
export function serveMenu(electron: MenuElectron, initial: MenuLanguage, actions: MenuActions): void {
  const show = (language: MenuLanguage) =>
    electron.Menu.setApplicationMenu(electron.Menu.buildFromTemplate(menuTemplate(language, actions)));
  show(initial);
  electron.ipcMain.on(LANGUAGE_CHANNEL, (event, language) => {
    if (!fromAppPage(event.senderFrame)) return;
    if (language === 'en' || language === 'zh-CN') show(language);
  });
}

/** The computer's language, for the menus before the page says its own. */
export function systemLanguage(locale: string): MenuLanguage {
  return locale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
