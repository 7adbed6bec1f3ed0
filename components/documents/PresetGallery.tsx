"use client";
/**
 * The preset gallery: every preset with its summary, parameter count and a thumbnail.
 * Opening one replaces the document as one undo step, after a confirmation when the current
 * document has changes that were not downloaded.
 */
import { useMemo, useState } from "react";
import type { GraphDocument } from "@/graph";
import { useEditorStore } from "../editor/context";
import { layoutDocument } from "../layout/autoLayout";
import { GraphThumbnail } from "./GraphThumbnail";
import { Modal } from "./Modal";
import { confirmReplace, replaceDocument } from "./openDocument";
import { formatParamCount, presetCards } from "./presetCards";
import type { PresetCard } from "./presetCards";

export function PresetGallery({ onClose }: { onClose(): void }) {
  const store = useEditorStore();
  const cards = useMemo(presetCards, []);
  const [opening, setOpening] = useState<string | undefined>(undefined);

  const open = async (card: PresetCard) => {
    if (opening || !confirmReplace(store, `Open the ${card.title} preset`)) return;
    setOpening(card.id);
    // Presets are built in one row; lay them out like the starting document.
    const graph: GraphDocument = await layoutDocument(card.graph).catch(() => card.graph);
    replaceDocument(store, graph, `Opened the ${card.title} preset`);
    onClose();
  };

  return (
    <Modal title="Presets" onClose={onClose} testId="preset-gallery" className="tl-modal-wide">
      <p className="tl-gallery-lead">
        Each preset is a step on the path MLP → LSTM → TCN → Transformer → GPT. Open one to replace the current document (Undo brings it
        back).
      </p>
      <ul className="tl-gallery">
        {cards.map((card) => (
          <li key={card.id}>
            <button
              type="button"
              className="tl-preset-card"
              onClick={() => void open(card)}
              disabled={opening !== undefined}
              aria-busy={opening === card.id}
              data-testid={`preset-${card.id}`}
            >
              <GraphThumbnail graph={card.graph} />
              <span className="tl-preset-head">
                <strong className="tl-preset-title">{card.title}</strong>
                <span className="tl-preset-params" title={`${card.params.toLocaleString("en-US")} trainable parameters`}>
                  {formatParamCount(card.params)} params
                </span>
              </span>
              <span className="tl-preset-summary">{opening === card.id ? "Opening…" : card.summary}</span>
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
