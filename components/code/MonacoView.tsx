"use client";
/**
 * A read-only Monaco editor showing TypeScript, bundled from the local `monaco-editor` package:
 * no CDN, no network. Loaded only through `next/dynamic` when the Code tab first opens, so
 * Monaco stays out of the page's initial JavaScript.
 *
 * New text is applied as one minimal edit, so the view keeps its scroll position and folds.
 */
import Editor, { loader } from "@monaco-editor/react";
import type { OnMount } from "@monaco-editor/react";
import * as monaco from "monaco-editor";
import { useEffect, useRef } from "react";
import { replacement } from "./textEdit";

// Without these, Monaco 0.57 fails to load its workers ("editorWebWorkerMain"); every label
// needs a real worker (returning undefined breaks). The `new URL(…)` literals let the bundler
// emit each worker as its own file.
self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    if (label === "typescript" || label === "javascript") return new Worker(new URL("./ts.worker.ts", import.meta.url), { type: "module" });
    if (label === "json") return new Worker(new URL("./json.worker.ts", import.meta.url), { type: "module" });
    if (label === "css" || label === "scss" || label === "less")
      return new Worker(new URL("./css.worker.ts", import.meta.url), { type: "module" });
    if (label === "html" || label === "handlebars" || label === "razor")
      return new Worker(new URL("./html.worker.ts", import.meta.url), { type: "module" });
    return new Worker(new URL("./editor.worker.ts", import.meta.url), { type: "module" });
  },
};
loader.config({ monaco });
// The generated program imports @tensorflow/tfjs, which the editor cannot see: semantic checks
// would underline every tf call. Syntax errors would be a generator bug, so those still show.
monaco.typescript.typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: true, noSyntaxValidation: false });

// Monaco's own themes on the app's panel colours (globals.css --panel), so the editor reads as
// part of the dock rather than a box of another grey.
monaco.editor.defineTheme("tensorloom-light", { base: "vs", inherit: true, rules: [], colors: { "editor.background": "#ffffff" } });
monaco.editor.defineTheme("tensorloom-dark", {
  base: "vs-dark",
  inherit: true,
  rules: [],
  colors: { "editor.background": "#1a1e26", "editorGutter.background": "#1a1e26" },
});

const OPTIONS: monaco.editor.IStandaloneEditorConstructionOptions = {
  readOnly: true,
  // A <textarea> takes the keys, not Chromium's EditContext on a <div>: the page's shortcuts
  // leave text fields alone, so Ctrl+C copies code rather than the selected blocks.
  editContext: false,
  readOnlyMessage: { value: "Generated from the graph: change the graph to change the code." },
  minimap: { enabled: false },
  stickyScroll: { enabled: false },
  scrollBeyondLastLine: false,
  automaticLayout: true,
  fontSize: 12,
  lineHeight: 18,
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  tabSize: 2,
  renderLineHighlight: "none",
  padding: { top: 4, bottom: 4 },
};

export interface MonacoViewProps {
  value: string;
  theme: "light" | "dark";
}

export default function MonacoView({ value, theme }: MonacoViewProps) {
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | undefined>(undefined);
  const valueRef = useRef(value);
  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
    // The text may have changed while Monaco started.
    applyText(editor, valueRef.current);
  };
  useEffect(() => {
    valueRef.current = value;
    if (editorRef.current) applyText(editorRef.current, value);
  }, [value]);

  return (
    <Editor
      defaultValue={value}
      defaultLanguage="typescript"
      theme={theme === "dark" ? "tensorloom-dark" : "tensorloom-light"}
      options={OPTIONS}
      onMount={onMount}
      loading={<p className="tl-muted tl-pad">Starting the editor…</p>}
    />
  );
}

function applyText(editor: monaco.editor.IStandaloneCodeEditor, text: string): void {
  const model = editor.getModel();
  if (!model) return;
  const edit = replacement(model.getValue(), text);
  if (!edit) return;
  const range = monaco.Range.fromPositions(model.getPositionAt(edit.start), model.getPositionAt(edit.end));
  // The model, not the editor: a read-only editor refuses executeEdits.
  model.applyEdits([{ range, text: edit.text }]);
}
