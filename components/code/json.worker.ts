// Monaco's json worker, bundled from the local package (never a CDN); see MonacoView.tsx.
import "monaco-editor/language/json/json.worker";
