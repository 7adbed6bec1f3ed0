"use client";
/** The Train tab's run store, controller and client, handed to its panels through context. */
import { createContext, useContext } from "react";
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";
import type { TrainController } from "./controller";
import type { RunKeeper } from "./runKeeper";
import type { RunStore, TrainState } from "./runStore";
import type { SetupStore } from "./setupStore";
import type { TrainerPort } from "./types";

export interface TrainContextValue {
  store: RunStore;
  controller: TrainController;
  /** Big data files and invalid fields of the Setup form (see setupStore.ts). */
  setup: SetupStore;
  /** The runs kept in this browser: usage, deletion, dropping weights. */
  keeper: RunKeeper;
  /** The current client (it may change after a restart). */
  client(): TrainerPort;
}

export const TrainContext = createContext<TrainContextValue | undefined>(undefined);

/**
 * The page's train session while its TrainSession is mounted, for other dock tabs that act on
 * its runs (the Code tab downloads the trained weights). Like the page's one training client,
 * there is one per page.
 */
export const pageTrainSession = createStore<{ session: TrainContextValue | undefined }>()(() => ({ session: undefined }));

export function useTrainContext(): TrainContextValue {
  const value = useContext(TrainContext);
  if (!value) throw new Error("useTrain must be used inside <TrainContext.Provider>");
  return value;
}

export function useTrain<T>(selector: (s: TrainState) => T): T {
  return useStore(useTrainContext().store, selector);
}
