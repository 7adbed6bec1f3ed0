/** The project as one .zip, its files in a folder; fflate is loaded only when a zip is made. */
import type { ProjectFile } from "./projectFiles";

/**
 * @example await zipProject("gpt", files) // a zip holding gpt/model.ts, gpt/package.json, gpt/README.md, …
 */
export async function zipProject(folder: string, files: ProjectFile[]): Promise<Uint8Array<ArrayBuffer>> {
  const { strToU8, zipSync } = await import("fflate");
  const entries = files.map((f) => [`${folder}/${f.name}`, typeof f.data === "string" ? strToU8(f.data) : f.data]);
  const bytes = zipSync(Object.fromEntries(entries), { level: 6 });
  return bytes as Uint8Array<ArrayBuffer>; // zipSync allocates a plain ArrayBuffer, never a shared one
}
