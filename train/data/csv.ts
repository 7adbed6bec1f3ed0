/**
 * CSV tables → feature matrices. The first row is the header; one column is the label and every
 * other column must be numeric. Quoted fields (`"a, b"`, `""` for a quote, line breaks inside
 * quotes), CRLF line ends and a byte-order mark are accepted. The delimiter is `,`, `;` or tab,
 * whichever the header uses most, unless given.
 *
 * Parsing never throws: a bad row (wrong number of fields, a feature that is not a number, an
 * empty label) is skipped and reported as `{ row, column?, message }`, where `row` is the
 * 1-based line number in the file (the header is line 1), as a spreadsheet would show it.
 */

export interface CsvError {
  /** 1-based line number where the record starts. */
  row: number;
  /** Header name of the offending column, when one column is to blame. */
  column?: string;
  message: string;
}

export interface CsvOptions {
  /** Label column: a header name, or a 0-based index (negative counts from the end). Default: the last column. */
  label?: string | number;
  /** `classification` (default): labels are strings mapped to class ids. `regression`: labels are numbers. */
  mode?: "classification" | "regression";
  /** Field separator; detected from the header when absent. */
  delimiter?: string;
  /** At most this many errors are listed (default 100); `skippedRows` still counts every one. */
  maxErrors?: number;
}

interface CsvTableBase {
  /** Features, row-major `[n, featureNames.length]`. */
  x: Float32Array;
  /** Number of rows kept. */
  n: number;
  /** Header names of the feature columns, in file order without the label. */
  featureNames: string[];
  /** Header name of the label column ("" when the label column was not found). */
  labelName: string;
  errors: CsvError[];
  /** Data rows that were skipped; can exceed `errors.length` when errors were capped. */
  skippedRows: number;
}

export interface CsvClassification extends CsvTableBase {
  mode: "classification";
  /** Class id per row, `[n]`. */
  y: Int32Array;
  /** `classes[id]` is the label string; numeric labels sort by value, others by character code. */
  classes: string[];
  /** Label string → class id, the inverse of `classes`. */
  classIds: Record<string, number>;
  numClasses: number;
}

export interface CsvRegression extends CsvTableBase {
  mode: "regression";
  /** Target value per row, `[n]`. */
  y: Float32Array;
}

export type CsvTable = CsvClassification | CsvRegression;

