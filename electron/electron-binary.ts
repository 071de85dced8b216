import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The Electron executable if its binary was downloaded, else undefined; decided the way
 * electron/index.js does, without its fallback of downloading it there and then.
 */
export function findElectronBinary(): string | undefined {
  let packageDir: string;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const binary = path.join(packageDir, 'dist', relative);
  return relative !== '' && existsSync(binary) ? binary : undefined;
}
