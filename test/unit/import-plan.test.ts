import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";

import { buildImportPlan, slug } from "../../provider/import-plan";

const ROOT = path.resolve(__dirname, "../..");

test("slug makes stable, readable resource names", () => {
  expect(slug("mailbox", "Office@Customer.example")).toBe("mailbox-office-customer-example");
  expect(slug("outmail", "--Legacy_Relay--")).toBe("outmail-legacy-relay");
});

test("a vendor that cannot list its objects is reported in notes, not guessed", async () => {
  const plan = await buildImportPlan(
    { vendors: ["resellerclub", "mailup"] },
    new Date("2026-11-23T00:00:00Z"),
  );
  expect(plan.resources).toEqual([]);
  expect(plan.notes.join("\n")).toContain("pass --resellerclub-orders ID,ID");
  expect(plan.notes.join("\n")).toContain("pass --mailup-accounts ID,ID");
  expect(plan.generatedAt).toBe("2026-11-23T00:00:00.000Z");
});

test("the command refuses bad arguments with exit code 2 and its usage", async () => {
  const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
  await expect(
    promisify(execFile)(tsx, ["provider/cli.ts", "import-plan", "--vendor", "nonsense"], { cwd: ROOT }),
  ).rejects.toMatchObject({
    code: 2,
    stderr: expect.stringMatching(
      /unknown vendor nonsense[\s\S]*--out is required[\s\S]*Usage: pulumi-mailreseller import-plan/,
    ),
  });
});
