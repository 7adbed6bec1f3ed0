/**
 * Calls `fn` at most once per `intervalMs`: the first call runs at once, calls within the
 * interval are folded into one trailing call at its end. Metrics arrive once per training step
 * (hundreds a second for a small MLP); the page redraws a few times a second.
 */
export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const browserTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface Throttled {
  /** Asks for a call; runs now or at the end of the current interval. */
  request(): void;
  /** Runs a pending call now (a run ended: show its last numbers at once). */
  flush(): void;
  /** Drops a pending call. */
  cancel(): void;
}

export function throttle(fn: () => void, intervalMs: number, timers: Timers = browserTimers): Throttled {
  let last = -Infinity;
  let timer: unknown;
  const run = () => {
    timer = undefined;
    last = timers.now();
    fn();
  };
  return {
    request() {
      if (timer !== undefined) return;
      const wait = last + intervalMs - timers.now();
      if (wait <= 0) run();
      else timer = timers.setTimeout(run, wait);
    },
    flush() {
      if (timer === undefined) return;
      timers.clearTimeout(timer);
      run();
    },
    cancel() {
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
    },
  };
}
