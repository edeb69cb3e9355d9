import * as fs from "node:fs";
import * as path from "node:path";

import { requireAdoptable } from "../../provider/core/resource/adopt";
import {
  AdoptionMismatchError,
  OutcomeUnknownError,
  VendorAuthError,
  VendorConflictError,
  VendorConnectionError,
  VendorError,
  VendorInsufficientFundsError,
  VendorNotFoundError,
  VendorRateLimitError,
  VendorServerError,
  VendorValidationError,
  createdButUnfinished,
  joinSentences,
  outcomeUnknownError,
  vendorErrorFromStatus,
  withHint,
  RefusedBeforeCallError,
  notFoundAtVendor,
  refusedBeforeCall,
} from "../../provider/core/transport/errors";
import { confirmLostWrite, mayHaveBeenApplied } from "../../provider/core/resource/lost-write";

const providerDir = path.join(__dirname, "..", "..", "provider");

const context = {
  vendor: "partner" as const,
  operation: "regrade live service to Outmail1000",
  resource: "live service 1234931",
};

describe("vendorErrorFromStatus", () => {
  it.each([
    [404, VendorNotFoundError],
    [409, VendorConflictError],
    [422, VendorValidationError],
    [400, VendorValidationError],
    [401, VendorAuthError],
    [403, VendorAuthError],
    [429, VendorRateLimitError],
    [503, VendorServerError],
  ])("maps HTTP %i to its subclass", (status, type) => {
    const err = vendorErrorFromStatus({ ...context, httpStatus: status });
    expect(err).toBeInstanceOf(type);
    expect(err).toBeInstanceOf(VendorError);
    expect(err.httpStatus).toBe(status);
  });

  it("names vendor, operation, resource, status, code and the vendor's text", () => {
    const err = vendorErrorFromStatus({
      ...context,
      httpStatus: 405,
      vendorCode: "InsufficientCredits",
      vendorMessage: "Insufficient partner credits",
      hint: "top up credits",
    });
    expect(err.message).toBe(
      "outMail Partner API: could not regrade live service to Outmail1000 (live service 1234931): " +
        "HTTP 405 InsufficientCredits: Insufficient partner credits. top up credits",
    );
    expect(err.name).toBe("VendorError");
  });

  it("tells the operator what to do about refused credentials", () => {
    expect(vendorErrorFromStatus({ ...context, httpStatus: 401 }).message).toMatch(
      /check the credentials in the stack config/,
    );
  });
});

describe("joinSentences", () => {
  it("puts exactly one full stop between sentences and skips empty ones", () => {
    expect(joinSentences("Username taken.", undefined, "", "Set adopt")).toBe("Username taken. Set adopt");
    expect(joinSentences("a..", "b.")).toBe("a. b");
  });
});

describe("hints keep the class and the cause", () => {
  const details = { ...context, httpStatus: 503, vendorCode: "ServiceUnavailable", vendorMessage: "busy" };
  it.each([
    ["VendorError", () => new VendorError(details)],
    ["VendorNotFoundError", () => new VendorNotFoundError({ ...details, httpStatus: 404 })],
    ["VendorConflictError", () => new VendorConflictError({ ...details, httpStatus: 409 })],
    ["VendorValidationError", () => new VendorValidationError({ ...details, httpStatus: 422 })],
    ["VendorAuthError", () => new VendorAuthError({ ...details, httpStatus: 401 })],
    [
      "VendorRateLimitError",
      () => new VendorRateLimitError({ ...details, httpStatus: 429, retryAfterMs: 120_000 }),
    ],
    ["VendorInsufficientFundsError", () => new VendorInsufficientFundsError({ ...details, httpStatus: 405 })],
    ["VendorServerError", () => new VendorServerError(details)],
    [
      "VendorConnectionError",
      () => new VendorConnectionError({ ...context, vendorCode: "ECONNRESET", notSent: false }),
    ],
    [
      "OutcomeUnknownError",
      () => new OutcomeUnknownError({ ...details, lookupError: new Error("look failed") }),
    ],
  ])("withHint keeps a %s's class, fields and the original as cause", (name, make) => {
    const original = make();
    const hinted = withHint(original, "Set `adopt` to take it over");
    expect(hinted.constructor).toBe(original.constructor);
    expect(hinted.name).toBe(name);
    expect(hinted.cause).toBe(original);
    const { hint: _hint, ...fields } = { ...original };
    expect(hinted).toMatchObject(fields);
    expect((hinted as VendorError).hint).toBe(joinSentences(original.hint, "Set `adopt` to take it over"));
    expect(hinted.message).toBe(joinSentences(original.message, "Set `adopt` to take it over"));
  });

  it("hints twice keep the chain: each copy's cause is the one before", () => {
    const original = new VendorServerError(details);
    const once = withHint(original, "first");
    const twice = withHint(once, "second");
    expect(twice).toBeInstanceOf(VendorServerError);
    expect(twice.cause).toBe(once);
    expect(once.cause).toBe(original);
    expect(twice.message).toMatch(/busy\. first\. second$/);
  });

  it("anything else becomes an Error with the sentences and the original as cause", () => {
    const original = new TypeError("boom");
    const hinted = withHint(original, "try again");
    expect(hinted.message).toBe("boom. try again");
    expect(hinted.cause).toBe(original);
  });

  it("a created-but-unfinished error keeps a vendor error's class and message, and carries id and properties", () => {
    const original = new VendorConnectionError({ ...context, vendorCode: "ETIMEDOUT", notSent: false });
    const unfinished = createdButUnfinished("1234931", { serviceName: "Outmail500" }, original);
    expect(unfinished).toBeInstanceOf(VendorConnectionError);
    expect(unfinished.cause).toBe(original);
    expect(unfinished.message).toBe(original.message);
    expect(unfinished).toMatchObject({
      id: "1234931",
      properties: { serviceName: "Outmail500" },
      reasons: [original.message],
    });
  });
});

