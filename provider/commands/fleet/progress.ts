/**
 * What the fleet command shows while it runs: shards done, running and failed, resources handled and the
 * rate. On a terminal one line redrawn in place, with a bar; elsewhere (CI logs, `CI` set) plain lines when
 * a shard starts or ends and a status line every 15 seconds, so a log stays readable and grep-able.
 */
export class FleetProgress {
  private done = 0;
  private failed = 0;
  private running = new Set<string>();
  private resources = 0;
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private readonly tty: boolean;

  constructor(
    private readonly operation: string,
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(out.isTTY) && !process.env.CI;
    this.timer = setInterval(
      () => (this.tty ? this.redraw() : this.line(this.status())),
      this.tty ? 200 : 15_000,
    );
    this.timer.unref();
  }

  shardStarted(stack: string, customers: number): void {
    this.running.add(stack);
    if (!this.tty) this.line(`${stack}: ${this.operation} started (${customers} customers)`);
  }

  /** One resource handled (its outputs event), in any shard. */
  resourceDone(): void {
    this.resources++;
  }

  shardEnded(stack: string, ok: boolean, seconds: number): void {
    this.running.delete(stack);
    this.done++;
    if (!ok) this.failed++;
    if (this.tty) this.redraw();
    else
      this.line(
        `${stack}: ${this.operation} ${ok ? "succeeded" : "FAILED"} in ${seconds.toFixed(1)} s; ${this.status()}`,
      );
  }

  /** Stops the display (the summary follows). */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.tty) {
      this.redraw();
      this.out.write("\n");
    }
  }

  private status(): string {
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? this.resources / seconds : 0;
    return (
      `${this.done}/${this.total} shards done, ${this.running.size} running, ${this.failed} failed; ` +
      `${this.resources} resources, ${rate.toFixed(1)}/s`
    );
  }

  private redraw(): void {
    const width = 20;
    const filled = this.total === 0 ? width : Math.round((this.done / this.total) * width);
    this.out.write(`\r\x1b[2K[${"#".repeat(filled)}${".".repeat(width - filled)}] ${this.status()}`);
  }

  private line(text: string): void {
    this.out.write(`[fleet] ${text}\n`);
  }
}
