// Monaco's html worker, bundled from the local package (never a CDN); see MonacoView.tsx.
import "monaco-editor/language/html/html.worker";
