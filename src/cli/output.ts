/**
 * Everything the CLI prints: plain lines, tables, JSON, colour and progress.
 * Colour only when the stream is a TTY, NO_COLOR is unset and TERM is not
 * "dumb". Progress goes to stderr and only on a TTY, so pipes stay clean.
 * @module
 */

/** The part of a writable stream the CLI uses. */
export interface TextSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** A column of {@link Output.table}. */
export interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => string;
}

/** Decides whether a stream gets ANSI colour. */
export function wantsColor(stream: TextSink, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;

/** Name of a supported style. */
export type Style = keyof typeof CODES;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Length of a string as shown on a terminal (ANSI codes removed). */
export function visibleLength(text: string): number {
  return text.replace(ANSI, '').length;
}

/** Writes to stdout/stderr with optional colour. */
export class Output {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  private readonly colorOut: boolean;
  private readonly colorErr: boolean;
  private progressShown = false;

  /** @param stdout - data stream; @param stderr - messages; @param env - for NO_COLOR / TERM. */
  constructor(stdout: TextSink, stderr: TextSink, env: Readonly<Record<string, string | undefined>>) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.colorOut = wantsColor(stdout, env);
    this.colorErr = wantsColor(stderr, env);
  }

  /** Applies a style when stdout takes colour. */
  style(style: Style, text: string): string {
    return this.colorOut ? paint(style, text) : text;
  }

  /** Applies a style when stderr takes colour. */
  styleErr(style: Style, text: string): string {
    return this.colorErr ? paint(style, text) : text;
  }

  /** One line of data on stdout. */
  line(text = ''): void {
    this.clearProgress();
    this.stdout.write(`${text}\n`);
  }

  /** One informational line on stderr (keeps stdout clean for pipes). */
  info(text: string): void {
    this.clearProgress();
    this.stderr.write(`${text}\n`);
  }

  /** A warning on stderr. */
  warn(text: string): void {
    this.clearProgress();
    this.stderr.write(`${this.styleErr('yellow', 'latchkey: warning:')} ${text}\n`);
  }

  /** Pretty JSON on stdout. */
  json(value: unknown): void {
    this.clearProgress();
    this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** An aligned table on stdout; prints `empty` instead when there are no rows. */
  table<Row>(rows: readonly Row[], columns: readonly Column<Row>[], empty = '(none)'): void {
    this.clearProgress();
    if (rows.length === 0) {
      this.stdout.write(`${empty}\n`);
      return;
    }
    const cells = rows.map((row) => columns.map((c) => sanitizeCell(c.value(row))));
    const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => visibleLength(r[i]!))));
    const render = (values: readonly string[]): string =>
      values
        .map((v, i) => (i === values.length - 1 ? v : v + ' '.repeat(widths[i]! - visibleLength(v))))
        .join('  ')
        .trimEnd();
    this.stdout.write(`${this.style('bold', render(columns.map((c) => c.header)))}\n`);
    for (const row of cells) this.stdout.write(`${render(row)}\n`);
  }

  /** Shows `label done/total` on one stderr line, rewritten in place (TTY only). */
  progress(label: string, done: number, total: number): void {
    if (this.stderr.isTTY !== true) return;
    const text = `${label} ${done}/${total}`;
    this.stderr.write(`\r\u001b[2K${this.styleErr('dim', text)}`);
    this.progressShown = true;
    if (done >= total) this.clearProgress();
  }

  /** Erases the progress line, if any. */
  clearProgress(): void {
    if (!this.progressShown) return;
    this.stderr.write('\r\u001b[2K');
    this.progressShown = false;
  }
}

function paint(style: Style, text: string): string {
  const [on, off] = CODES[style];
  return `\u001b[${on}m${text}\u001b[${off}m`;
}

/** Table cells come from server metadata: strip control characters so a name cannot move the cursor. */
function sanitizeCell(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** Formats a millisecond timestamp as `YYYY-MM-DD HH:MM` UTC. */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
