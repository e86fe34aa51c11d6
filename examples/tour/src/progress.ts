/** A one-line progress bar on a terminal; plain periodic lines when the output is not a terminal. */
export class ProgressBar {
  private readonly start = performance.now();
  private lastPrinted = -1;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stdout,
  ) {}

  /** Show `done` of `total`, with an optional status text (e.g. the current loss). */
  update(done: number, status = ''): void {
    const frac = this.total === 0 ? 1 : Math.min(1, done / this.total);
    const secs = (performance.now() - this.start) / 1000;
    if (this.out.isTTY) {
      const width = 28;
      const full = Math.round(frac * width);
      const bar = `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
      this.out.write(
        `\r  ${this.label} ${bar} ${String(Math.round(frac * 100)).padStart(3)}% ${secs.toFixed(1)}s ${status}\x1b[K`,
      );
    } else {
      const decile = Math.floor(frac * 10);
      if (decile === this.lastPrinted) return;
      this.lastPrinted = decile;
      this.out.write(`  ${this.label} ${String(decile * 10).padStart(3)}% ${secs.toFixed(1)}s ${status}\n`);
    }
  }

  /** Finish the bar and move to a new line. */
  done(status = ''): void {
    this.update(this.total, status);
    if (this.out.isTTY) this.out.write('\n');
  }
}
