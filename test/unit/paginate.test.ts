import { allItems, paginate } from "../../provider/core/transport/paginate";

/** The list being read, as a vendor client names it. */
const context = { vendor: "resellerclub" as const, operation: "search mailboxes" };

describe("paginate", () => {
  it("reads pages from the first number until the vendor's stop rule says the last was read", async () => {
    const asked: number[] = [];
    const items = await allItems(
      async (n) => {
        asked.push(n);
        return { items: [`a${n}`, `b${n}`], last: n === 2 };
      },
      { first: 0, context },
    );
    expect(asked).toEqual([0, 1, 2]);
    expect(items).toEqual(["a0", "b0", "a1", "b1", "a2", "b2"]);
  });

  it("stops at an empty page", async () => {
    expect(await allItems(async (n) => ({ items: n < 3 ? [n] : [], last: false }), { context })).toEqual([
      1, 2,
    ]);
  });

  it("stops when a server ignoring the page number repeats a page", async () => {
    const asked: number[] = [];
    const items = await allItems(
      async (n) => {
        asked.push(n);
        return { items: ["same", "page"], last: false };
      },
      { context },
    );
    expect(items).toEqual(["same", "page"]);
    expect(asked).toEqual([1, 2]);
  });

  it("fails, rather than loops, when the stop rule never holds", async () => {
    let n = 0;
    const pages = paginate(async () => ({ items: [n++], last: false }), { maxPages: 5, context });
    await expect(
      (async () => {
        for await (const page of pages) void page;
      })(),
    ).rejects.toThrow(/more than 5 pages/);
  });
});
