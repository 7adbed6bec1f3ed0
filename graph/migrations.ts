/**
 * Document migrations: an append-only list of named steps, each taking a document of version
 * `from` to version `to = from + 1`. `parseGraph` reads a document's version first and runs
 * every step from that version on, then validates the result against the current schema.
 *
 * How to add a migration (when the document shape changes):
 *  1. Bump `GRAPH_VERSION` in `graph/document.ts` and change the zod schema there.
 *  2. Append (never insert, reorder, edit or delete) an entry below, e.g.
 *       { name: "v1-to-v2-rename-units", from: 1, to: 2, migrate: (doc) => ... }
 *     `migrate` receives the raw JSON data of the old version (already checked for forbidden
 *     keys) and returns a NEW value: it must not mutate its input and must not trust its shape
 *     (old files can be hand-edited) — leave what it does not understand for the schema to reject.
 *     The runner sets `version` to `to` afterwards, so `migrate` need not.
 *  3. Add `tests/fixtures/migrations/<name>.json`, a real document of version `from`.
 *     `tests/graph/migrations.test.ts` fails for any migration without one.
 */

export interface Migration {
  /** Unique, descriptive and stable: it names the fixture file. */
  name: string;
  from: number;
  to: number;
  migrate(doc: unknown): unknown;
}

/** Every migration ever written, oldest first. Version 1 is the first format, so none yet. */
export const MIGRATIONS: readonly Migration[] = [];

export type MigrateResult = { ok: true; doc: unknown; version: number } | { ok: false; migration: string; message: string };

/**
 * Runs every migration from `fromVersion` on, in order, and returns the migrated data and the
 * version it reached. Never throws: a failing step is reported by name.
 *
 * @example migrate({ format: "tensorloom.graph", version: 1, … }, 1) // { ok: true, doc, version: 1 }
 */
export function migrate(doc: unknown, fromVersion: number, migrations: readonly Migration[] = MIGRATIONS): MigrateResult {
  let current = doc;
  let version = fromVersion;
  for (const step of migrations) {
    if (step.to <= version) continue;
    if (step.from !== version) {
      return {
        ok: false,
        migration: step.name,
        message: `no migration from version ${version}; the next one, "${step.name}", starts at version ${step.from}`,
      };
    }
    try {
      current = step.migrate(current);
    } catch (e) {
      return { ok: false, migration: step.name, message: `migration "${step.name}" failed: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (current !== null && typeof current === "object" && !Array.isArray(current)) {
      // Spread copies own keys with define semantics, so no prototype is touched.
      current = { ...current, version: step.to };
    }
    version = step.to;
  }
  return { ok: true, doc: current, version };
}
