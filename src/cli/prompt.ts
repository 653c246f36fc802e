/**
 * Questions on the terminal: a hidden passphrase prompt (raw mode, nothing
 * echoed), yes/no questions (Enter means yes), and line reads from a pipe.
 * One buffered reader serves every question, so answers typed or piped ahead
 * of time are not lost between prompts.
 * @module
 */
import { CliError, InterruptedError, UsageError } from './errors.ts';
import type { TextSink } from './output.ts';

/** The part of process.stdin the prompter needs. */
export interface InputStream {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  on(event: 'data', listener: (chunk: string) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  removeAllListeners(event: 'data' | 'end'): unknown;
  pause(): unknown;
  resume(): unknown;
}

/** Where a passphrase may come from, in order of preference. */
export interface PassphraseSource {
  /** `--passphrase-stdin`: read the first line of stdin. */
  readonly fromStdin: boolean;
  /** The environment (LATCHKEY_PASSPHRASE). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Ask twice on a terminal (signup). */
  readonly confirm?: boolean;
}

/** Reads answers from stdin; writes questions to stderr. */
export class Prompter {
  private readonly openInput: () => InputStream;
  private stream: InputStream | null = null;
  private readonly stdinIsTTY: boolean | undefined;
  private readonly prompts: TextSink;
  private buffer = '';
  private ended = false;
  private attached = false;
  private wake: (() => void) | null = null;

  /**
   * @param input - stdin, or a function returning it (process.stdin costs ~15 ms to
   *   create, so commands that never read it should not pay for it)
   * @param prompts - usually process.stderr
   * @param stdinIsTTY - whether stdin is a terminal, when known without opening it
   */
  constructor(input: InputStream | (() => InputStream), prompts: TextSink, stdinIsTTY?: boolean) {
    this.openInput = typeof input === 'function' ? input : () => input;
    this.prompts = prompts;
    this.stdinIsTTY = stdinIsTTY;
  }

  private get input(): InputStream {
    this.stream ??= this.openInput();
    return this.stream;
  }

  /** True when questions can be answered by a person at a terminal. */
  get interactive(): boolean {
    return this.stdinIsTTY ?? this.input.isTTY === true;
  }

  /** Asks for a passphrase: `--passphrase-stdin` first, else LATCHKEY_PASSPHRASE, else a hidden prompt. */
  async passphrase(question: string, source: PassphraseSource): Promise<string> {
    let value: string | null;
    if (source.fromStdin) {
      value = await this.readLine();
      if (value === null || value === '') {
        throw new UsageError('--passphrase-stdin was given but stdin was empty', 'pipe the passphrase in, e.g. printf %s "$PASS" | latchkey login alice --passphrase-stdin');
      }
      return value;
    }
    const fromEnv = source.env.LATCHKEY_PASSPHRASE;
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    if (!this.interactive || !this.input.setRawMode) {
      throw new UsageError('a passphrase is needed but stdin is not a terminal', 'set LATCHKEY_PASSPHRASE or pass --passphrase-stdin');
    }
    value = await this.readHidden(question);
    if (value === '') throw new CliError('the passphrase is empty', 'type a passphrase, then press Enter');
    if (source.confirm) {
      const again = await this.readHidden('Repeat the passphrase: ');
      if (again !== value) throw new CliError('the two passphrases differ', 'run the command again and type the same passphrase twice');
    }
    return value;
  }

