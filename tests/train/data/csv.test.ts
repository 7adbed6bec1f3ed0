import { describe, expect, it } from "vitest";
import { parseCsv } from "@/train/data";

const iris = `sepal_length,sepal_width,species
5.1,3.5,setosa
7.0,3.2,versicolor
6.3,3.3,virginica
4.9,3.0,setosa
`;

describe("parseCsv: classification", () => {
  it("reads features, the label column and maps label strings to class ids", () => {
    const t = parseCsv(iris, { label: "species" });
    expect(t.mode).toBe("classification");
    expect(t.n).toBe(4);
    expect(t.featureNames).toEqual(["sepal_length", "sepal_width"]);
    expect(t.labelName).toBe("species");
    expect(Array.from(t.x)).toEqual([5.1, 3.5, 7.0, 3.2, 6.3, 3.3, 4.9, 3.0].map(Math.fround));
    expect(t.classes).toEqual(["setosa", "versicolor", "virginica"]);
    expect(t.classIds).toEqual({ setosa: 0, versicolor: 1, virginica: 2 });
    expect(Array.from(t.y)).toEqual([0, 1, 2, 0]);
    expect(t.numClasses).toBe(3);
    expect(t.errors).toEqual([]);
  });

  it("takes the label by index (negative from the end), by name in any case, or the last column by default", () => {
    const csv = "label,a,b\nyes,1,2\nno,3,4\n";
    expect(parseCsv(csv, { label: 0 }).featureNames).toEqual(["a", "b"]);
    expect(parseCsv(csv, { label: "LABEL" }).classes).toEqual(["no", "yes"]);
    expect(parseCsv(csv, { label: -1 }).labelName).toBe("b");
    expect(parseCsv(csv).labelName).toBe("b");
  });

  it("sorts numeric class labels by value, not as text", () => {
    const t = parseCsv("x,digit\n1,10\n2,2\n3,1\n");
    expect(t.classes).toEqual(["1", "2", "10"]);
    expect(Array.from(t.y)).toEqual([2, 1, 0]);
  });

  it("skips bad rows and names each one by its line number in the file", () => {
    const csv = [
      "a,b,label", // line 1
      "1,2,cat", // 2 ok
      "1,2", // 3 too few fields
      "1,two,dog", // 4 non-numeric feature
      "1,2,", // 5 empty label
      "", // 6 blank: ignored
      "3,,dog", // 7 empty feature
      "4,5,dog", // 8 ok
      "1,2,3,4", // 9 too many fields
    ].join("\n");
    const t = parseCsv(csv);
    expect(t.n).toBe(2);
    expect(Array.from(t.x)).toEqual([1, 2, 4, 5]);
    expect(t.classes).toEqual(["cat", "dog"]);
    expect(t.skippedRows).toBe(5);
    expect(t.errors.map((e) => [e.row, e.column])).toEqual([
      [3, undefined],
      [4, "b"],
      [5, "label"],
      [7, "b"],
      [9, undefined],
    ]);
    expect(t.errors[0].message).toBe("Line 3: has 2 fields, but the header has 3.");
    expect(t.errors[1].message).toBe('Line 4: column "b" is "two", not a number.');
    expect(t.errors[2].message).toMatch(/Line 5: the label column "label" is empty/);
    expect(t.errors[3].message).toBe('Line 7: column "b" is empty.');
  });

  it("handles quoted fields with commas, doubled quotes and line breaks", () => {
    const csv = 'x,"y, the second",name\n1,2,"Smith, ""Jo"""\n3,4,"two\nlines"\n5,"6",plain\n';
    const t = parseCsv(csv, { label: "name" });
    expect(t.featureNames).toEqual(["x", "y, the second"]);
    expect(t.classes).toEqual(['Smith, "Jo"', "plain", "two\nlines"]);
    expect(Array.from(t.x)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.errors).toEqual([]);
    // line numbers stay right after a quoted line break
    const bad = parseCsv('a,b\n1,"x\ny"\nq,1\n', { label: "b" });
    expect(bad.errors.map((e) => e.row)).toEqual([4]);
  });

  it("accepts CRLF line ends, a byte-order mark, spaces around fields, and ; or tab delimiters", () => {
    expect(parseCsv("\uFEFFa,b\r\n1, 2 \r\n3,4\r\n", { label: "b" }).classes).toEqual(["2", "4"]);
    expect(parseCsv("a;b;c\n1,5;2;x\n", { label: "c" }).errors[0].message).toMatch(/"1,5", not a number/);
    const tab = parseCsv("a\tb\tc\n1\t2\tx\n");
    expect(tab.featureNames).toEqual(["a", "b"]);
    expect(tab.n).toBe(1);
  });

  it("reports an unclosed quote at the line where it starts", () => {
    const t = parseCsv('a,b\n1,x\n2,"oops\n3,y\n');
    expect(t.n).toBe(1);
    expect(t.errors).toEqual([{ row: 3, message: "Line 3: a quoted field is never closed, so the rest of the file was skipped." }]);
  });

  it("never throws: an empty file or a missing label column is an error entry", () => {
    expect(parseCsv("").errors[0]).toEqual({ row: 1, message: expect.stringMatching(/file is empty/) });
    const t = parseCsv(iris, { label: "colour" });
    expect(t.n).toBe(0);
    expect(t.errors[0].message).toMatch(/No column named "colour"; the columns are "sepal_length", "sepal_width", "species"/);
    expect(parseCsv(iris, { label: 7 }).errors[0].message).toMatch(/index 7 is out of range/);
  });

  it("rejects hex, NaN and Infinity as features", () => {
    const t = parseCsv("a,b\n0x1F,k\nNaN,k\nInfinity,k\n1e3,k\n-.5,k\n");
    expect(t.skippedRows).toBe(3);
    expect(Array.from(t.x)).toEqual([1000, -0.5]);
  });

  it("caps the error list but still counts every skipped row", () => {
    const csv = "a,b\n" + "x,1\n".repeat(500);
    const t = parseCsv(csv, { maxErrors: 10 });
    expect(t.errors).toHaveLength(10);
    expect(t.skippedRows).toBe(500);
  });
});

describe("parseCsv: regression", () => {
  it("reads a numeric label as the target", () => {
    const t = parseCsv("rooms,area,price\n3,70,250.5\n4,95,310\n", { label: "price", mode: "regression" });
    expect(t.mode).toBe("regression");
    expect(t.y).toBeInstanceOf(Float32Array);
    expect(Array.from(t.y)).toEqual([250.5, 310]);
    expect(Array.from(t.x)).toEqual([3, 70, 4, 95]);
  });

  it("skips a row whose label is not a number, naming the line", () => {
    const t = parseCsv("a,y\n1,2\n3,cheap\n", { mode: "regression" });
    expect(t.n).toBe(1);
    expect(t.errors).toEqual([{ row: 3, column: "y", message: 'Line 3: the label "y" is "cheap", not a number.' }]);
  });
});
