import { engineAddressOfHost, warnOperator } from "../../provider/core/resource/warn";
import { registerSecret } from "../../provider/core/transport/redact";

describe("engineAddressOfHost", () => {
  it("is the first argument of Pulumi's Node.js dynamic-provider host", () => {
    const host = "/x/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js";
    expect(engineAddressOfHost(["node", host, "127.0.0.1:40123"])).toBe("127.0.0.1:40123");
    expect(engineAddressOfHost(["node", host, "[::1]:40123"])).toBe("[::1]:40123");
    expect(engineAddressOfHost(["node", host])).toBeUndefined();
    expect(engineAddressOfHost(["node", "/x/jest.js", "127.0.0.1:40123"])).toBeUndefined();
  });
});

describe("warnOperator", () => {
  it("outside the host writes a redacted warning line to stderr", async () => {
    registerSecret("very-secret-token-123");
    const spy = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      await warnOperator("kept at the vendor; token very-secret-token-123");
      expect(spy).toHaveBeenCalledWith("warning: kept at the vendor; token [REDACTED]\n");
    } finally {
      spy.mockRestore();
    }
  });
});
