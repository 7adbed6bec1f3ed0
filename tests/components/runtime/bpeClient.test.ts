/** The BPE worker client, over the real core in-process: a tokenizer back, cancel, a crash. */
import { describe, expect, test } from "vitest";
import { BPE_WORKER_CRASHED, createBpeClient } from "../../../components/runtime/bpeClient";
import type { BpeWorkerConnection } from "../../../components/runtime/bpeClient";
import { generateCorpus } from "../../../train/data";
import { createBpeWorkerCore } from "../../../train/tokenizers";

function fakeConnection() {
  const listeners: (() => void)[] = [];
  const state = { spawned: 0, terminated: 0 };
  const connect = (): BpeWorkerConnection => {
    state.spawned += 1;
    const core = createBpeWorkerCore();
    return {
      worker: {
        addEventListener: ((_type: string, fn: () => void) => void listeners.push(fn)) as unknown as Worker["addEventListener"],
        terminate: () => {
          state.terminated += 1;
          core.cancel(); // as a terminated worker would, it stops
        },
      },
      api: { train: core.train, cancel: async () => core.cancel() },
    };
  };
  return { connect, state, crash: () => listeners.splice(0).forEach((fn) => fn()) };
}

const text = generateCorpus({ seed: 4, minChars: 200_000 });

describe("createBpeClient", () => {
  test("train resolves to a working tokenizer, with progress, from one worker spawned on first use", async () => {
    const fake = fakeConnection();
    const client = createBpeClient(fake.connect);
    expect(fake.state.spawned).toBe(0);
    const merges: number[] = [];
    const tok = await client.train(text, { vocabSize: 600, preSplit: false }, (p) => merges.push(p.merges));
    expect(tok.vocabSize).toBe(600);
    expect(tok.decode(tok.encode("Once upon a time 🙂"))).toBe("Once upon a time 🙂");
    expect(merges.length).toBeGreaterThan(0);
    await client.train("abc abc", { vocabSize: 258, preSplit: true });
    expect(fake.state.spawned).toBe(1);
  });

  test("cancel rejects the training under way", async () => {
    const client = createBpeClient(fakeConnection().connect);
    const run = client.train(text, { vocabSize: 5000, preSplit: false }, (p) => {
      if (p.merges > 0) void client.cancel();
    });
    await expect(run).rejects.toThrow(/cancelled after \d+ merges/);
  });

  test("a crashed worker rejects with a message, and the next training spawns a fresh one", async () => {
    const fake = fakeConnection();
    const client = createBpeClient(fake.connect);
    const run = client.train(text, { vocabSize: 5000, preSplit: false }, () => fake.crash());
    await expect(run).rejects.toThrow(BPE_WORKER_CRASHED);
    expect(fake.state.terminated).toBe(1);
    const tok = await client.train("hello hello", { vocabSize: 260, preSplit: true });
    expect(tok.vocabSize).toBe(260);
    expect(fake.state.spawned).toBe(2);
  });
});
