import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { revocationEntries } from '../../core/badges/index.ts';
import { epochSeconds, systemClock } from '../../core/clock.ts';
import { StationError } from '../../core/errors.ts';
import { openEventRoot } from '../../core/keys/index.ts';
import { issueRevocationList } from '../../core/payload/index.ts';
import { connectUpstream, publishRevocations } from '../../core/upstream/index.ts';
import { withStation } from '../context.ts';
import { run } from '../run.ts';
import { givenUrl, keyFromPassphrase, ROOT_PASSPHRASE_ENV } from '../secrets.ts';
import { urlFileOption, using } from './sync.ts';

const entriesSchema = z.strictObject({
  badges: z
    .array(z.strictObject({ station: z.int().min(1).max(999), badge: z.int().min(1), minVersion: z.int().min(2) }))
    .default([]),
  chips: z.array(z.string().regex(/^([0-9a-fA-F]{2}){4,10}$/, 'a chip UID in hex')).default([]),
  stations: z.array(z.int().min(1).max(999)).default([]),
});

export function registerRevocations(program: Command): void {
  const revocations = program.command('revocations').description('signed revocation lists for gates');
  revocations
    .command('entries')
    .description('what this station revoked (reprinted or voided badges, replaced chips), as revocations sign --in takes it')
    .requiredOption('--out <file>', 'where to write the entries (JSON)')
    .action(
      run((options: { out: string }, context) =>
        withStation(context, 'revocations entries', (station) => {
          const entries = revocationEntries(station);
          writeFileSync(options.out, `${JSON.stringify(entries, null, 2)}\n`);
          return {
            result: { badges: entries.badges.length, chips: entries.chips.length, out: options.out },
            text: `${entries.badges.length} badges and ${entries.chips.length} chips revoked by station ${station.number}, in ${options.out}: sign them with badge-station revocations sign --in ${options.out}.`,
          };
        }),
      ),
    );
  revocations
    .command('sign')
    .description('sign a revocation list with the event root (upstream normally does this)')
    .requiredOption('--root <dir>', 'the ceremony folder')
    .requiredOption(
      '--in <file>',
      'JSON: {"badges":[{"station":7,"badge":12345,"minVersion":3}],"chips":["04A1..."],"stations":[9]}',
    )
    .requiredOption('--seq <n>', 'sequence number, higher than every list before it')
    .option('--base <n>', 'for a delta: the sequence number of the list it follows', '0')
    .requiredOption('--out <file>', 'where to write the list')
    .option('--passphrase-file <file>', 'read the root passphrase from this file')
    .action(
      run((options: { root: string; in: string; seq: string; base: string; out: string; passphraseFile?: string }) => {
        const seq = Number(options.seq);
        const base = Number(options.base);
        if (!Number.isSafeInteger(seq) || seq < 1 || !Number.isSafeInteger(base) || base < 0 || base >= seq) {
          throw new StationError('USAGE', '--seq must be 1 or more, and --base (for a delta) lower than --seq.');
        }
        let entries: z.infer<typeof entriesSchema>;
        try {
          entries = entriesSchema.parse(JSON.parse(readFileSync(options.in, 'utf8')));
        } catch (error) {
          const issue = error instanceof z.ZodError ? error.issues[0] : undefined;
          const where = issue ? `${issue.path.join('.')}: ${issue.message}` : (error as Error).message;
          throw new StationError('USAGE', `${options.in} is not a revocation entries file (${where}).`);
        }
        const event = openEventRoot(options.root, keyFromPassphrase(ROOT_PASSPHRASE_ENV, options.passphraseFile));
        const badges = new Map<number, Map<number, number>>();
        for (const entry of entries.badges) {
          const perStation = badges.get(entry.station) ?? new Map<number, number>();
          perStation.set(entry.badge, Math.max(entry.minVersion, perStation.get(entry.badge) ?? 0));
          badges.set(entry.station, perStation);
        }
        const bytes = issueRevocationList(
          {
            seq,
            issuedAt: epochSeconds(systemClock),
            base,
            badges,
            chips: new Set(entries.chips.map((uid) => uid.toLowerCase())),
            stations: new Set(entries.stations),
          },
          event.signer,
        );
        writeFileSync(options.out, bytes);
        return {
          result: { seq, base, bytes: bytes.length, out: options.out },
          text: `Revocation list ${seq}${base ? ` (delta on ${base})` : ''}: ${entries.badges.length} badges, ${entries.chips.length} chips, ${entries.stations.length} stations, ${bytes.length} bytes, in ${options.out}.`,
        };
      }),
    );
  revocations
    .command('publish')
    .description("build the gates' signed list from every station's revocations upstream, and store it there")
    .requiredOption('--root <dir>', 'the ceremony folder (the key that signs revocation lists)')
    .option('--full', 'a full list (by default a delta on the last one published; the first is always full)')
    .option(...urlFileOption)
    .option('--passphrase-file <file>', 'read the root passphrase from this file')
    .action(
      run(async (options: { root: string; full?: boolean; urlFile?: string; passphraseFile?: string }) => {
        const url = givenUrl(options.urlFile);
        const event = openEventRoot(options.root, keyFromPassphrase(ROOT_PASSPHRASE_ENV, options.passphraseFile));
        const published = await using(await connectUpstream(url), (client) =>
          publishRevocations(client, event.signer, { full: Boolean(options.full), issuedAt: epochSeconds(systemClock) }),
        );
        return {
          result: published,
          text: `Revocation list ${published.seq}${published.base ? ` (delta on ${published.base})` : ' (full)'} published upstream: ${published.badges} badges, ${published.chips} chips, ${published.bytes} bytes.`,
        };
      }),
    );
}
