import { describe, expect, it } from "vitest";
import { getBlock } from "@/graph";
import {
  allowedText,
  checkParam,
  describeFields,
  formatFieldValue,
  humanize,
  parseFieldInput,
  rangeText,
  stepOf,
} from "@/components/inspector/fields";
import type { FieldSpec } from "@/components/inspector/fields";

const fieldsOf = (type: string) => describeFields(getBlock(type)!.params);
const field = (type: string, key: string): FieldSpec => {
  const f = fieldsOf(type).find((x) => x.key === key);
  if (!f) throw new Error(`${type} has no field ${key}`);
  return f;
};

describe("describeFields", () => {
  it("describes Linear: an integer with its range, a switch, a text id and an enum", () => {
    expect(fieldsOf("Linear")).toEqual([
      { key: "units", kind: "integer", min: 1, max: 1_000_000, default: 64, doc: "Output features C_out" },
      { key: "bias", kind: "boolean", default: true, doc: "Add a learned bias b" },
      { key: "tieTo", kind: "string", default: "", maxLength: 128, doc: expect.stringContaining("weight tying") },
      { key: "init", kind: "enum", default: "glorot", options: ["glorot", "normal02", "residual"], doc: expect.stringContaining("Glorot") },
    ]);
  });

  it("describes MultiHeadAttention: heads as an integer, dropout as a number in [0, 0.95], five switches", () => {
    const fs = fieldsOf("MultiHeadAttention");
    expect(fs.map((f) => f.key)).toEqual(["heads", "causal", "rope", "dropout", "bias", "cross", "residualInit"]);
    expect(fs.find((f) => f.key === "heads")).toMatchObject({ kind: "integer", min: 1, max: 1024, default: 4 });
    expect(fs.find((f) => f.key === "dropout")).toMatchObject({ kind: "number", min: 0, max: 0.95, default: 0 });
    expect(fs.filter((f) => f.kind === "boolean").map((f) => f.key)).toEqual(["causal", "rope", "bias", "cross", "residualInit"]);
  });

  it("describes Reshape's shape as a list of integers with entry and length limits", () => {
    expect(fieldsOf("Reshape")).toEqual([
      {
        key: "shape",
        kind: "numberList",
        integerItems: true,
        min: -1,
        max: 1_000_000,
        minItems: 1,
        maxItems: 6,
        default: [-1],
        doc: "Target shape after the batch axis; −1 once to infer",
      },
    ]);
  });

  it("describes Activation's function as an enum of six", () => {
    expect(fieldsOf("Activation")).toEqual([
      { key: "fn", kind: "enum", default: "relu", options: ["relu", "gelu", "tanh", "sigmoid", "silu", "softmax"], doc: "The function" },
    ]);
  });

  it("describes Input: its kind, three sizes and the length symbol", () => {
    const fs = fieldsOf("Input");
    expect(fs.map((f) => [f.key, f.kind])).toEqual([
      ["kind", "enum"],
      ["features", "integer"],
      ["seqLen", "integer"],
      ["vocabSize", "integer"],
      ["lengthName", "enum"],
    ]);
    expect(fs.find((f) => f.key === "seqLen")).toMatchObject({
      min: 1,
      max: 65_536,
      default: 64,
      doc: "Sequence length T (tokens and sequence)",
    });
    expect(fs.find((f) => f.key === "lengthName")?.options).toEqual(["T", "S"]);
  });

  it("leaves the default out of a required field (a Group's body id) and finds float ranges (LayerNorm's eps)", () => {
    expect(field("Group", "group")).toEqual({ key: "group", kind: "string", maxLength: 128, doc: "Id of the group body" });
    expect(field("LayerNorm", "eps")).toMatchObject({ kind: "number", min: 1e-12, max: 0.1, default: 1e-5 });
  });

  it("describes every registered block without throwing, and every field has a doc", () => {
    for (const type of ["Dropout", "Concat", "Embedding", "LSTM", "RoPE", "RMSNorm", "SplitHeads", "GroupInput", "Output"]) {
      for (const f of fieldsOf(type)) expect(f.doc, `${type}.${f.key}`).toBeTruthy();
    }
    expect(fieldsOf("Flatten")).toEqual([]);
  });
});

