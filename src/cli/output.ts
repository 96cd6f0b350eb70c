import pc from 'picocolors';
import type { CliError } from './cli-error.ts';

// The one module the CLI prints through: results on stdout (a table for people, JSON for
// programs), progress and warnings on stderr, colour only on a terminal and never with NO_COLOR.
export interface Output {
  readonly json: boolean;
  result(data: unknown, human: () => string): void;
  progress(line: string): void;
  warn(line: string): void;
  failure(error: CliError): void;
  table(rows: Record<string, unknown>[], columns: string[]): string;
  color: Colors;
}

export interface Colors {
  ok(text: string): string;
  bad(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  warn(text: string): string;
}

export function useColor(stream: NodeJS.WriteStream): boolean {
  if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') return false;
  return stream.isTTY === true;
}

function makeColors(enabled: boolean): Colors {
  const c = pc.createColors(enabled);
  return { ok: c.green, bad: c.red, dim: c.dim, bold: c.bold, warn: c.yellow };
}

export function formatTable(rows: Record<string, unknown>[], columns: string[]): string {
  const cells = rows.map((row) => columns.map((column) => String(row[column] ?? '')));
  const widths = columns.map((column, i) =>
    Math.max(column.length, ...cells.map((line) => line[i]!.length)),
  );
  const render = (line: string[]) =>
    line
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [render(columns.map((c) => c.toUpperCase())), ...cells.map(render)].join('\n');
}

export function createOutput(options: { json: boolean }): Output {
  const color = makeColors(useColor(process.stderr));
  const stdoutColor = makeColors(useColor(process.stdout));

  return {
    json: options.json,
    color: stdoutColor,
    result(data, human) {
      const text = options.json ? JSON.stringify(data, null, 2) : human();
      if (text !== '') process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    progress(line) {
      process.stderr.write(`${line}\n`);
    },
    warn(line) {
      process.stderr.write(`${color.warn('warning:')} ${line}\n`);
    },
    failure(error) {
      if (options.json) {
        const body = {
          error: {
            code: error.kind,
            exitCode: error.exitCode,
            message: error.message,
            hint: error.hint,
            details: error.details,
          },
        };
        process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      }
      const lines = [`${color.bad('error:')} ${error.message}`];
      for (const detail of error.details) lines.push(`  ${detail}`);
      if (error.hint !== undefined) lines.push(`${color.dim('hint:')} ${error.hint}`);
      process.stderr.write(`${lines.join('\n')}\n`);
    },
    table: formatTable,
  };
}
