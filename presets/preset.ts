/** The shape of a preset: a parameterised factory for a document with training defaults. */
import type { z } from "zod";
import type { GraphDocument } from "../graph";

export interface Preset<S extends z.ZodObject<any> = z.ZodObject<any>> {
  id: string;
  title: string;
  /** One line for the gallery. */
  summary: string;
  /** What the preset teaches, a short paragraph. */
  explanation: string;
  /** The factory's params with defaults and docs. */
  params: S;
  build(params: z.infer<S>): GraphDocument;
}

export function definePreset<S extends z.ZodObject<any>>(p: Preset<S>): Preset<S> {
  return p;
}
