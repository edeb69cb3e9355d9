import { RememberedReads } from "../../provider/core/transport/remembered";

describe("RememberedReads", () => {
  test("concurrent callers share one read, and later ones get its value without reading again", async () => {
    const reads = new RememberedReads<string, number>();
    let calls = 0;
    const read = async () => ++calls;
    expect(await Promise.all([reads.get("a", read), reads.get("a", read)])).toEqual([1, 1]);
    expect(await reads.get("a", read)).toBe(1);
    expect(await reads.get("b", read)).toBe(2);
  });

  test("a failed read is forgotten, so the next caller tries again", async () => {
    const reads = new RememberedReads<string, string>();
    await expect(reads.get("a", async () => Promise.reject(new Error("vendor down")))).rejects.toThrow(
      "vendor down",
    );
    expect(await reads.get("a", async () => "back")).toBe("back");
  });

  test("clear forgets everything, as a new provider process would", async () => {
    const reads = new RememberedReads<string, number>();
    await reads.get("a", async () => 1);
    reads.clear();
    expect(await reads.get("a", async () => 2)).toBe(2);
  });
});
