import { readMailupFault } from "../../provider/mailup/client";

describe("readMailupFault", () => {
  it("reads the docs' {Code, Description} results: a coded 403 is a refusal, not bad credentials", () => {
    expect(readMailupFault(403, { Code: 1, Description: "Quantity limits exceeded" })).toEqual({
      code: "Code 1",
      message: "Quantity limits exceeded",
      refused: true,
    });
  });

  it("reads the REST error body, and treats a refused account id as not found", () => {
    expect(
      readMailupFault(403, {
        ErrorCode: "403",
        ErrorDescription: "You cannot access to provided account.",
        ErrorName: "Forbidden",
      }),
    ).toEqual({ code: "Forbidden", message: "You cannot access to provided account.", notFound: true });
    expect(
      readMailupFault(403, {
        ErrorCode: "403",
        ErrorDescription: "You cannot access to provided profile.",
        ErrorName: "Forbidden",
      }),
    ).toMatchObject({ notFound: false });
  });

  it("says nothing about successes", () => {
    expect(readMailupFault(200, { Code: 1, Description: "Processing" })).toBeUndefined();
  });
});
