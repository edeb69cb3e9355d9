import { readPartnerFault, searchExpression } from "../../provider/partner/client";

describe("readPartnerFault", () => {
  it("reads the seed's PHP/C# shape, its jQuery shape and a body that is not JSON", () => {
    const nested = { error: { name: "NotFound", url: "/outmails/9", message: "no such service" } };
    expect(readPartnerFault(404, nested)).toEqual({ code: "NotFound", message: "no such service" });
    expect(readPartnerFault(404, { name: "NotFound", message: "no such service" })).toEqual({
      code: "NotFound",
      message: "no such service",
    });
    expect(readPartnerFault(502, "<html>Bad gateway</html>")).toEqual({
      message: "<html>Bad gateway</html>",
    });
  });
  it("marks 405 as insufficient credits (seed 001)", () => {
    expect(readPartnerFault(405, { error: { name: "x", message: "y" } })).toMatchObject({
      insufficientFunds: true,
    });
  });
  it("reads a 403 naming a rule as a refusal, and one naming access or nothing as an access problem", () => {
    const rule = { error: { name: "SuspendedBySystem", message: "cannot be unsuspended" } };
    expect(readPartnerFault(403, rule)).toMatchObject({ code: "SuspendedBySystem", refused: true });
    expect(
      readPartnerFault(403, { error: { name: "Forbidden", message: "IP not allowed" } }),
    ).not.toHaveProperty("refused");
    expect(readPartnerFault(403, "Forbidden")).not.toHaveProperty("refused");
  });
});

describe("searchExpression", () => {
  it("writes KB 395's notation", () => {
    expect(searchExpression({ "username LIKE": "fred%" })).toBe("('username LIKE':'fred%')");
    expect(searchExpression({ "id >": "9987600", "id <": "9987610" })).toBe(
      "('id >':'9987600','id <':'9987610')",
    );
  });
  it("refuses quotes it cannot write safely, and an empty search", () => {
    expect(() => searchExpression({ username: "o'brien" })).toThrow(/may not contain/);
    expect(() => searchExpression({})).toThrow(/at least one/);
  });
});
