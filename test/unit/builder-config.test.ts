/**
 * electron-builder.yml against what the package needs: the files the build writes (main, the
 * core, its worker threads, the preload, the page), every dependency with a native addon
 * unpacked from app.asar, the entry main.mjs, and the fuses of the security checklist.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderIcon } from '../../electron/packaging/icons.ts';
import { repoRoot } from '../support/paths.ts';
import { tempDir } from '../support/station.ts';

// electron-builder's own checks: its configuration validator and its JSON schema (whose
// defaults are what a list in the file replaces).
const builderLib = createRequire(join(repoRoot, 'node_modules', 'electron-builder', 'package.json'));
const { validateConfiguration } = builderLib('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const scheme = builderLib('app-builder-lib/scheme.json') as {
  definitions: { DebOptions: { properties: { depends: { default: string[] } } } };
};

interface BuilderConfig {
  extraMetadata: { main: string };
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  icon: string;
  linux: { executableName: string; target: string[]; extraResources: { from: string; to: string }[] };
  deb: { depends: string[]; fpm: string[] };
  mac: { hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string };
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
    expect(native).toEqual(expect.arrayContaining(['better-sqlite3-multiple-ciphers', 'node-hid', 'smartcard']));
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

  it('is a configuration electron-builder itself accepts, and refuses a misspelt option', async () => {
    const logger = { isEnabled: false, add() {} };
    await expect(validateConfiguration(structuredClone(config), logger)).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...structuredClone(config), mac: { hardendRuntime: true } }, logger)).rejects.toThrow(
      /configuration\.mac/,
    );
  });

  it('signs the macOS app under the hardened runtime with only the entitlements V8, USB HID and smart cards need', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.entitlementsInherit).toBe(config.mac.entitlements);
    const plist = readFileSync(join(repoRoot, config.mac.entitlements), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    const granted = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((match) => match[1]);
    expect(granted.sort()).toEqual([
      'com.apple.security.cs.allow-jit',
      'com.apple.security.device.usb',
      'com.apple.security.smartcard',
    ]);
  });

  it('makes the deb depend on what electron-builder would, then pcscd, and install the udev rule for HID encoders', () => {
    expect(config.deb.depends).toEqual([...scheme.definitions.DebOptions.properties.depends.default, 'pcscd', 'libpcsclite1']);
    const [from, to] = (config.deb.fpm.find((arg) => arg.includes('udev')) ?? '').split('=');
    expect(to).toBe('/usr/lib/udev/rules.d/70-badge-station-encoders.rules');
    const rules = readFileSync(join(repoRoot, from ?? ''), 'utf8')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'));
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) expect(rule).toMatch(/^SUBSYSTEM=="hidraw", ATTRS\{idVendor\}=="[0-9a-f]{4}", TAG\+="uaccess"$/);
    // The AppImage cannot install it: the same file rides in the app's resources.
    expect(config.linux.extraResources).toContainEqual({ from, to: 'udev/70-badge-station-encoders.rules' });
  });

  it('renders the app icon electron-builder converts for each platform: a 1,024-pixel PNG where the config looks', async () => {
    expect(config.icon).toBe('dist/icons/icon.png');
    const out = join(tempDir('badge-icon-'), 'icons', 'icon.png');
    await renderIcon(out);
    expect(await sharp(out).metadata()).toMatchObject({ format: 'png', width: 1024, height: 1024 });
  });
});