describe("outcomeUnknownError", () => {
  const write = new VendorConnectionError({
    vendor: "partner",
    operation: "create outMail service",
    resource: "username relay-one",
    vendorCode: "ECONNRESET",
    vendorMessage: "socket hang up",
    notSent: false,
  });

  it("after a failed look: its own class, the write's details, the write as cause, the look's error", () => {
    const look = new VendorServerError({ ...context, httpStatus: 503 });
    const err = outcomeUnknownError(write, { lookupError: look }, "Look in the portal");
    expect(err).toBeInstanceOf(OutcomeUnknownError);
    expect(err).toBeInstanceOf(VendorError);
    expect(err).not.toBeInstanceOf(VendorConnectionError);
    expect(err.name).toBe("OutcomeUnknownError");
    expect(err.cause).toBe(write);
    expect(err).toMatchObject({
      vendor: "partner",
      operation: "create outMail service",
      vendorCode: "ECONNRESET",
    });
    expect((err as OutcomeUnknownError).lookupError).toBe(look);
    expect(err.message).toBe(
      "outMail Partner API: could not create outMail service (username relay-one): ECONNRESET: socket hang up. " +
        `The outcome is unknown: looking it up afterwards failed too (${look.message}). Look in the portal`,
    );
  });

  it("when no look is possible: says why, and has no lookupError", () => {
    const err = outcomeUnknownError(write, { why: "the vendor has no call to find it" }, "Check the console");
    expect(err).toBeInstanceOf(OutcomeUnknownError);
    expect((err as OutcomeUnknownError).lookupError).toBeUndefined();
    expect(err.message).toMatch(
      /\. The outcome is unknown: the vendor has no call to find it\. Check the console$/,
    );
  });

  it("keeps the write's own hint before the new sentences", () => {
    const hinted = new VendorConnectionError({
      ...context,
      notSent: false,
      hint: "The request may have been applied",
    });
    expect(outcomeUnknownError(hinted, { why: "x" }).message).toMatch(
      /The request may have been applied\. The outcome is unknown: x$/,
    );
  });

  it("counts as a write that may have been applied", () => {
    expect(mayHaveBeenApplied(outcomeUnknownError(write, { why: "x" }))).toBe(true);
  });
});

describe("mayHaveBeenApplied", () => {
  it("counts a 5xx as possibly applied, but not a refusal on the merits that came with one", () => {
    expect(mayHaveBeenApplied(new VendorServerError({ ...context, httpStatus: 500 }))).toBe(true);
    // ResellerClub's "You need to activate your FREE Email Services…" arrives as a platform error.
    expect(mayHaveBeenApplied(new VendorValidationError({ ...context, httpStatus: 500 }))).toBe(false);
    expect(mayHaveBeenApplied(new VendorValidationError({ ...context, httpStatus: 422 }))).toBe(false);
  });
});

