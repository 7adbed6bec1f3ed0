"use client";
/**
 * Owns the Train tab's state for the life of the page: the run store and the controller that
 * talks to the worker. The view inside comes and goes with the dock tab; the runs stay.
 */
import { useEffect, useRef, useState } from "react";
import { pageTrainSession, TrainContext } from "./context";
import type { TrainContextValue } from "./context";
import { createTrainController } from "./controller";
import { createRunStore } from "./runStore";
import { createSetupStore } from "./setupStore";
import { TrainView } from "./TrainView";
import type { BackendName, TrainerPort } from "./types";

interface Props {
  client: TrainerPort;
  visible: boolean;
  /** The backend the client reports (it changes after a fallback, even between runs). */
  backend?: BackendName;
}

export function TrainSession({ client, visible, backend }: Props) {
  const clientRef = useRef(client);
  useEffect(() => {
    clientRef.current = client;
  }, [client]);
  const [value] = useState<TrainContextValue>(() => {
    const store = createRunStore();
    const current = () => clientRef.current;
    return { store, client: current, controller: createTrainController({ client: current, store }), setup: createSetupStore() };
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

  // The first time the tab is shown, start the worker's backend so the badge names the real one.
  const initialised = useRef(false);
  useEffect(() => {
    if (!visible || initialised.current) return;
    initialised.current = true;
    void value.controller.init(value.store.getState().backendChoice);
  }, [visible, value]);

  return <TrainContext.Provider value={value}>{visible && <TrainView />}</TrainContext.Provider>;
}
