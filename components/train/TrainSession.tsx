"use client";
/**
 * Owns the Train tab's state for the life of the page: the run store, the keeper that stores
 * runs in IndexedDB, and the controller that talks to the worker. The view inside comes and
 * goes with the dock tab; the runs stay. It follows the editor's document: opening another
 * document shows that document's runs only.
 */
import { useEffect, useRef, useState } from "react";
import { useStore } from "zustand";
import { useEditor } from "../editor/context";
import { pageTrainSession, TrainContext } from "./context";
import type { TrainContextValue } from "./context";
import { createTrainController } from "./controller";
import { createRunKeeper } from "./runKeeper";
import { createRunsDb } from "./runsDb";
import { activeRun, createRunStore, liveRun } from "./runStore";
import { createSetupStore } from "./setupStore";
import { TrainView } from "./TrainView";
import type { BackendName, TrainerPort } from "./types";

interface Props {
  client: TrainerPort;
  visible: boolean;
  /** The backend the client reports (it changes after a fallback, even between runs). */
  backend?: BackendName;
}

/** The browser's storage estimate, where it has one (quota checks before a checkpoint). */
function storageEstimate(): (() => Promise<{ usage?: number; quota?: number }>) | undefined {
  if (typeof navigator === "undefined" || !navigator.storage?.estimate) return undefined;
  return () => navigator.storage.estimate();
}

export function TrainSession({ client, visible, backend }: Props) {
  const clientRef = useRef(client);
  useEffect(() => {
    clientRef.current = client;
  }, [client]);
  const docId = useEditor((s) => s.docId);
  const [value] = useState<TrainContextValue>(() => {
    const store = createRunStore();
    const current = () => clientRef.current;
    const keeper = createRunKeeper({ store, db: createRunsDb({ estimate: storageEstimate() }), client: current });
    return {
      store,
      client: current,
      keeper,
      controller: createTrainController({ client: current, store, keeper }),
      setup: createSetupStore(),
    };
  });
  useEffect(() => () => value.controller.dispose(), [value]);
  useEffect(() => {
    pageTrainSession.setState({ session: value });
    return () => {
      if (pageTrainSession.getState().session === value) pageTrainSession.setState({ session: undefined });
    };
  }, [value]);
  useEffect(() => {
    if (backend) value.store.setState({ backend });
  }, [backend, value]);

  // The document's runs, read from storage the first time it is opened on this page.
  useEffect(() => {
    void value.keeper.open(docId);
  }, [docId, value]);

  // A run still training asks before the page goes; its curves are written as it goes.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      const live = liveRun(value.store.getState());
      if (!live) return;
      void value.keeper.save(live.id);
      e.preventDefault();
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [value]);

  // The first time the tab is shown, start the worker's backend so the badge names the real one.
  const initialised = useRef(false);
  useEffect(() => {
    if (!visible || initialised.current) return;
    initialised.current = true;
    void value.controller.init(value.store.getState().backendChoice);
  }, [visible, value]);

  // A stored run picked while the tab is shown gets its weights back in the worker, once.
  const active = useStore(value.store, activeRun);
  const modelRunId = useStore(value.store, (s) => s.modelRunId);
  const tried = useRef(new Set<string>());
  useEffect(() => {
    if (!visible || !active?.checkpoint || modelRunId === active.id || tried.current.has(active.id)) return;
    if (liveRun(value.store.getState())) return;
    tried.current.add(active.id);
    void value.controller.loadRun(active.id);
  }, [visible, active, modelRunId, value]);

  return <TrainContext.Provider value={value}>{visible && <TrainView />}</TrainContext.Provider>;
}
