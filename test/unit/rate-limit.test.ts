/**
 * What the operator reads when a vendor's Retry-After is not waited for, and where the bound comes from
 * (`mailreseller:maxRetryAfterSeconds`, its environment variable, its default).
 */
import { ConfigError, ConfigSource } from "../../provider/core/transport/config";
import { readRequestSettings, unmetWaitHint } from "../../provider/core/transport/http";

const source = (value: string | undefined): ConfigSource => ({
  get: (key) => (key === "mailreseller:maxRetryAfterSeconds" ? value : undefined),
});

describe("readRequestSettings", () => {
  it("takes the stack config first, then the environment, then 300 s", () => {
    const env = { MAILRESELLER_MAX_RETRY_AFTER_SECONDS: "45" };
    expect(readRequestSettings(source("10"))).toEqual({ maxRetryAfterMs: 10_000 });
    const saved = process.env.MAILRESELLER_MAX_RETRY_AFTER_SECONDS;
    try {
      Object.assign(process.env, env);
      expect(readRequestSettings(source(undefined))).toEqual({ maxRetryAfterMs: 45_000 });
      delete process.env.MAILRESELLER_MAX_RETRY_AFTER_SECONDS;
      expect(readRequestSettings(source(undefined))).toEqual({ maxRetryAfterMs: 300_000 });
    } finally {
      if (saved === undefined) delete process.env.MAILRESELLER_MAX_RETRY_AFTER_SECONDS;
      else process.env.MAILRESELLER_MAX_RETRY_AFTER_SECONDS = saved;
    }
  });

  it("accepts 0 (never wait for a Retry-After)", () => {
    expect(readRequestSettings(source("0"))).toEqual({ maxRetryAfterMs: 0 });
  });

  it.each(["-1", "1.5", "two minutes", "1e3"])("refuses %p, naming the key and its variable", (value) => {
    expect(() => readRequestSettings(source(value))).toThrow(ConfigError);
    expect(() => readRequestSettings(source(value))).toThrow(
      `mailreseller:maxRetryAfterSeconds (or MAILRESELLER_MAX_RETRY_AFTER_SECONDS) must be a whole number of seconds, 0 or more, got "${value}"`,
    );
  });
});

describe("unmetWaitHint", () => {
  it("beyond the bound: how long the vendor asked, the bound, and the command that raises it", () => {
    expect(
      unmetWaitHint("mailup", { reason: "beyond-bound", askedMs: 120_000, boundMs: 60_000, attempts: 1 }),
    ).toBe(
      "MailUp asked to wait 120 s before another try, longer than the 60 s that " +
        "mailreseller:maxRetryAfterSeconds allows: run `pulumi up` again after that, or raise the bound " +
        "with `pulumi config set mailreseller:maxRetryAfterSeconds 120` (or the environment variable " +
        "MAILRESELLER_MAX_RETRY_AFTER_SECONDS)",
    );
  });

  it("rounds the suggested bound up to a whole second", () => {
    expect(
      unmetWaitHint("partner", { reason: "beyond-bound", askedMs: 90_400, boundMs: 0, attempts: 1 }),
    ).toContain("pulumi config set mailreseller:maxRetryAfterSeconds 91`");
  });

  it("attempts exhausted: how long the vendor still asks, after how many attempts", () => {
    expect(
      unmetWaitHint("resellerclub", {
        reason: "attempts-exhausted",
        askedMs: 3000,
        boundMs: 300_000,
        attempts: 4,
      }),
    ).toBe(
      "ResellerClub still asked to wait 3 s after 4 attempts (each waits as asked, up to " +
        "mailreseller:maxRetryAfterSeconds, 300 s): run `pulumi up` again after that, or with a lower --parallel",
    );
  });

  it("a write that is not repeated: how long the vendor asked, and that it was not sent again", () => {
    expect(
      unmetWaitHint("mailpartner", {
        reason: "not-repeatable",
        askedMs: 2000,
        boundMs: 300_000,
        attempts: 1,
      }),
    ).toBe(
      "MailPartner asked to wait 2 s before another try; this write is not sent again automatically, since " +
        "repeating it is not known to be safe: run `pulumi up` again after that",
    );
  });
});
