/** The layering of DESIGN.md is enforced by ESLint: prove the rules bite. */
import { ESLint } from "eslint";
import { describe, expect, test } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports").length;
}

describe("layering", () => {
  test.each([
    ["graph/x.ts", 'import React from "react";'],
    ["graph/x.ts", 'import * as tf from "@tensorflow/tfjs";'],
    ["graph/x.ts", 'import { create } from "zustand";'],
    ["graph/x.ts", 'import { compile } from "../compiler";'],
    ["graph/blocks/x.ts", 'import { compile } from "@/compiler";'],
    ["compiler/x.ts", 'import { useState } from "react";'],
    ["compiler/x.ts", 'import { train } from "../train";'],
    ["train/x.ts", 'import { createRoot } from "react-dom/client";'],
    ["presets/x.ts", 'import * as tf from "@tensorflow/tfjs";'],
    ["cli/x.ts", 'import { Canvas } from "../components/Canvas";'],
  ])("%s may not %s", async (file, code) => {
    expect(await restrictedImports(file, `${code}\nexport const used = 1;\n`)).toBe(1);
  });

  test.each([
    ["compiler/x.ts", 'import { analyse } from "../graph";'],
    ["train/x.ts", 'import { compile } from "../compiler";'],
    ["cli/x.ts", 'import { compile } from "../compiler";'],
    ["components/x.tsx", 'import { analyse } from "@/graph";'],
  ])("%s may %s", async (file, code) => {
    expect(await restrictedImports(file, `${code}\nexport const used = 1;\n`)).toBe(0);
  });
});
