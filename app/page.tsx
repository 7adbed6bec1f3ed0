import { blockList } from "@/graph";

export default function Home() {
  return (
    <main style={{ padding: 32, maxWidth: 880, margin: "0 auto" }}>
      <h1 data-testid="app-title">Tensorloom</h1>
      <p>Design, train and understand neural networks visually. The editor is coming; these are the blocks it knows.</p>
      <ul data-testid="block-list">
        {blockList.map((b) => (
          <li key={b.type}>
            <strong>{b.label}</strong> <span style={{ color: "var(--muted)" }}>({b.category}) — {b.description}</span>
          </li>
        ))}
      </ul>
    </main>
  );
}
