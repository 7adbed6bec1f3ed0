"use client";
/**
 * The Train tab: the page's training client plugged into the tab's view. It stays mounted
 * while other dock tabs are shown (`visible` false renders nothing), so a run goes on and keeps
 * its history when the user looks at Cost or Problems.
 */
import "uplot/dist/uPlot.min.css";
import "./train.css";
import "./runs.css";
import { useTrainerBackend, useTrainerClient } from "@/components/runtime/client";
import { TrainSession } from "./TrainSession";

export function TrainTab({ visible = true }: { visible?: boolean }) {
  const client = useTrainerClient();
  const backend = useTrainerBackend(client);
  return <TrainSession client={client} visible={visible} backend={backend} />;
}
