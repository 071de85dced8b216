/**
 * The page ships its CJK font: the Noto Sans SC the cards are printed with, so Chinese never
 * shows as boxes on a counter laptop without system CJK fonts (Vite serves the file from
 * the page's own origin, which the CSP's default-src 'self' allows). Regular and bold.
 */

import regular from '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf?url';
import bold from '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf?url';

export const PAGE_FONT = '"Noto Sans SC", system-ui, sans-serif';

for (const [url, weight] of [
  [regular, '400'],
  [bold, '700'],
] as const) {
  const face = new FontFace('Noto Sans SC', `url(${url})`, { weight, display: 'swap' });
  document.fonts.add(face);
  // A font that cannot load leaves the system's: the page still works.
  face.load().catch(() => {});
}
