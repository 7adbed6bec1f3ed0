// Monaco's css worker, bundled from the local package (never a CDN); see MonacoView.tsx.
import "monaco-editor/language/css/css.worker";
