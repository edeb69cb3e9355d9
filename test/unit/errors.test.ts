import {
  VendorAuthError,
  VendorConflictError,
  VendorError,
  VendorNotFoundError,
  VendorRateLimitError,
  VendorServerError,
  VendorValidationError,
  joinSentences,
  vendorErrorFromStatus,
} from "../../provider/core/errors";

const context = {
  vendor: "outmail" as const,
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
