/**
 * One pending run of a rebuild, pushed back by every new request: the views rebuild once per burst of index
 * updates (a branch switch, a scan) rather than once per update. Shared by the Open Risks and Note Health views.
 */
export class Debouncer {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly delayMs: number,
    private readonly run: () => void,
  ) {}

  /** Runs after `delayMs` of quiet (a request meanwhile starts the wait again). */
  schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, this.delayMs);
  }

  /** Drops a scheduled run (the caller is about to run now); returns whether one was pending. */
  cancel(): boolean {
    if (this.timer === undefined) return false;
    clearTimeout(this.timer);
    this.timer = undefined;
    return true;
  }

  /** Whether a run is scheduled. */
  get pending(): boolean {
    return this.timer !== undefined;
  }
}
