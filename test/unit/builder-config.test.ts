/**
 * electron-builder.yml against what the package needs: the files the build writes (main, the
 * core, its worker threads, the preload, the page), every dependency with a native addon
 * unpacked from app.asar, the entry main.mjs, and the fuses of the security checklist.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../support/paths.ts';

interface BuilderConfig {
  extraMetadata: { main: string };
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  linux: { executableName: string; target: string[] };
}

const config = parse(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

/** A folder holds a native addon: a binding.gyp to build, or a built .node file. */
function hasNativeAddon(dir: string, depth = 3): boolean {
  if (!existsSync(dir)) return false;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && (entry.name === 'binding.gyp' || entry.name.endsWith('.node'))) return true;
    if (entry.isDirectory() && depth > 0 && entry.name !== 'node_modules' && hasNativeAddon(join(dir, entry.name), depth - 1))
      return true;
  }
  return false;
}

describe('electron-builder.yml', () => {
  it('packs what the build writes: main as the entry, the core and its worker threads, the preload, the page', () => {
    expect(config.extraMetadata.main).toBe('dist/electron/main.mjs');
    // main.mjs, core-process.mjs and the worker threads' bundles (electron/start.ts) are all *.mjs there.
    expect(config.files).toEqual(
      expect.arrayContaining(['dist/electron/*.mjs', 'dist/electron/preload.cjs', 'dist/renderer/**/*']),
    );
  });

  it('unpacks every dependency with a native addon from app.asar', () => {
    const native = Object.keys(pkg.dependencies).filter((name) => hasNativeAddon(join(repoRoot, 'node_modules', name)));
    expect(native).toEqual(expect.arrayContaining(['better-sqlite3', 'node-hid', 'smartcard']));
    for (const name of native) expect(config.asarUnpack, name).toContain(`node_modules/${name}/**`);
  });

  it("sets the security checklist's fuses: no RunAsNode, no NODE_OPTIONS or inspect flags, ASAR integrity, app only from asar", () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // The installed command is the app's binary by this name (electron/main/cli-mode.ts).
    expect(config.linux.executableName).toBe('badge-station');
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
  });
});
