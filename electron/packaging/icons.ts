/**
 * The installers' icon: icon.svg rendered once to dist/icons/icon.png (1024 px), from which
 * electron-builder makes the macOS .icns, the Windows .ico and the Linux sizes. Run by
 * `npm run dist` before electron-builder; the PNG is build output, the SVG its source.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

export const ICON_SOURCE = join(import.meta.dirname, 'icon.svg');

export async function renderIcon(out: string): Promise<void> {
  mkdirSync(join(out, '..'), { recursive: true });
  await sharp(ICON_SOURCE, { density: 72 }).resize(1024, 1024).png().toFile(out);
}

if (process.argv[1] === import.meta.filename) {
  await renderIcon(join(import.meta.dirname, '..', '..', 'dist', 'icons', 'icon.png'));
}
