import type { Command } from 'commander';
import { withStation } from '../context.ts';
import { run } from '../run.ts';

export function registerSearch(program: Command): void {
  program
    .command('search')
    .description('find holders by id, badge serial, name, pinyin (full or initials), Latin name or organisation')
    .argument('<query>', 'the start of what you look for: H-00012, E-007-, 欧阳, ouyang, oynn, Müller ...')
    .action(
      run((_options, context, [query]) =>
        withStation(context, 'search', async (station, log) => {
          const { searchHolders } = await import('../../core/roster/index.ts');
          const started = performance.now();
          const hits = searchHolders(station.db, query as string);
          // Never the query itself: people search by name.
          log.info({ hits: hits.length, ms: Math.round((performance.now() - started) * 100) / 100 }, 'holders searched');
          const text =
            hits.length === 0
              ? `No holder matches "${query}".`
              : hits
                  .map((hit) =>
                    [hit.id, hit.name, hit.latinName, hit.organisation, hit.type, hit.serial ?? '(no badge)']
                      .filter(Boolean)
                      .join('  '),
                  )
                  .join('\n');
          return { result: { query, hits }, text };
        }),
      ),
    );
}
