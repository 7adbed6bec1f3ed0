/**
 * The controls of one run in the training worker: pause, resume, stop, a lost backend, reads of
 * the weights that hold training between steps, and the metrics stream throttled for the page.
 */
import type { WorkerEvent } from "./protocol";
import type { Metrics } from "./trainer";

/** At most this often a `metrics` event (evaluations and the last step always go out). */
const METRICS_EVERY_MS = 100;

/** Pause, resume, stop and backend loss of one run, and its throttled metrics. */
export class RunControl {
  stopRequested = false;
  lostReason: string | undefined;
  readonly lost: Promise<void>;
  private signalLost = () => {};
  private hold: { promise: Promise<void>; resolve: () => void } | undefined;
  /** Work that reads the weights (save, export): steps wait until it is done. */
  private readonly readers = new Set<Promise<unknown>>();
  private pending: Metrics | undefined;
  private lastSent = -Infinity;
  private closed = false;

  constructor(
    private readonly send: (e: WorkerEvent) => void,
    private readonly totalSteps: number,
  ) {
    this.lost = new Promise((resolve) => (this.signalLost = resolve));
  }

  emit(e: WorkerEvent): void {
    if (!this.closed) this.send(e);
  }

  metrics(m: Metrics): void {
    const now = performance.now();
    if (m.valLoss !== undefined || m.step === this.totalSteps || now - this.lastSent >= METRICS_EVERY_MS) {
      this.pending = undefined;
      this.lastSent = now;
      this.emit({ type: "metrics", metrics: m });
    } else this.pending = m;
  }

  /** Sends the metrics held back by the throttle, so the last step before a pause or end shows. */
  flush(): void {
    if (this.pending) this.emit({ type: "metrics", metrics: this.pending });
    this.pending = undefined;
  }

  pause(): void {
    if (this.hold || this.stopRequested) return;
    let resolve = () => {};
    const promise = new Promise<void>((r) => (resolve = r));
    this.hold = { promise, resolve };
  }

  resume(): void {
    this.hold?.resolve();
    this.hold = undefined;
  }

  stop(): void {
    this.stopRequested = true;
    this.resume();
  }

  lose(reason: string): void {
    this.lostReason = reason;
    this.signalLost();
    this.resume();
  }

  /** Runs `fn` while training waits between two steps, so the weights it reads do not change under it. */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const work = fn();
    const settled = work.then(
      () => {},
      () => {},
    );
    this.readers.add(settled);
    void settled.then(() => this.readers.delete(settled));
    return work;
  }

  /** The trainer's control hook, between steps: holds while paused or while the weights are read; true ends the run. */
  async between(step: number): Promise<boolean> {
    while (this.readers.size) await Promise.all(this.readers);
    const hold = this.hold;
    if (hold && !this.stopRequested && this.lostReason === undefined) {
      this.flush();
      this.emit({ type: "paused", step });
      await hold.promise;
      if (!this.stopRequested && this.lostReason === undefined) this.emit({ type: "resumed", step });
    }
    return this.stopRequested || this.lostReason !== undefined;
  }

  close(): void {
    this.closed = true;
  }
}