interface CsvRecord {
  line: number;
  fields: string[];
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(field: string): number | undefined {
  return NUMBER.test(field) ? Number(field) : undefined;
}

function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const counts = [",", ";", "\t"].map((d) => [d, firstLine.split(d).length] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/** Splits text into records; an unclosed quote swallows the rest of the file and is reported. */
function readRecords(text: string, delimiter: string): { records: CsvRecord[]; unclosedAt?: number } {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false; // the current field began with a quote
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  const endField = () => {
    fields.push(quoted ? field : field.trim());
    field = "";
    quoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const newline = c === "\n" || c === "\r";
    if (newline && c === "\r" && text[i + 1] === "\n") i++;
    if (inQuotes) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') inQuotes = false;
      else if (newline) {
        field += "\n";
        line++;
      } else field += c;
    } else if (c === '"' && !quoted && field.trim() === "") {
      inQuotes = quoted = true;
      field = "";
    } else if (c === delimiter) endField();
    else if (newline) {
      endField();
      records.push({ line: recordLine, fields });
      fields = [];
      recordLine = ++line;
    } else if (!(quoted && (c === " " || c === "\t"))) field += c; // spaces after a closing quote are dropped
  }
  if (inQuotes) return { records, unclosedAt: recordLine };
  if (fields.length > 0 || field !== "" || quoted) {
    endField();
    records.push({ line: recordLine, fields });
  }
  return { records };
}

function findLabel(header: string[], label: string | number | undefined): number | string {
  if (label === undefined) return header.length - 1;
  if (typeof label === "number") {
    const index = label < 0 ? header.length + label : label;
    return Number.isInteger(label) && index >= 0 && index < header.length
      ? index
      : `Label column index ${label} is out of range: the header has ${header.length} columns (0 to ${header.length - 1}).`;
  }
  const exact = header.indexOf(label.trim());
  if (exact >= 0) return exact;
  const loose = header.findIndex((h) => h.toLowerCase() === label.trim().toLowerCase());
  return loose >= 0
    ? loose
    : `No column named ${JSON.stringify(label)}; the columns are ${header.map((h) => JSON.stringify(h)).join(", ")}.`;
}

function sortLabels(labels: Iterable<string>): string[] {
  const list = [...labels];
  const numeric = list.every((l) => parseNumber(l) !== undefined);
  return numeric ? list.sort((a, b) => Number(a) - Number(b)) : list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Parses a CSV table. Never throws; look at `errors` for skipped rows.
 *
 * @example
 * const t = parseCsv("sepal,petal,species\n5.1,1.4,setosa\n7.0,oops,versicolor\n", { label: "species" });
 * t.n;        // 1
 * t.errors;   // [{ row: 3, column: "petal", message: 'Line 3: column "petal" is "oops", not a number.' }]
 * t.classes;  // ["setosa"]
 */
export function parseCsv(text: string, options?: CsvOptions & { mode?: "classification" }): CsvClassification;
export function parseCsv(text: string, options: CsvOptions & { mode: "regression" }): CsvRegression;
export function parseCsv(text: string, options?: CsvOptions): CsvTable;
export function parseCsv(text: string, options: CsvOptions = {}): CsvTable {
  const { mode = "classification", maxErrors = 100 } = options;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const { records, unclosedAt } = readRecords(source, options.delimiter ?? detectDelimiter(source));
  const rows = records.filter((r) => !(r.fields.length === 1 && r.fields[0] === ""));
  const errors: CsvError[] = [];
  let skippedRows = 0;
  const report = (error: CsvError) => {
    skippedRows++;
    if (errors.length < maxErrors) errors.push(error);
  };

  const header = rows.length > 0 ? rows[0].fields.map((h, i) => h || `column ${i + 1}`) : [];
  const labelIndex =
    header.length > 0 ? findLabel(header, options.label) : "The file is empty: it needs a header row and at least one data row.";
  if (typeof labelIndex === "string") {
    const empty: CsvTableBase = {
      x: new Float32Array(0),
      n: 0,
      featureNames: [],
      labelName: "",
      errors: [{ row: rows[0]?.line ?? 1, message: labelIndex }],
      skippedRows: 0,
    };
    return mode === "regression"
      ? { ...empty, mode, y: new Float32Array(0) }
      : { ...empty, mode: "classification", y: new Int32Array(0), classes: [], classIds: {}, numClasses: 0 };
  }
  const featureIndices = header.map((_, i) => i).filter((i) => i !== labelIndex);
  const featureNames = featureIndices.map((i) => header[i]);
  const labelName = header[labelIndex];

  const features: number[] = [];
  const labels: string[] = [];
  const values: number[] = [];
  for (const { line, fields } of rows.slice(1)) {
    if (fields.length !== header.length) {
      report({ row: line, message: `Line ${line}: has ${fields.length} fields, but the header has ${header.length}.` });
      continue;
    }
    const label = fields[labelIndex];
    if (label === "") {
      report({ row: line, column: labelName, message: `Line ${line}: the label column "${labelName}" is empty.` });
      continue;
    }
    const value = mode === "regression" ? parseNumber(label) : 0;
    if (value === undefined) {
      report({
        row: line,
        column: labelName,
        message: `Line ${line}: the label "${labelName}" is ${JSON.stringify(label)}, not a number.`,
      });
      continue;
    }
    const row: number[] = [];
    const bad = featureIndices.find((i) => {
      const v = parseNumber(fields[i]);
      if (v !== undefined) row.push(v);
      return v === undefined;
    });
    if (bad !== undefined) {
      const what = fields[bad] === "" ? "is empty" : `is ${JSON.stringify(fields[bad])}, not a number`;
      report({ row: line, column: header[bad], message: `Line ${line}: column "${header[bad]}" ${what}.` });
      continue;
    }
    features.push(...row);
    labels.push(label);
    values.push(value);
  }
  if (unclosedAt !== undefined) {
    report({ row: unclosedAt, message: `Line ${unclosedAt}: a quoted field is never closed, so the rest of the file was skipped.` });
  }

  const base: CsvTableBase = { x: Float32Array.from(features), n: labels.length, featureNames, labelName, errors, skippedRows };
  if (mode === "regression") return { ...base, mode, y: Float32Array.from(values) };
  const classes = sortLabels(new Set(labels));
  const ids = new Map(classes.map((c, i) => [c, i]));
  const y = Int32Array.from(labels, (l) => ids.get(l)!);
  const classIds: Record<string, number> = Object.fromEntries(ids);
  return { ...base, mode: "classification", y, classes, classIds, numClasses: classes.length };
}
