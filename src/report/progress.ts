/**
 * The progress line on stderr while AWS calls are in flight: how many resources are being
 * verified and how many calls are done of those issued so far. Rewritten in place (carriage
 * return, erase to end of line) at most every `intervalMs`, and erased when done. Only on a
 * terminal, never in CI (`CI` set) or with `--quiet`: the caller decides with `progressWanted`.
 */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export function progressWanted(stream: ProgressStream, env: NodeJS.ProcessEnv, quiet: boolean): boolean {
  if (quiet) return false;
  if (env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export class Progress {
  private started = 0;
  private done = 0;
  private shown = false;
  private last = Number.NEGATIVE_INFINITY;
  private resources = 0;

  constructor(
    private readonly stream: ProgressStream,
    private readonly clock: () => number = Date.now,
    private readonly intervalMs = 100,
  ) {}

  /** The resources being verified (the line names them). */
  setResources(n: number): void {
    this.resources = n;
  }

  /** The hook for `AwsSettings.onCall`. */
  readonly onCall = (event: 'start' | 'end'): void => {
    if (event === 'start') this.started++;
    else this.done++;
    const now = this.clock();
    if (now - this.last < this.intervalMs && this.done !== this.started) return;
    this.last = now;
    this.draw();
  };

  /** The line as it is now. */
  line(): string {
    const r = this.resources;
    return `verifying ${r} resource${r === 1 ? '' : 's'}: ${this.done} of ${this.started} AWS call${this.started === 1 ? '' : 's'} done`;
  }

  private draw(): void {
    const width = Math.max(20, (this.stream.columns ?? 80) - 1);
    const text = this.line().slice(0, width);
    this.stream.write(`\r${text}\u001b[K`);
    this.shown = true;
  }

  /** Erases the line, if one was drawn. */
  end(): void {
    if (this.shown) this.stream.write('\r\u001b[K');
    this.shown = false;
  }
}
