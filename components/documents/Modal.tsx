"use client";
/** A small modal: backdrop, title, Escape or a backdrop click closes it, focus returns after. */
import { useEffect, useId, useRef } from "react";
import type { ReactNode } from "react";

export interface ModalProps {
  title: string;
  onClose(): void;
  testId: string;
  children: ReactNode;
  /** Extra class on the dialog box, e.g. `tl-modal-wide`. */
  className?: string;
}

export function Modal({ title, onClose, testId, children, className }: ModalProps) {
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    box.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      e.stopPropagation();
      close.current();
    };
    window.addEventListener("keydown", onKey, true);
    return () => {
      window.removeEventListener("keydown", onKey, true);
      before?.focus();
    };
  }, []);

  return (
    // Keys stay in the modal: the editor's shortcuts (undo, select all, …) must not act behind it.
    <div
      className="tl-modal-backdrop"
      onMouseDown={(e) => e.target === e.currentTarget && onClose()}
      onKeyDown={(e) => e.stopPropagation()}
    >
      <div
        ref={box}
        className={`tl-modal ${className ?? ""}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        data-testid={testId}
      >
        <header className="tl-modal-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="tl-modal-close" onClick={onClose} aria-label="Close" data-testid="modal-close">
            ×
          </button>
        </header>
        <div className="tl-modal-body">{children}</div>
      </div>
    </div>
  );
}
