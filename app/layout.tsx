import type { Metadata } from "next";
import type { ReactNode } from "react";
import "@xyflow/react/dist/style.css";
import "katex/dist/katex.min.css";
import "./globals.css";
import "@/components/documents/documents.css";
import "@/components/inspector/inspector.css";
import "@/components/dock/dock.css";
import "@/components/code/code.css";

export const metadata: Metadata = {
  title: "Tensorloom",
  description: "Design, train and understand neural networks visually.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
