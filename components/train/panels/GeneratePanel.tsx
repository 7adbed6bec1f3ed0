"use client";
/**
 * Generate: sample text from the language model's current weights, streamed as it is drawn.
 * Works during training (the worker interleaves it with steps) and after.
 */
import { useId, useRef, useState } from "react";
import { useTrainContext } from "../context";
import type { RunRecord } from "../runStore";
import { NumberField } from "../../common/NumberField";

const DEFAULT_PROMPT = "Once upon a time";

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Characters of `text` the tokenizer does not know (they are dropped from the prompt). */
export function unknownChars(text: string, vocabulary: readonly string[] | undefined): string[] {
  if (!vocabulary) return [];
  const known = new Set(vocabulary);
  return [...new Set(Array.from(text))].filter((c) => !known.has(c));
}

export function GeneratePanel({ run }: { run: RunRecord }) {
  const { client } = useTrainContext();
  const promptId = useId();
  // A prompt the tokenizer knows: the corpus's usual opening, or nothing for other text.
  const [prompt, setPrompt] = useState(() => (unknownChars(DEFAULT_PROMPT, run.info?.vocabulary).length === 0 ? DEFAULT_PROMPT : ""));
  const [temperature, setTemperature] = useState(0.8);
  const [topK, setTopK] = useState(20);
  const [length, setLength] = useState(200);
  const [output, setOutput] = useState<{ prompt: string; text: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const outRef = useRef<HTMLPreElement>(null);
  const unknown = unknownChars(prompt, run.info?.vocabulary);

  const generate = async () => {
    setBusy(true);
    setError(undefined);
    setOutput({ prompt, text: "" });
    let streamed = false;
    try {
      const full = await client().generate({ prompt, maxTokens: length, temperature, topK }, (chunk) => {
        streamed = true;
        setOutput((o) => (o ? { ...o, text: o.text + chunk } : o));
        const el = outRef.current;
        if (el) requestAnimationFrame(() => (el.scrollTop = el.scrollHeight));
      });
      if (!streamed) setOutput({ prompt, text: full });
    } catch (err) {
      setError(`Generation failed: ${messageOf(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="tl-generate" data-testid="generate-panel">
      <div className="tl-generate-controls">
        <label className="tl-train-label" htmlFor={promptId}>
          Prompt
        </label>
        <textarea
          id={promptId}
          className="tl-train-textarea tl-generate-prompt"
          value={prompt}
          spellCheck={false}
          data-testid="generate-prompt"
          onChange={(e) => setPrompt(e.target.value)}
        />
        {unknown.length > 0 && (
          <p className="tl-setting-error">Not in the vocabulary, dropped: {unknown.map((c) => JSON.stringify(c)).join(" ")}</p>
        )}
        <div className="tl-generate-knobs">
          <NumberField
            className="tl-knob"
            inputClassName="tl-train-input"
            label="Temperature"
            title="0 always picks the likeliest character; higher is more random"
            value={temperature}
            min={0}
            max={2}
            step={0.1}
            onChange={setTemperature}
            testId="generate-temperature"
          />
          <NumberField
            className="tl-knob"
            inputClassName="tl-train-input"
            label="Top-k"
            title="Draw only among the k likeliest characters (0: all)"
            value={topK}
            min={0}
            max={1000}
            step={1}
            integer
            onChange={setTopK}
            testId="generate-topk"
          />
          <NumberField
            className="tl-knob"
            inputClassName="tl-train-input"
            label="Length"
            title="Characters to generate"
            value={length}
            min={1}
            max={2000}
            step={10}
            integer
            onChange={setLength}
            testId="generate-length"
          />
        </div>
        <button
          type="button"
          className="tl-button tl-button-primary"
          disabled={busy}
          onClick={() => void generate()}
          data-testid="generate-run"
        >
          {busy ? "Generating…" : "Generate"}
        </button>
      </div>
      <pre className="tl-generate-output" ref={outRef} data-testid="generate-output" aria-live="polite" aria-busy={busy}>
        {error ? (
          <span className="tl-setting-error">{error}</span>
        ) : output ? (
          <>
            <span className="tl-generate-given">{output.prompt}</span>
            {output.text}
            {busy && <span className="tl-caret" aria-hidden />}
          </>
        ) : (
          <span className="tl-muted">
            Sampled text appears here, one character at a time, from the weights of {run.graphName} #{run.number} as they are now
            {run.status === "running" ? " (training goes on)" : ""}.
          </span>
        )}
      </pre>
    </div>
  );
}
