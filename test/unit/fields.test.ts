import { z } from "zod";

import {
  describeValue,
  emailAddress,
  flag,
  ipAddress,
  nameOrId,
  numericId,
  text,
  trimmed,
  webAddress,
  wholeNumber,
} from "../../provider/core/resource/fields";

/** What a program's `1e309` becomes: JavaScript reads it as Infinity. */
const overflow = Number("1e309");

/** The messages a schema gives for a value, or [] when it passes. */
function messages(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

describe("text", () => {
  const name = text({ expected: "a name", max: 10 });

  it("accepts a value of the form", () => {
    expect(messages(name, "Ann Smith")).toEqual([]);
  });

  it.each([
    [undefined, "is required: a name"],
    [null, "must be a name, not null"],
    [7, "must be a name, not a number"],
    [["a"], "must be a name, not a list"],
    ["", "must not be empty: a name"],
    [" \u00a0 ", "must not be only whitespace: a name"],
    ["a".repeat(11), "must be at most 10 characters (this one has 11): a name"],
    ["a\u0000b", "must not contain control characters (U+0000 at position 2)"],
    ["a\nb", "must not contain control characters (U+000A at position 2)"],
    ["\u009b", "must not contain control characters (U+009B at position 1)"],
  ])("refuses %j with one message: %s", (value, message) => {
    expect(messages(name, value)).toEqual([message]);
  });

  it("checks the length before anything costlier, and stops there", () => {
    expect(messages(emailAddress("an address"), "a".repeat(100_000))).toEqual([
      "must be at most 254 characters (this one has 100000): an address",
    ]);
  });

  it("checks min, pattern and test after the common rules", () => {
    const password = text({ expected: "a password", min: 8, max: 128 });
    expect(messages(password, "short")).toEqual(["must be at least 8 characters"]);
    expect(messages(text({ expected: "a trimmed id", max: 9, pattern: trimmed }), " x")).toEqual([
      "must be a trimmed id",
    ]);
  });

  it("never echoes the value", () => {
    for (const value of ["s3cret\u0000", "s3cret".repeat(30), 12345678]) {
      for (const message of messages(text({ expected: "a password", min: 8, max: 128 }), value)) {
        expect(message).not.toMatch(/s3cret|12345678/);
      }
    }
  });
});

describe("nameOrId", () => {
  const pack = nameOrId('a pack such as "Crediti300"', 100);

  it.each([
    "Crediti300",
    "VelocitaAggiuntiva300",
    "535",
    "Premium Plus",
    "Velocità",
    "Pack_2.0-eu",
    "Премиум",
  ])("accepts the words a vendor's name is made of: %s", (value) => {
    expect(messages(pack, value)).toEqual([]);
  });

  it.each([
    "../../etc/passwd",
    "<script>",
    "'; DROP TABLE x;--",
    "Crediti300<b>",
    "Crediti 300/x",
    "a&b",
    '"Crediti300"',
    "Crediti  300",
    "-Crediti300",
    "Crediti300.",
  ])("refuses %s, saying what is allowed without echoing it", (value) => {
    const found = messages(pack, value);
    expect(found).toEqual([
      'must be a pack such as "Crediti300": letters and digits, with single spaces, dots, dashes or underscores between them',
    ]);
  });
});

describe("field forms", () => {
  it.each([
    [numericId("an id"), ["9987606", "0"], ["-1", "1.5", "1e3", "9".repeat(21), "12a"]],
    [
      emailAddress("an address"),
      ["a.b+c@x.example"],
      ["a@b", "a b@x.example", "@x.example", "a@x.example,b@y.example"],
    ],
    [
      webAddress("a web address"),
      ["www.example.com/info", "https://example.com:8443/bye?x=1#top", "example.co.uk"],
      [
        "not a url",
        "ftp://example.com",
        "http://",
        "localhost",
        "www.example.com/a b",
        "javascript:alert(1)",
      ],
    ],
    [ipAddress("an IP address"), ["192.0.2.10", "2001:db8::1"], ["192.0.2.256", "example.com"]],
  ])("%#: accepts each good value and refuses each bad one", (schema, good, bad) => {
    for (const value of good) expect(messages(schema, value)).toEqual([]);
    for (const value of bad) expect(messages(schema, value)).toHaveLength(1);
  });

  it("numbers: finite, whole, within range", () => {
    const seconds = wholeNumber({ expected: "a whole number from 1 to 3600", min: 1, max: 3600 });
    expect(messages(seconds, 300)).toEqual([]);
    for (const value of [NaN, Infinity, -Infinity, 0, -1, 1.5, 3601, overflow, "300", null]) {
      expect(messages(seconds, value)).toEqual([
        expect.stringMatching(/^must be a whole number from 1 to 3600(, not .*)?$/),
      ]);
    }
    expect(messages(seconds, NaN)).toEqual(["must be a whole number from 1 to 3600, not NaN"]);
    expect(messages(seconds, overflow)).toEqual([
      "must be a whole number from 1 to 3600, not an infinite number",
    ]);
  });

  it("flags are booleans, not strings", () => {
    expect(messages(flag(), true)).toEqual([]);
    expect(messages(flag(), "true")).toEqual(["must be true or false, not a string"]);
  });

  it("describes a value by its kind only", () => {
    expect([null, [], {}, 1, NaN, -Infinity, "x", false].map(describeValue)).toEqual([
      "null",
      "a list",
      "an object",
      "a number",
      "NaN",
      "an infinite number",
      "a string",
      "a boolean",
    ]);
  });
});