describe("labels, ranges and steps", () => {
  it("turns keys into labels", () => {
    expect(humanize("units")).toBe("Units");
    expect(humanize("returnSequences")).toBe("Return sequences");
    expect(humanize("tieTo")).toBe("Tie to");
    expect(humanize("residualInit")).toBe("Residual init");
    expect(humanize("rope")).toBe("RoPE");
  });

  it("names ranges in plain words", () => {
    expect(rangeText(field("Linear", "units"))).toBe("1 – 1,000,000");
    expect(rangeText(field("Dropout", "rate"))).toBe("0 – 0.95");
    expect(rangeText(field("LayerNorm", "eps"))).toBe("1e-12 – 0.1");
    expect(rangeText(field("Linear", "bias"))).toBeUndefined();
    expect(allowedText(field("Linear", "units"))).toBe("an integer from 1 to 1,000,000");
    expect(allowedText(field("Reshape", "shape"))).toBe("1 to 6 integers from -1 to 1,000,000, separated by commas");
  });

  it("steps integers by 1, rates by 0.05, anything else freely", () => {
    expect(stepOf(field("Linear", "units"))).toBe(1);
    expect(stepOf(field("Dropout", "rate"))).toBe(0.05);
    expect(stepOf(field("LayerNorm", "eps"))).toBe("any");
  });
});

describe("parseFieldInput", () => {
  it("reads numbers and refuses text that is not one", () => {
    const units = field("Linear", "units");
    expect(parseFieldInput(units, " 128 ")).toEqual({ ok: true, value: 128 });
    expect(parseFieldInput(field("LayerNorm", "eps"), "1e-6")).toEqual({ ok: true, value: 1e-6 });
    expect(parseFieldInput(units, "")).toEqual({ ok: false, message: "Enter an integer from 1 to 1,000,000" });
    expect(parseFieldInput(units, "12abc")).toMatchObject({ ok: false });
  });

  it("reads Reshape's comma-separated shape", () => {
    const shape = field("Reshape", "shape");
    expect(parseFieldInput(shape, "4, 32")).toEqual({ ok: true, value: [4, 32] });
    expect(parseFieldInput(shape, "-1")).toEqual({ ok: true, value: [-1] });
    expect(parseFieldInput(shape, "4,,32")).toEqual({
      ok: false,
      message: "An entry is empty: enter 1 to 6 integers from -1 to 1,000,000, separated by commas",
    });
    expect(parseFieldInput(shape, "4, x")).toMatchObject({ ok: false, message: expect.stringContaining('"x" is not a number') });
  });

  it("shows stored values as the user would type them", () => {
    expect(formatFieldValue(field("Reshape", "shape"), [4, 32])).toBe("4, 32");
    expect(formatFieldValue(field("Linear", "units"), 64)).toBe("64");
    expect(formatFieldValue(field("Linear", "tieTo"), undefined)).toBe("");
  });
});

describe("checkParam", () => {
  const linear = getBlock("Linear")!.params;
  const params = { units: 64, bias: true, tieTo: "", init: "glorot" };

  it("accepts a value in range and names the range of one outside it", () => {
    expect(checkParam(linear, params, field("Linear", "units"), 128)).toBeUndefined();
    expect(checkParam(linear, params, field("Linear", "units"), 0)).toBe("Must be an integer from 1 to 1,000,000");
    expect(checkParam(linear, params, field("Linear", "units"), 2.5)).toBe("Must be an integer from 1 to 1,000,000");
  });

  it("checks list entries and length, floats, enums and strings", () => {
    const reshape = getBlock("Reshape")!.params;
    const shape = field("Reshape", "shape");
    expect(checkParam(reshape, { shape: [-1] }, shape, [4, 32])).toBeUndefined();
    expect(checkParam(reshape, { shape: [-1] }, shape, [-2])).toBe("Must be 1 to 6 integers from -1 to 1,000,000, separated by commas");
    expect(checkParam(reshape, { shape: [-1] }, shape, [1, 2, 3, 4, 5, 6, 7])).toMatch(/^Must be 1 to 6/);
    expect(checkParam(getBlock("Dropout")!.params, { rate: 0.1 }, field("Dropout", "rate"), 0.99)).toBe("Must be a number from 0 to 0.95");
    expect(checkParam(linear, params, field("Linear", "init"), "he")).toBe("Must be one of glorot, normal02, residual");
    const name = field("GroupInput", "name");
    expect(checkParam(getBlock("GroupInput")!.params, { name: "x" }, name, "")).toBe("Must not be empty");
    expect(checkParam(getBlock("GroupInput")!.params, { name: "x" }, name, "2x")).toBe(
      "A port name is a letter or _ followed by letters, digits or _",
    );
  });
});
