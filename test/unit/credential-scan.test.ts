import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

import { DEFAULT_PARTNER_API_KEY } from "../../sandbox/server";

const ROOT = path.resolve(__dirname, "../..");
const scan = (dir: string) =>
  promisify(execFile)(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/credential-scan.ts", dir], {
    cwd: ROOT,
  });

test("the scan finds a sandbox key and a stack-config secret anywhere but config.json, naming neither value", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scan-"));
  fs.mkdirSync(path.join(dir, "stack", "state"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "stack", "config.json"),
    JSON.stringify({ "p:relayPassword": { value: "planted-password-42", secret: true } }),
  );
  fs.writeFileSync(path.join(dir, "stack", "state", "dev.json"), '{"ciphertext":"v1:abc"}');
  await expect(scan(dir)).resolves.toMatchObject({
    stdout: expect.stringContaining("scanned for 7 secrets: 0 hits"),
  });

  fs.writeFileSync(
    path.join(dir, "stack", "transcript.txt"),
    `error: relay planted-password-42 and ${DEFAULT_PARTNER_API_KEY}`,
  );
  const failed = await scan(dir).catch((err: { code: number; stdout: string }) => err);
  expect(failed).toMatchObject({ code: 1 });
  const { stdout } = failed as { stdout: string };
  expect(stdout).toContain("HIT stack/transcript.txt: stack config p:relayPassword");
  expect(stdout).toContain("HIT stack/transcript.txt: sandbox partnerApiKey");
  expect(stdout).not.toContain("planted-password-42");
  fs.rmSync(dir, { recursive: true, force: true });
});
