import { type Command, Option } from 'commander';
import { StationError } from '../../core/errors.ts';
import type { EncodingChoice, ImportOptions, ImportProgress, ImportReport, RowProblem } from '../../core/roster/index.ts';
import { withStation } from '../context.ts';
import type { CommandOutcome } from '../output.ts';
import { run } from '../run.ts';

interface ImportCliOptions {
  photos?: string;
  encoding: EncodingChoice;
  mapping?: string;
  sheet?: string;
  problems?: string;
  maxSize?: string;
}

const SHOWN_PROBLEMS = 20;

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import a roster (CSV in UTF-8 or GB18030, or XLSX), with photos matched by holder id')
    .argument('<file>', 'the roster: .csv or .xlsx')
    .option('--photos <dir|zip>', 'a folder or zip of photos named by holder id (H-000123.jpg)')
    .addOption(new Option('--encoding <encoding>', 'the CSV text encoding').choices(['auto', 'utf8', 'gb18030']).default('auto'))
    .option('--mapping <file>', 'a JSON file naming the header of each field, like {"id": "Reg. No."}')
    .option('--sheet <name>', 'the worksheet to import from a workbook with several')
    .option('--problems <file>', 'write every problem found to this CSV file')
    .option('--max-size <MB>', 'refuse files larger than this (default 4096 MB)')
    .action(
      run((options: ImportCliOptions, context, [file]) =>
        withStation(context, 'import', async (station, log, person) => {
          // The roster's readers (sharp, pinyin, zip) load only when importing.
          const { importRoster, readMapping } = await import('../../core/roster/index.ts');
          const maxBytes = options.maxSize === undefined ? undefined : megabytes(options.maxSize);
          const started = performance.now();
          const report = await importRoster(station, file as string, {
            actor: person.actor,
            encoding: options.encoding,
            mapping: options.mapping ? readMapping(options.mapping) : undefined,
            sheet: options.sheet,
            photos: options.photos,
            problemsFile: options.problems,
            maxBytes,
            ...(context.json ? {} : progressPrinter(file as string)),
          });
          const seconds = (performance.now() - started) / 1000;
          // Counts only: problems quote cells, and cells hold names.
          log.info(
            {
              rows: report.rows,
              added: report.added,
              changed: report.changed,
              unchanged: report.unchanged,
              rejected: report.rejected,
              problems: report.problemCount,
              photos: report.photos,
              seconds,
            },
            'roster imported',
          );
          return outcome(report, file as string, seconds, options.problems);
        }),
      ),
    );
}

/**
 * Progress on stderr, a line a second at a terminal and every ten seconds into a log:
 * a 500,000-row roster reads in seconds, but its photos take minutes.
 */
function progressPrinter(file: string): Pick<ImportOptions, 'onProgress' | 'onStage'> {
  let last = performance.now();
  // A stage's last word only follows its earlier ones: an import done in a second says nothing.
  let saidOf: ImportProgress['stage'] | undefined;
  return {
    onProgress({ stage, done, fraction }) {
      const now = performance.now();
      const finished = fraction === 1;
      if (finished ? saidOf !== stage : now - last < (process.stderr.isTTY ? 1000 : 10_000)) return;
      last = now;
      saidOf = stage;
      const share = fraction === null ? '' : `${Math.floor(fraction * 100)}%, `;
      const end = finished ? '.' : ' ...';
      process.stderr.write(
        stage === 'reading'
          ? `Reading ${file}: ${share}${count(done)} holders checked${end}\n`
          : `Checking photos: ${share}${count(done)} checked${end}\n`,
      );
    },
    onStage(stage) {
      // The search index of a large roster takes a second or so more.
      if (stage === 'committing' && saidOf !== undefined) process.stderr.write('Saving the roster and its search index ...\n');
    },
  };
}

/** 500,000 rather than 500000: the office reads these counts at a glance. */
function count(n: number): string {
  return n.toLocaleString('en');
}

function megabytes(text: string): number {
  const value = Number(text);
  if (!(value > 0)) throw new StationError('USAGE', `--max-size must be a number of megabytes, not "${text}".`);
  return value * 1024 * 1024;
}

function outcome(report: ImportReport, file: string, seconds: number, problemsFile: string | undefined): CommandOutcome {
  const encoding = report.format === 'csv' ? `, ${report.encoding === 'utf8' ? 'UTF-8' : 'GB18030'}` : '';
  const lines = [
    `Imported ${file} (${report.format.toUpperCase()}${encoding}) in ${seconds.toFixed(1)} s: ${count(report.rows)} rows; ${count(report.added)} added, ${count(report.changed)} changed, ${count(report.unchanged)} unchanged; ${count(report.rejected)} rejected.`,
  ];
  if (report.photos) {
    lines.push(
      `Photos: ${count(report.photos.checked)} checked, ${count(report.photos.stored)} new stored, ${count(report.photos.unmatched)} matched no row.`,
    );
  }
  if (report.problemCount > 0) {
    lines.push(`Problems (rows as your spreadsheet numbers them):`);
    for (const problem of report.problems.slice(0, SHOWN_PROBLEMS)) lines.push(`  ${describeProblem(problem)}`);
    const more = report.problemCount - Math.min(SHOWN_PROBLEMS, report.problems.length);
    if (more > 0)
      lines.push(
        `  ... and ${count(more)} more${problemsFile ? ` (all in ${problemsFile})` : ' (list them all with --problems FILE)'}`,
      );
  }
  const result = { file, ...report };
  if (report.rejected === 0) return { result, text: lines.join('\n') };
  return {
    result,
    text: lines.join('\n'),
    failure: {
      code: 'ROW_INVALID',
      message: `${count(report.rejected)} rows were not imported; fix them in the file and import it again (the good rows are in).`,
    },
  };
}

export function describeProblem(problem: RowProblem): string {
  const where = problem.column ? `row ${problem.row}, column ${problem.column} (${problem.header})` : `row ${problem.row}`;
  return `${where}: ${JSON.stringify(problem.value)} ${problem.reason}`;
}
