import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

import {
  changedProperties,
  checkInputs,
  toDiffResult,
  unknownValue,
} from "../../provider/core/resource/inputs";

const schema = z
  .object({
    name: z.string().min(3),
    size: z.number().int().default(1),
    tags: z.array(z.string()).optional(),
  })
  .strict();

describe("checkInputs", () => {
  const options = { resource: "test.Thing" };

  it("uses the same sentinel as the Pulumi runtime", () => {
    expect(unknownValue).toBe(pulumi.runtime.unknownValue);
  });

  it("applies defaults", () => {
    expect(checkInputs(schema, { name: "abc" }, options)).toEqual({
      inputs: { name: "abc", size: 1 },
      failures: [],
    });
  });

  it("names the property of each failure, an unknown argument by its own name", () => {
    const result = checkInputs(schema, { name: "a", size: 1.5, tags: ["x", 3], extra: true }, options);
    expect(result.inputs).toBeUndefined();
    expect(result.failures?.map((f) => f.property).sort()).toEqual(["extra", "name", "size", "tags[1]"]);
    expect(result.failures?.find((f) => f.property === "extra")?.reason).toBe(
      "unknown argument; the arguments of test.Thing are: name, size, tags",
    );
  });

  it("reports each unknown argument on its own and suggests the argument a typo meant", () => {
    const { failures } = checkInputs(schema, { name: "abc", Size: 2, tag: ["x"], colour: "red" }, options);
    expect(failures).toEqual([
      {
        property: "Size",
        reason: "unknown argument (did you mean size?); the arguments of test.Thing are: name, size, tags",
      },
      {
        property: "tag",
        reason: "unknown argument (did you mean tags?); the arguments of test.Thing are: name, size, tags",
      },
      { property: "colour", reason: "unknown argument; the arguments of test.Thing are: name, size, tags" },
    ]);
  });

  it("names the required arguments when an issue is about the arguments as a whole", () => {
    const refined = z
      .object({ name: z.string(), size: z.number().optional() })
      .strict()
      .refine(() => false, "never");
    const { failures } = checkInputs(refined as unknown as z.ZodObject, { name: "abc" }, options);
    expect(failures).toEqual([{ property: "name", reason: "never" }]);
  });

  it("lets unknown values through and still checks the known ones", () => {
    expect(checkInputs(schema, { name: unknownValue }, options)).toEqual({
      inputs: { name: unknownValue, size: 1 },
      failures: [],
    });
    expect(checkInputs(schema, { name: "abc", tags: ["x", unknownValue] }, options).failures).toEqual([]);
    expect(
      checkInputs(schema, { name: unknownValue, size: "big" }, options).failures?.map((f) => f.property),
    ).toEqual(["size"]);
  });
});

describe("changedProperties / toDiffResult", () => {
  const table = { name: "replace", size: "update", tags: "update", adopt: "ignore" } as const;

  it("answers an explicit no-change", () => {
    const changes = changedProperties(table, { name: "a", size: 1 }, { name: "a", size: 1, adopt: "9" });
    expect(toDiffResult(changes)).toEqual({
      changes: false,
      replaces: [],
      updates: [],
      deleteBeforeReplace: false,
    });
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
      updates: ["size"],
      deleteBeforeReplace: true,
    });
  });

  it("treats an unknown new value as a change", () => {
    expect(changedProperties(table, { size: 1 }, { size: unknownValue }).updates).toEqual(["size"]);
  });

  it("takes a write-only or replace-if-known input as it is when the old inputs hold none (an import)", () => {
    const unread = { secret: "writeOnly", domain: "replaceIfKnown" } as const;
    expect(changedProperties(unread, {}, { secret: "s3cret", domain: "example.com" })).toEqual({
      updates: [],
      replaces: [],
    });
    // Once recorded, a change is an update and a replacement respectively.
    expect(
      changedProperties(unread, { secret: "a", domain: "a.example" }, { secret: "b", domain: "b.example" }),
    ).toEqual({ updates: ["secret"], replaces: ["domain"] });
  });
});
