"use client";
/**
 * The Code tab: the document as a standalone TypeScript program (what `export` writes), shown
 * read-only in Monaco and kept up to date as the graph changes (also while another tab is in
 * front, so it is never stale when shown), with Copy, Download model.ts, the project as a .zip
 * (with the trained weights when a run of this graph has them) and the trained weights alone. A
 * graph with errors shows why instead of code.
 */
import dynamic from "next/dynamic";
import { useEffect, useMemo, useState } from "react";
import { useStore } from "zustand";
import type { GraphDocument } from "@/graph";
import { useEditor, useEditorStore } from "../editor/context";
import { useStructure } from "../editor/useAnalysis";
import { pageTrainSession } from "../train/context";
import type { TrainContextValue } from "../train/context";
import { modelRun } from "../train/runStore";
import { modelFingerprint } from "../train/staleness";
import { downloadWeights, saveFile, weightsFiles } from "../train/weightsFiles";
import type { WeightsFiles } from "../train/weightsFiles";
import { exportSource, lineCount } from "./exportSource";
import { projectFiles, projectFolder } from "./projectFiles";
import { NO_RUN_YET, weightsAvailability } from "./weightsAvailability";
import { zipProject } from "./zip";

const MonacoView = dynamic(() => import("./MonacoView"), {
  ssr: false,
  loading: () => <p className="tl-muted tl-pad">Loading the editor…</p>,
});

/** Regenerating on every keystroke of a param field is wasted work: wait for a pause. */
const DEBOUNCE_MS = 250;
const FLASH_MS = 4000;

