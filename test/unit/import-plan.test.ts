import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";

import { buildImportPlan, orphansOf, slug } from "../../provider/import-plan";

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

describe("orphansOf", () => {
  const plan = {
    version: 1 as const,
    generatedAt: "2026-12-01T00:00:00.000Z",
    vendors: ["outmail" as const, "mailup" as const],
    notes: [],
    resources: [
      { type: "outmail.Service" as const, name: "outmail-kept", adopt: "1001", args: {} },
      { type: "outmail.Service" as const, name: "outmail-orphan", adopt: "1002", args: {} },
      { type: "mailup.Account" as const, name: "mailup-account-7", adopt: "7", args: {} },
      { type: "resellerclub.MailUser" as const, name: "mailbox-a", adopt: "1001/A@x.example", args: {} },
    ],
  };
  const exported = (resources: unknown[]) => ({ version: 3, deployment: { resources } });

  it("keeps only what no given state knows, by id (and a MailUp account by its recorded account id)", () => {
    const result = orphansOf(plan, [
      exported([{ type: "pulumi-nodejs:dynamic/outmail:Service", id: "1001" }]),
      exported([
        { type: "pulumi-nodejs:dynamic/mailup:Account", id: "activation-9", outputs: { accountId: "7" } },
        { type: "pulumi-nodejs:dynamic/resellerclub:MailUser", id: "1001/a@x.example" },
        // The same id under another type is not the same object.
        { type: "pulumi-nodejs:dynamic/resellerclub:ForwardOnlyAccount", id: "1002" },
      ]),
    ]);
    expect(result.resources.map((r) => r.name)).toEqual(["outmail-orphan"]);
    expect(result.notes.at(-1)).toMatch(
      /^orphans: 1 of the 4 objects read at the vendors are in none of the 2 stack state\(s\) given \(4 resources\)/,
    );
  });

  it("refuses a file that is not a stack export", () => {
    expect(() => orphansOf(plan, [{ checkpoint: {} }])).toThrow('no "deployment.resources" list');
  });
});
