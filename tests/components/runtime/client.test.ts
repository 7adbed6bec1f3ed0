/**
 * The training client's fault handling, with a fake worker: a crash or a silent worker fails the
 * run with a message and rejects pending calls, the worker is ended, and the next call gets a
 * fresh one initialised with the same backend choice. A slow but answering worker is left alone.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTrainerClient, CRASHED, HUNG, RESTARTED } from "@/components/runtime/client";
import type { Async, WorkerApi, WorkerConnection } from "@/components/runtime/client";
import type { Metrics, TrainRequest, WorkerEvent } from "@/train";

class FakeWorker extends EventTarget {
  terminated = false;
  terminate() {
    this.terminated = true;
  }
}

const never = <T>() => new Promise<T>(() => {});
const REQUEST = { doc: {}, dataset: {}, config: { evalBatches: 4 } } as unknown as TrainRequest;
const METRICS: Metrics = { step: 1, loss: 1, lr: 0.1, tokensPerSec: 10, msPerStep: 100, elapsedMs: 100 };
const STARTED: WorkerEvent = { type: "started", info: { backend: "webgl", params: 1, kind: "classification", preview: [], attention: [] } };

interface Fake {
  worker: FakeWorker;
  api: Async<WorkerApi>;
  /** The listener of the last start. */
  emit: (e: WorkerEvent) => void;
}

/** A worker whose start sends `started` and then runs until told otherwise; `patch` changes methods. */
function fakes(patch: (fake: Fake) => Partial<Async<WorkerApi>> = () => ({})) {
  const made: Fake[] = [];
  const connect = (): WorkerConnection => {
    const fake = { worker: new FakeWorker(), emit: () => {} } as unknown as Fake;
    const base: Partial<Async<WorkerApi>> = {
      init: vi.fn(async (c) => (c === "auto" ? "webgl" : c)),
      start: vi.fn((_req: TrainRequest, onEvent: (e: WorkerEvent) => void) => {
        fake.emit = onEvent;
        onEvent(STARTED);
        return never<void>();
      }),
      ping: vi.fn(async () => Date.now()),
      generate: vi.fn(() => never<string>()),
      pause: vi.fn(async () => {}),
    };
    fake.api = { ...base, ...patch(fake) } as Async<WorkerApi>;
    made.push(fake);
    return { worker: fake.worker, api: fake.api };
  };
  return { made, connect };
}

