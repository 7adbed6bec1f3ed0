// Monaco's editor worker, bundled from the local package (never a CDN); see MonacoView.tsx.
import "monaco-editor/editor/editor.worker";
