/**
 * The app binary as the installed `badge-station` command (electron/main/cli-mode.ts): a
 * command runs the CLI without a window; a plain launch, or one with only switches, opens
 * the desk.
 */
import { describe, expect, it } from 'vitest';
import { cliArguments } from '../../electron/main/cli-mode.ts';

const APP = '/opt/Badge Station/badge-station';

describe('the app binary started with a command', () => {
  it('runs the CLI with the arguments after the binary (after the folder, in development)', () => {
    expect(cliArguments([APP, 'print', 'start', '--data', '/srv/station'], false)).toEqual([
      'print',
      'start',
      '--data',
      '/srv/station',
    ]);
    expect(cliArguments(['/usr/lib/electron/electron', 'dist/electron', 'status', '--json'], true)).toEqual(['status', '--json']);
    // Global options before the command.
    expect(cliArguments([APP, '--data', '/srv/station', '--json', 'ledger', 'verify'], false)).toEqual([
      '--data',
      '/srv/station',
      '--json',
      'ledger',
      'verify',
    ]);
    expect(cliArguments([APP, '--data=/srv/station', 'status'], false)).toEqual(['--data=/srv/station', 'status']);
    expect(cliArguments([APP, '--help'], false)).toEqual(['--help']);
    expect(cliArguments([APP, '-V'], false)).toEqual(['-V']);
    // A mistyped command is the CLI's to answer (with its usage error), not a window's.
    expect(cliArguments([APP, 'stauts'], false)).toEqual(['stauts']);
    // Options but no command: the CLI says it needs one.
    expect(cliArguments([APP, '--json'], false)).toEqual(['--json']);
  });

  it('opens the desk when started with nothing, or with switches only (Chromium, the macOS Finder)', () => {
    expect(cliArguments([APP], false)).toBeUndefined();
    expect(cliArguments(['/usr/lib/electron/electron', 'dist/electron'], true)).toBeUndefined();
    expect(cliArguments([APP, '--no-sandbox'], false)).toBeUndefined();
    expect(cliArguments([APP, '--enable-logging', '--v=1'], false)).toBeUndefined();
    expect(cliArguments(['/Applications/Badge Station.app/Contents/MacOS/Badge Station', '-psn_0_12345'], false)).toBeUndefined();
  });
});
