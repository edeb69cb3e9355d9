import {
  clearRegisteredSecrets,
  redact,
  registerBasicCredentials,
  registerSecret,
} from "../../provider/core/transport/redact";

afterEach(() => clearRegisteredSecrets());

describe("redact", () => {
  it("masks registered secrets wherever they appear, in their wire encodings too", () => {
    registerSecret("s3cr3t/key+value");
    const text = `key s3cr3t/key+value, url-encoded ${encodeURIComponent("s3cr3t/key+value")}`;
    expect(redact(text)).toBe("key [REDACTED], url-encoded [REDACTED]");
  });

  it("masks the base64 form of Basic credentials", () => {
    registerBasicCredentials("partner-1", "partner-key-123");
    const header = `Authorization header was ${Buffer.from("partner-1:partner-key-123").toString("base64")}`;
    expect(redact(header)).not.toContain(Buffer.from("partner-1:partner-key-123").toString("base64"));
  });

  it("masks credential carriers it was never told about", () => {
    const samples = [
      "GET /api/mail/user/add.json?auth-userid=1&api-key=abcdef123&email=a@b.c",
      '{"apiKey":"zzz-unregistered-zzz","type":"simple"}',
      "Authorization: Bearer eyJhbGciOi.unregistered",
      "authorization=Basic dXNlcjpwYXNz",
      '{"password": "hunter2hunter2"}',
      "passwd=plainpass&x=1",
    ];
    const out = samples.map(redact).join("\n");
    for (const leaked of [
      "abcdef123",
      "zzz-unregistered-zzz",
      "eyJhbGciOi",
      "dXNlcjpwYXNz",
      "hunter2hunter2",
      "plainpass",
    ]) {
      expect(out).not.toContain(leaked);
    }
    expect(out).toContain("email=a@b.c");
    expect(out).toContain('"type":"simple"');
  });

  it("ignores values too short to be secrets", () => {
    registerSecret("ab");
    expect(redact("about abc")).toBe("about abc");
  });
});
