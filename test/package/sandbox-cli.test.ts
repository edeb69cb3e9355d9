/**
 * The sandbox as users run it: `npx pulumi-mailreseller sandbox` from the installed package (the packed
 * copy in examples/node_modules, installed by `npm test`'s prepare step), not from this repository's sources.
 */
import { execFile, spawn } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";

import axios from "axios";

jest.setTimeout(60_000);

const bin = path.resolve(__dirname, "../../examples/node_modules/.bin/pulumi-mailreseller");
const run = promisify(execFile);

test("--help lists the sandbox's flags", async () => {
  const { stdout } = await run(bin, ["sandbox", "--help"]);
  expect(stdout).toMatch(/^Usage: npx pulumi-mailreseller sandbox \[options\]/);
  for (const flag of [
    "--port N",
    "--partner-id",
    "--mailup-activation-polls",
    "--resellerclub-order",
    "--mailpartner-balance",
    "--quiet",
  ]) {
    expect(stdout).toContain(flag);
  }
  const top = await run(bin, ["--help"]).catch((e: { stderr: string }) => e);
  expect(top.stderr).toContain("pulumi-mailreseller sandbox [options]");
});

test("serves the vendor APIs on a free port until SIGTERM, then exits 0", async () => {
  const proc = spawn(bin, ["sandbox", "--port", "0", "--quiet"], { stdio: ["ignore", "pipe", "pipe"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    proc.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.once("exit", (code) => reject(new Error(`the sandbox exited (${code}) before listening`)));
  });
  const services = await axios.get(`${url}/partner/api-v1/live_services/service_names`, {
    auth: { username: "sandbox-partner", password: "sandbox-partner-key" },
  });
  expect(services.data.data.length).toBeGreaterThan(0);
  expect((await axios.get(`${url}/__sandbox/ledger`)).status).toBe(200);
  const exited = new Promise<number | null>((resolve) => proc.once("exit", resolve));
  proc.kill("SIGTERM");
  expect(await exited).toBe(0);
});
