import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

import { changedProperties, checkInputs, toDiffResult, unknownValue } from "../../provider/core/inputs";

const schema = z
  .object({
    name: z.string().min(3),
    size: z.number().int().default(1),
    tags: z.array(z.string()).optional(),
  })
  .strict();

describe("checkInputs", () => {
  it("uses the same sentinel as the Pulumi runtime", () => {
    expect(unknownValue).toBe(pulumi.runtime.unknownValue);
  });

  it("applies defaults", () => {
    expect(checkInputs(schema, { name: "abc" })).toEqual({ inputs: { name: "abc", size: 1 }, failures: [] });
  });

  it("names the property of each failure", () => {
    const result = checkInputs(schema, { name: "a", size: 1.5, tags: ["x", 3], extra: true });
    expect(result.inputs).toBeUndefined();
    expect(result.failures?.map((f) => f.property).sort()).toEqual(["", "name", "size", "tags[1]"]);
  });

  it("lets unknown values through and still checks the known ones", () => {
    expect(checkInputs(schema, { name: unknownValue })).toEqual({
      inputs: { name: unknownValue, size: 1 },
      failures: [],
    });
    expect(checkInputs(schema, { name: "abc", tags: ["x", unknownValue] }).failures).toEqual([]);
    expect(checkInputs(schema, { name: unknownValue, size: "big" }).failures?.map((f) => f.property)).toEqual(
      ["size"],
    );
  });
});

describe("changedProperties / toDiffResult", () => {
  const table = { name: "replace", size: "update", tags: "update", adopt: "ignore" } as const;

  it("answers an explicit no-change", () => {
    const changes = changedProperties(table, { name: "a", size: 1 }, { name: "a", size: 1, adopt: "9" });
    expect(toDiffResult(changes)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("separates updates from replacements and deep-compares", () => {
    const changes = changedProperties(
      table,
      { name: "a", size: 1, tags: ["x"] },
      { name: "b", size: 2, tags: ["x"] },
    );
    expect(changes).toEqual({ updates: ["size"], replaces: ["name"] });
    expect(toDiffResult(changes, true)).toEqual({
      changes: true,
      replaces: ["name"],
      deleteBeforeReplace: true,
    });
  });

  it("treats an unknown new value as a change", () => {
    expect(changedProperties(table, { size: 1 }, { size: unknownValue }).updates).toEqual(["size"]);
  });
});