interface Flash {
  kind: "info" | "error";
  text: string;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** `value`, once it has stopped changing for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

export function CodePanel() {
  const store = useEditorStore();
  const theme = useEditor((s) => s.theme);
  const showTab = useEditor((s) => s.setDockTab);
  // Positions are not in the code: moving blocks regenerates nothing.
  const liveDoc = useStructure(useEditor((s) => s.doc));
  const doc = useSettled(liveDoc, DEBOUNCE_MS);
  const source = useMemo(() => exportSource(doc), [doc]);
  // The last good code stays in the (hidden) editor while the graph has errors, so fixing
  // them does not restart Monaco or lose the scroll position.
  const [lastCode, setLastCode] = useState<string | undefined>(undefined);
  const code = source.ok ? source.code : lastCode;
  useEffect(() => {
    if (source.ok) setLastCode(source.code);
  }, [source]);

  const [flash, setFlash] = useState<Flash | undefined>(undefined);
  useEffect(() => {
    if (!flash) return;
    const t = setTimeout(() => setFlash(undefined), FLASH_MS);
    return () => clearTimeout(t);
  }, [flash]);

  /** Runs an action on the code of the document as it is now (not as last shown). */
  const act = async (failure: string, what: (code: string, doc: GraphDocument) => Promise<string> | string) => {
    const now = store.getState().doc;
    const fresh = exportSource(now);
    if (!fresh.ok) return setFlash({ kind: "error", text: `${failure}: ${fresh.message}` });
    try {
      setFlash({ kind: "info", text: await what(fresh.code, now) });
    } catch (err) {
      setFlash({ kind: "error", text: `${failure}: ${messageOf(err)}` });
    }
  };

  const copy = () =>
    act("Copying failed", async (text) => {
      if (!navigator.clipboard) throw new Error("this browser gives the page no clipboard");
      await navigator.clipboard.writeText(text);
      return `Copied model.ts (${lineCount(text).toLocaleString("en-US")} lines)`;
    });
  const download = () =>
    act("Download failed", (text) => {
      saveFile("model.ts", text, "text/typescript");
      return "Downloaded model.ts";
    });
  const downloadZip = () =>
    act("Zip failed", async (text, now) => {
      const folder = projectFolder(now.name);
      const weights = await trainedWeights(now);
      saveFile(`${folder}.zip`, await zipProject(folder, projectFiles(now.name, text, weights)), "application/zip");
      return `Downloaded ${folder}.zip (model.ts, package.json, README.md${weights ? " and the trained weights" : ""})`;
    });

  const blocked = source.ok ? undefined : "Fix the graph's errors to export it";
  return (
    <section className="tl-code" data-testid="code-tab" aria-label="Code">
      <div className="tl-code-bar">
        <span className="tl-code-file">model.ts</span>
        <span className="tl-code-status" data-testid="code-status" role="status">
          {flash ? (
            <span className={flash.kind === "error" ? "tl-code-flash-error" : undefined}>{flash.text}</span>
          ) : source.ok ? (
            `${lineCount(source.code).toLocaleString("en-US")} lines · TypeScript · depends only on @tensorflow/tfjs`
          ) : (
            "none while the graph has errors"
          )}
        </span>
        <div className="tl-code-actions">
          <button
            type="button"
            className="tl-button tl-button-small"
            disabled={!source.ok}
            title={blocked ?? "Copy model.ts to the clipboard"}
            onClick={() => void copy()}
            data-testid="code-copy"
          >
            Copy
          </button>
          <button
            type="button"
            className="tl-button tl-button-small"
            disabled={!source.ok}
            title={blocked ?? "Download model.ts: the same file `export` writes"}
            onClick={() => void download()}
            data-testid="code-download"
          >
            Download model.ts
          </button>
          <button
            type="button"
            className="tl-button tl-button-small"
            disabled={!source.ok}
            title={
              blocked ??
              "Download a project: model.ts, package.json, a README (npm install && npx tsx model.ts) and the trained weights when the Weights button has them"
            }
            onClick={() => void downloadZip()}
            data-testid="code-zip"
          >
            Project .zip
          </button>
          <WeightsButton doc={liveDoc} blocked={blocked} onDone={setFlash} />
        </div>
      </div>
      {!source.ok && (
        <div className="tl-code-error" role="alert" data-testid="code-error">
          <strong>No code for this graph.</strong> {capitalise(source.message)}. See{" "}
          <button type="button" className="tl-link" onClick={() => showTab("problems")} data-testid="code-problems">
            Problems
          </button>
          .
        </div>
      )}
      {code !== undefined && (
        <div className="tl-code-editor" hidden={!source.ok} data-testid="code-editor">
          <MonacoView value={code} theme={theme} />
        </div>
      )}
    </section>
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The files of the weights the Weights button would download for `doc` (named after it, like the
 * project), or undefined when it has none to give: no run, or none of this very graph.
 */
async function trainedWeights(doc: GraphDocument): Promise<WeightsFiles | undefined> {
  const session = pageTrainSession.getState().session;
  const run = session && modelRun(session.store.getState());
  if (!session || !weightsAvailability(run, modelFingerprint(doc)).ok) return undefined;
  return weightsFiles(session.client(), doc.name);
}

interface WeightsButtonProps {
  /** The document as it is now (not as last shown): the weights must fit it. */
  doc: GraphDocument;
  /** Why nothing can be exported, when the graph has errors. */
  blocked: string | undefined;
  onDone(flash: Flash): void;
}

/** The trained weights, when the Train tab has a run of this very graph. */
function WeightsButton(props: WeightsButtonProps) {
  const session = useStore(pageTrainSession, (s) => s.session);
  if (!session) return <WeightsButtonView title={props.blocked ?? NO_RUN_YET} />;
  return <SessionWeightsButton {...props} session={session} />;
}

function SessionWeightsButton({ session, doc, blocked, onDone }: WeightsButtonProps & { session: TrainContextValue }) {
  const run = useStore(session.store, modelRun);
  const fingerprint = useMemo(() => modelFingerprint(doc), [doc]);
  const available = weightsAvailability(run, fingerprint);
  const [busy, setBusy] = useState(false);
  const click = async () => {
    if (!run) return;
    setBusy(true);
    try {
      onDone({ kind: "info", text: await downloadWeights(session.client(), run.graphName) });
    } catch (err) {
      onDone({ kind: "error", text: `Weights download failed: ${messageOf(err)}` });
    } finally {
      setBusy(false);
    }
  };
  return <WeightsButtonView title={blocked ?? available.title} enabled={!blocked && available.ok && !busy} onClick={() => void click()} />;
}

function WeightsButtonView({ title, enabled = false, onClick }: { title: string; enabled?: boolean; onClick?: () => void }) {
  return (
    <button
      type="button"
      className="tl-button tl-button-small"
      disabled={!enabled}
      title={title}
      onClick={onClick}
      data-testid="code-weights"
    >
      Weights
    </button>
  );
}
