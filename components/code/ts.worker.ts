// Monaco's ts worker, bundled from the local package (never a CDN); see MonacoView.tsx.
import "monaco-editor/language/typescript/ts.worker";