  /**
   * Asks a yes/no question; Enter means yes. With `assume` set the question is
   * only shown as answered. Without a terminal, a piped line answers it; at
   * end of input `whenNoAnswer` decides (default: a usage error asking for --yes).
   */
  async confirm(question: string, options: { assume?: boolean; whenNoAnswer?: boolean } = {}): Promise<boolean> {
    if (options.assume !== undefined) return options.assume;
    for (;;) {
      this.prompts.write(`${question} [Y/n] `);
      const answer = await this.readLine();
      if (answer === null) {
        this.prompts.write('\n');
        if (options.whenNoAnswer !== undefined) return options.whenNoAnswer;
        throw new UsageError(`no answer to "${question}"`, 'run in a terminal, or pass --yes to answer yes to every question');
      }
      if (!this.interactive) this.prompts.write(`${answer}\n`);
      const word = answer.trim().toLowerCase();
      if (word === '' || word === 'y' || word === 'yes') return true;
      if (word === 'n' || word === 'no') return false;
      this.prompts.write('Please answer y or n.\n');
    }
  }

  /** Asks for one value without echoing it (a terminal is required). */
  async hidden(question: string): Promise<string> {
    if (!this.interactive || !this.input.setRawMode) {
      throw new UsageError('a hidden value is needed but stdin is not a terminal', 'pipe the value in instead');
    }
    return this.readHidden(question);
  }

  /** Reads one line (without its newline); null at end of input. */
  async readLine(): Promise<string | null> {
    for (;;) {
      const nl = this.buffer.indexOf('\n');
      if (nl !== -1) {
        const line = this.buffer.slice(0, nl).replace(/\r$/, '');
        this.buffer = this.buffer.slice(nl + 1);
        this.idle();
        return line;
      }
      if (this.ended) {
        if (this.buffer === '') return null;
        const line = this.buffer.replace(/\r$/, '');
        this.buffer = '';
        return line;
      }
      await this.more();
    }
  }

  /** Reads stdin to its end (for `set NAME key=-`). */
  async readAll(): Promise<string> {
    while (!this.ended) await this.more();
    const all = this.buffer;
    this.buffer = '';
    return all;
  }

  /** Stops listening to stdin so the process can exit. */
  close(): void {
    if (!this.attached) return;
    this.input.removeAllListeners('data');
    this.input.removeAllListeners('end');
    this.input.pause();
    this.attached = false;
  }

  private async readHidden(question: string): Promise<string> {
    this.prompts.write(question);
    this.input.setRawMode!(true);
    let value: string[] = [];
    try {
      for (;;) {
        const ch = await this.nextChar();
        if (ch === null) throw new CliError('input ended before the passphrase was complete', 'type it and press Enter');
        if (ch === '\r' || ch === '\n') return value.join('');
        if (ch === '\u0003') throw new InterruptedError();
        if (ch === '\u0004') {
          if (value.length === 0) throw new CliError('input ended before the passphrase was complete', 'type it and press Enter');
          return value.join('');
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch === '\u0015') value = [];
        else if (ch === '\u001b') await this.skipEscape();
        else if (ch >= ' ') value.push(ch);
      }
    } finally {
      this.input.setRawMode!(false);
      this.prompts.write('\n');
      this.idle();
    }
  }

  /** Skips the rest of a terminal escape sequence (arrow keys and the like). */
  private async skipEscape(): Promise<void> {
    const first = await this.nextChar();
    if (first !== '[' && first !== 'O') return;
    for (;;) {
      const ch = await this.nextChar();
      if (ch === null || /[A-Za-z~]/.test(ch)) return;
    }
  }

  private async nextChar(): Promise<string | null> {
    while (this.buffer === '') {
      if (this.ended) return null;
      await this.more();
    }
    const [ch] = Array.from(this.buffer.slice(0, 2));
    this.buffer = this.buffer.slice(ch!.length);
    return ch!;
  }

  private attach(): void {
    if (this.attached) return;
    this.attached = true;
    this.input.setEncoding('utf8');
    this.input.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.wake?.();
    });
    this.input.on('end', () => {
      this.ended = true;
      this.wake?.();
    });
  }

  private more(): Promise<void> {
    this.attach();
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = null;
        resolve();
      };
      this.input.resume();
    });
  }

  /** Pauses stdin between questions so an idle process can exit. */
  private idle(): void {
    if (this.attached && this.wake === null) this.input.pause();
  }
}
