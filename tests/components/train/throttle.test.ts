import { describe, expect, it } from "vitest";
import { throttle } from "@/components/train/throttle";
import type { Timers } from "@/components/train/throttle";

/** A clock the test moves by hand. */
function fakeTimers() {
  let now = 0;
  let queue: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  const timers: Timers = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = ++ids;
      queue.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      queue = queue.filter((t) => t.id !== id);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    const due = queue.filter((t) => t.at <= now);
    queue = queue.filter((t) => t.at > now);
    for (const t of due) t.fn();
  };
  return { timers, advance, pending: () => queue.length };
}

describe("throttle", () => {
  it("runs the first call at once and folds a burst into one trailing call", () => {
    const clock = fakeTimers();
    let calls = 0;
    const t = throttle(() => calls++, 250, clock.timers);
    t.request();
    expect(calls).toBe(1);
    // 100 metrics events within the interval: one call at its end.
    for (let i = 0; i < 100; i++) t.request();
    expect(calls).toBe(1);
    clock.advance(249);
    expect(calls).toBe(1);
    clock.advance(1);
    expect(calls).toBe(2);
    expect(clock.pending()).toBe(0);
  });

  it("never calls more than once per interval over a steady stream", () => {
    const clock = fakeTimers();
    let calls = 0;
    const t = throttle(() => calls++, 250, clock.timers);
    // One event every 10 ms for 5 s: 500 events.
    for (let i = 0; i < 500; i++) {
      t.request();
      clock.advance(10);
    }
    expect(calls).toBeGreaterThanOrEqual(19);
    expect(calls).toBeLessThanOrEqual(21);
  });

  it("flushes a pending call at once and cancels one", () => {
    const clock = fakeTimers();
    let calls = 0;
    const t = throttle(() => calls++, 250, clock.timers);
    t.request();
    t.request();
    t.flush();
    expect(calls).toBe(2);
    expect(clock.pending()).toBe(0);
    t.flush();
    expect(calls).toBe(2);
    t.request();
    t.cancel();
    clock.advance(1000);
    expect(calls).toBe(2);
  });
});
