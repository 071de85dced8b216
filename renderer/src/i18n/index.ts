/**
 * Every word the page shows, in zh-CN and English, through i18next. Each screen has its
 * own namespace: `i18n/<language>/<screen>.json`, found here by file name, so a new
 * screen adds its two files and nothing else. A test checks both languages have the same
 * keys and that no text is written straight into JSX.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const files = import.meta.glob<{ default: Record<string, unknown> }>('./*/*.json', { eager: true });
const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [path, module] of Object.entries(files)) {
  const [, language, namespace] = /^\.\/([^/]+)\/([^/]+)\.json$/.exec(path) ?? [];
  if (!language || !namespace) continue;
  resources[language] ??= {};
  (resources[language] as Record<string, Record<string, unknown>>)[namespace] = module.default;
}

const STORED = 'badge-station.language';

/** The language chosen last on this computer, else the browser's (Chinese for any zh-*). */
function initialLanguage(): Language {
  const stored = localStorage.getItem(STORED);
  if (stored === 'zh-CN' || stored === 'en') return stored;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export const i18n: I18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: 'en',
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18n.language;
// The desktop app's menus follow the page's language.
window.station?.setLanguage?.(i18n.language);

/** Switches the page's language at once, without a reload, and remembers it. */
export function setLanguage(language: Language): void {
  localStorage.setItem(STORED, language);
  document.documentElement.lang = language;
  window.station?.setLanguage?.(language);
  void i18n.changeLanguage(language);
}
