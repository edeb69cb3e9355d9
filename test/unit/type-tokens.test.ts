/**
 * The type tokens (provider/core/protocol/type-tokens.ts): a resource type has a dynamic and a native
 * token, and whatever compares or shows types treats the two alike.
 */
import {
  NATIVE_TYPE_TOKENS,
  RESOURCE_LABELS,
  TYPE_TOKENS,
  labelOfType,
  sameType,
  shortType,
} from "../../provider/core/protocol/type-tokens";

test("each type's two tokens name it, and nothing else does", () => {
  expect(TYPE_TOKENS["outmail.Service"]).toBe("pulumi-nodejs:dynamic/outmail:Service");
  expect(NATIVE_TYPE_TOKENS["outmail.Service"]).toBe("mailreseller:outmail:Service");
  for (const label of RESOURCE_LABELS) {
    expect(labelOfType(TYPE_TOKENS[label])).toBe(label);
    expect(labelOfType(NATIVE_TYPE_TOKENS[label])).toBe(label);
  }
  // The fleet's component and the generic dynamic type share a prefix, not a type.
  expect(labelOfType("mailreseller:fleet:Customer")).toBeUndefined();
  expect(labelOfType("pulumi-nodejs:dynamic:Resource")).toBeUndefined();
});

test("sameType: equal tokens, or the two tokens of one of ours", () => {
  expect(sameType("pulumi-nodejs:dynamic/mailup:Account", "mailreseller:mailup:Account")).toBe(true);
  expect(sameType("mailreseller:mailup:Account", "pulumi-nodejs:dynamic/mailup:Account")).toBe(true);
  expect(sameType("mailreseller:mailup:Account", "mailreseller:mailup:AccountPack")).toBe(false);
  expect(sameType("pulumi-nodejs:dynamic/mailup:Account", "mailreseller:mailup:AccountPack")).toBe(false);
  expect(sameType("aws:s3/bucket:Bucket", "aws:s3/bucket:Bucket")).toBe(true);
  expect(sameType("aws:s3/bucket:Bucket", "mailreseller:mailup:Account")).toBe(false);
});

test("shortType shows both forms alike, and another type as it is", () => {
  expect(shortType("pulumi-nodejs:dynamic/outmail:Service")).toBe("outmail:Service");
  expect(shortType("mailreseller:outmail:Service")).toBe("outmail:Service");
  expect(shortType("mailreseller:fleet:Customer")).toBe("mailreseller:fleet:Customer");
});