describe("confirmLostWrite", () => {
  const lost = new VendorServerError({ ...context, httpStatus: 503 });
  it("returns when the look finds the write applied", async () => {
    await expect(confirmLostWrite(lost, async () => true, "not applied")).resolves.toBeUndefined();
  });
  it("rethrows an error that says the write was not applied, untouched", async () => {
    const refused = new VendorValidationError({ ...context, httpStatus: 422 });
    await expect(confirmLostWrite(refused, async () => true, "not applied")).rejects.toBe(refused);
  });
  it("keeps the class and cause when the look shows it was not applied", async () => {
    const err = await confirmLostWrite(lost, async () => false, "It is safe to run again").catch(
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(VendorServerError);
    expect((err as Error).cause).toBe(lost);
    expect((err as Error).message).toMatch(/It is safe to run again$/);
  });
  it("throws OutcomeUnknownError when the look fails too", async () => {
    const lookFailure = new VendorConnectionError({ ...context, notSent: true });
    const err = await confirmLostWrite(
      lost,
      async () => {
        throw lookFailure;
      },
      "It is safe to run again",
    ).catch((e: Error) => e);
    expect(err).toBeInstanceOf(OutcomeUnknownError);
    expect((err as Error).cause).toBe(lost);
    expect((err as OutcomeUnknownError).lookupError).toBe(lookFailure);
    expect((err as Error).message).toContain("The outcome is unknown: looking it up afterwards failed too");
    expect((err as Error).message).not.toContain("safe to run");
  });
});

describe("requireAdoptable", () => {
  it("passes when every comparison matches", () => {
    expect(() =>
      requireAdoptable("partner", "live service 1", "a live service", [["a", 1, 1]]),
    ).not.toThrow();
  });

  it("throws AdoptionMismatchError listing each difference, in the message and as data", () => {
    let err: unknown;
    try {
      requireAdoptable("mailup", "account 17", "an account", [
        ["profile", "1047", "1048"],
        ["enabled", true, true],
        ["language", "it", undefined],
      ]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AdoptionMismatchError);
    expect(err).not.toBeInstanceOf(VendorError);
    const mismatch = err as AdoptionMismatchError;
    expect(mismatch.name).toBe("AdoptionMismatchError");
    expect(mismatch).toMatchObject({ vendor: "mailup", resource: "account 17" });
    expect(mismatch.differences).toEqual([
      { name: "profile", program: "1047", live: "1048" },
      { name: "language", program: "it", live: undefined },
    ]);
    expect(mismatch.message).toBe(
      "MailUp: cannot adopt account 17: it differs from the program. Change the program to match, then run " +
        'again (adopting never changes an account):\n  - profile: program "1047", live "1048"\n  - language: program "it", live unset',
    );
  });
});

test("no vendor error is flattened into a new Error with advice anywhere in the provider", () => {
  // The patterns this replaced: `new Error(\`…: it does not exist (${err.message})\`)` and
  // `new Error(joinSentences(message, hint))`; withHint keeps the class and the cause instead.
  const files = fs
    .readdirSync(providerDir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"));
  const flattened = files.flatMap((file) => {
    const text = fs.readFileSync(path.join(providerDir, file), "utf8");
    return [...text.matchAll(/new Error\(([^;]*?)\)/gs)]
      .filter(
        (m) =>
          /\b(err|error|e|cause)\.message\b/.test(m[1]) ||
          // withHint's own fallback, for what is not a vendor error, is the one allowed place.
          (/^joinSentences\(/.test(m[1]) && file !== path.join("core", "transport", "errors.ts")),
      )
      .map(() => file);
  });
  expect(flattened).toEqual([]);
});

describe("the factories of failures without a vendor answer", () => {
  const call = { vendor: "partner" as const, operation: "regrade live service", resource: "live service 1" };

  test("refusedBeforeCall: in the tree, its reason after the vendor's name, advice as sentences", () => {
    const err = refusedBeforeCall(
      call,
      "the target is not in regrade_servicenames [A]",
      "choose one of them",
    );
    expect(err).toBeInstanceOf(RefusedBeforeCallError);
    expect(err).toBeInstanceOf(VendorError);
    expect(err.message).toBe(
      "outMail Partner API: the target is not in regrade_servicenames [A]. choose one of them",
    );
    expect(err).toMatchObject({
      operation: "regrade live service",
      resource: "live service 1",
      httpStatus: undefined,
    });
  });

  test("notFoundAtVendor: a VendorNotFoundError, as a 404 is, keeping its reason through withHint", () => {
    const err = notFoundAtVendor(call, "cannot adopt 1: no such service");
    expect(err).toBeInstanceOf(VendorNotFoundError);
    const hinted = withHint(err, "check the id");
    expect(hinted).toBeInstanceOf(VendorNotFoundError);
    expect(hinted.message).toBe("outMail Partner API: cannot adopt 1: no such service. check the id");
  });
});
