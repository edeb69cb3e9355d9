import { ConfigError, envVarFor, readSettings, requireHttpUrl } from "../../provider/core/transport/config";
import { clearRegisteredSecrets, redact } from "../../provider/core/transport/redact";

const specs = [
  { key: "partnerApiUrl", description: "Partner API base URL" },
  { key: "partnerApiKey", description: "Partner API key", secret: true },
] as const;

afterEach(() => clearRegisteredSecrets());

describe("config", () => {
  it("derives the environment variable from the key", () => {
    expect(envVarFor("partnerId")).toBe("MAILRESELLER_PARTNER_ID");
    expect(envVarFor("partnerApiUrl")).toBe("MAILRESELLER_PARTNER_API_URL");
    expect(envVarFor("mailupClientSecret")).toBe("MAILRESELLER_MAILUP_CLIENT_SECRET");
  });

  it("prefers stack config, then the environment", () => {
    const source = { get: (k: string) => (k === "mailreseller:partnerApiUrl" ? "http://config" : undefined) };
    const values = readSettings("Partner API", specs, source, {
      MAILRESELLER_PARTNER_API_URL: "http://env",
      MAILRESELLER_PARTNER_API_KEY: "key-from-env",
    });
    expect(values).toEqual({ partnerApiUrl: "http://config", partnerApiKey: "key-from-env" });
  });

  it("registers secret settings for redaction", () => {
    readSettings("Partner API", specs, undefined, {
      MAILRESELLER_PARTNER_API_URL: "http://x",
      MAILRESELLER_PARTNER_API_KEY: "very-secret-key",
    });
    expect(redact("leak very-secret-key")).toBe("leak [REDACTED]");
  });

  it("names every missing key with both ways to set it", () => {
    expect(() => readSettings("The outMail Partner API", specs, undefined, {})).toThrow(ConfigError);
    try {
      readSettings("The outMail Partner API", specs, undefined, {});
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain("mailreseller:partnerApiUrl");
      expect(message).toContain("MAILRESELLER_PARTNER_API_URL");
      expect(message).toContain("pulumi config set --secret mailreseller:partnerApiKey");
      expect(message).toContain("MAILRESELLER_PARTNER_API_KEY");
    }
  });

  it("rejects a URL that is not http(s), naming the key", () => {
    expect(() => requireHttpUrl("partnerApiUrl", "ftp://x")).toThrow(/mailreseller:partnerApiUrl/);
    expect(requireHttpUrl("partnerApiUrl", "http://127.0.0.1:1/partner/api-v1")).toBe(
      "http://127.0.0.1:1/partner/api-v1",
    );
  });
});