function collect() {
  const events: WorkerEvent[] = [];
  return { events, onEvent: (e: WorkerEvent) => void events.push(e) };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("a crashed worker", () => {
  it.each([
    [
      "error",
      Object.assign(new Event("error"), { message: "out of memory" }),
      "the training worker crashed (out of memory); start a new run",
    ],
    ["messageerror", new Event("messageerror"), CRASHED],
  ])(
    "an %s event fails the run, rejects pending calls and ends the worker; the next call spawns a fresh one",
    async (_name, event, message) => {
      const { made, connect } = fakes();
      const client = createTrainerClient({ connect });
      await client.init("wasm");
      const { events, onEvent } = collect();
      const running = client.start(REQUEST, onEvent);
      const generating = client.generate({ prompt: "", maxTokens: 5, temperature: 1, topK: 0 }, () => {});
      await vi.advanceTimersByTimeAsync(10);
      expect(events).toEqual([STARTED]);

      made[0].worker.dispatchEvent(event);
      await running;
      await expect(generating).rejects.toThrow(message);
      expect(events.at(-1)).toEqual({ type: "failed", message });
      expect(made[0].worker.terminated).toBe(true);

      // A new run: a fresh worker, with the backend choice made before.
      const second = collect();
      void client.start(REQUEST, second.onEvent);
      await vi.advanceTimersByTimeAsync(10);
      expect(made).toHaveLength(2);
      expect(made[1].api.init).toHaveBeenCalledWith("wasm");
      expect(second.events).toEqual([STARTED]);
      client.dispose();
    },
  );
});

describe("a hung worker", () => {
  it("a run whose worker stops answering pings fails after the hang timeout, stretched by the step time", async () => {
    const { made, connect } = fakes(() => ({ ping: vi.fn(() => never<number>()) }));
    const client = createTrainerClient({ connect, hangTimeoutMs: 10_000 });
    const { events, onEvent } = collect();
    const running = client.start(REQUEST, onEvent);
    await vi.advanceTimersByTimeAsync(10);
    made[0].emit({ type: "metrics", metrics: { ...METRICS, msPerStep: 1000 } });
    // Allowance: 10 s + 1 s/step × (2 + 4 evaluation batches) = 16 s of silence.
    await vi.advanceTimersByTimeAsync(15_000);
    expect(events.map((e) => e.type)).toEqual(["started", "metrics"]);
    await vi.advanceTimersByTimeAsync(3_000);
    await running;
    expect(events.at(-1)).toEqual({ type: "failed", message: HUNG });
    expect(made[0].worker.terminated).toBe(true);
    client.dispose();
  });

  it("before the first metrics a run gets the startup allowance (compiling, first step)", async () => {
    const { made, connect } = fakes(() => ({ ping: vi.fn(() => never<number>()) }));
    const client = createTrainerClient({ connect, hangTimeoutMs: 10_000, startupTimeoutMs: 90_000 });
    const { events, onEvent } = collect();
    void client.start(REQUEST, onEvent);
    await vi.advanceTimersByTimeAsync(80_000);
    expect(events).toEqual([STARTED]);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(events.at(-1)).toEqual({ type: "failed", message: HUNG });
    expect(made[0].worker.terminated).toBe(true);
    client.dispose();
  });

  it("a slow worker that answers pings is never taken as hung", async () => {
    const { made, connect } = fakes();
    const client = createTrainerClient({ connect, hangTimeoutMs: 10_000 });
    const { events, onEvent } = collect();
    void client.start(REQUEST, onEvent);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(events).toEqual([STARTED]);
    expect(made[0].worker.terminated).toBe(false);
    expect(made[0].api.ping).toHaveBeenCalled();
    client.dispose();
  });

  it("a call outside a run that never returns rejects after the call allowance", async () => {
    const { made, connect } = fakes(() => ({ ping: vi.fn(() => never<number>()) }));
    const client = createTrainerClient({ connect, callTimeoutMs: 30_000 });
    const generating = client.generate({ prompt: "", maxTokens: 5, temperature: 1, topK: 0 }, () => {});
    const check = expect(generating).rejects.toThrow(HUNG);
    await vi.advanceTimersByTimeAsync(35_000);
    await check;
    expect(made[0].worker.terminated).toBe(true);
    client.dispose();
  });
});

describe("the client", () => {
  it("does not spawn a worker to pause, resume or stop nothing", async () => {
    const { made, connect } = fakes();
    const client = createTrainerClient({ connect });
    await client.pause();
    await client.resume();
    await client.stop();
    expect(made).toHaveLength(0);
  });

  it("restart(choice) fails the active run and initialises the next worker with that choice", async () => {
    const { made, connect } = fakes();
    const client = createTrainerClient({ connect });
    await client.init("auto");
    expect(client.backend).toBe("webgl");
    const { events, onEvent } = collect();
    const running = client.start(REQUEST, onEvent);
    await vi.advanceTimersByTimeAsync(10);
    client.restart("cpu");
    await running;
    expect(events.at(-1)).toEqual({ type: "failed", message: RESTARTED });
    await client.ping();
    expect(made[1].api.init).toHaveBeenCalledWith("cpu");
    expect(client.backend).toBe("cpu");
    client.dispose();
  });

  it("start resolves only after the run's last event, which travels on another port", async () => {
    const { connect } = fakes(() => ({
      start: vi.fn(async (_req: TrainRequest, onEvent: (e: WorkerEvent) => void) => {
        onEvent(STARTED);
        setTimeout(() => onEvent({ type: "end", status: "done", step: 5 }), 500);
      }),
    }));
    const client = createTrainerClient({ connect });
    const { events, onEvent } = collect();
    let resolved = false;
    const running = client.start(REQUEST, onEvent).then(() => (resolved = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(resolved).toBe(false);
    await vi.advanceTimersByTimeAsync(500);
    await running;
    expect(events.map((e) => e.type)).toEqual(["started", "end"]);
    client.dispose();
  });

  it("tells subscribers when the backend changes, e.g. a run restarted on WASM", async () => {
    const { made, connect } = fakes();
    const client = createTrainerClient({ connect });
    const seen: (string | undefined)[] = [];
    const unsubscribe = client.subscribe(() => seen.push(client.backend));
    void client.start(REQUEST, () => {});
    await vi.advanceTimersByTimeAsync(10);
    made[0].emit({ type: "notice", message: "the WebGL context was lost at step 3: the run restarted from step 0 on wasm" });
    made[0].emit({ ...STARTED, info: { ...(STARTED as { info: object }).info, backend: "wasm" } } as WorkerEvent);
    unsubscribe();
    expect(seen).toEqual(["webgl", "wasm"]);
    client.dispose();
  });

  it("refuses calls after dispose", async () => {
    const { connect } = fakes();
    const client = createTrainerClient({ connect });
    client.dispose();
    await expect(client.ping()).rejects.toThrow("disposed");
  });
});
