import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import * as pulumi from "@pulumi/pulumi";

import { deletionGuardEnabled, guardedOptions } from "../../provider/core/program/deletion-guard";
import { registration } from "../../provider/core/program/registration";
import { planUnprotect, readAllowList } from "../../provider/commands/unprotect";
import { GUARDED_TYPES } from "../../provider/core/protocol/guarded-types";
import { RESOURCE_LABELS } from "../../provider/core/protocol/type-tokens";
import { nameOfUrn } from "../../provider/core/protocol/urn";

describe("the deletion guard's default", () => {
  // The stack config as the program sees it (pulumi.Config reads the runtime's config store).
  const stackConfig = (config: Record<string, string>) => pulumi.runtime.setAllConfig(config);
  afterEach(() => stackConfig({}));

  it("is on unless the stack or the environment turns it off", () => {
    stackConfig({});
    expect(deletionGuardEnabled({})).toBe(true);
    expect(deletionGuardEnabled({ MAILRESELLER_DELETION_GUARD: "false" })).toBe(false);
    stackConfig({ "mailreseller:deletionGuard": "false" });
    expect(deletionGuardEnabled({ MAILRESELLER_DELETION_GUARD: "true" })).toBe(false);
  });

  it("refuses a value that is not a boolean, naming the key", () => {
    stackConfig({ "mailreseller:deletionGuard": "maybe" });
    expect(() => deletionGuardEnabled({})).toThrow(
      'config mailreseller:deletionGuard must be true or false, not "maybe"',
    );
  });

  it("sets protect unless the program did, and leaves the options alone when off", () => {
    stackConfig({});
    expect(guardedOptions(undefined).protect).toBe(true);
    expect(guardedOptions({ protect: false }).protect).toBe(false);
    stackConfig({ "mailreseller:deletionGuard": "false" });
    expect(guardedOptions({ ignoreChanges: ["x"] })).toEqual({ ignoreChanges: ["x"] });
  });
});

test("the classes register with protect exactly the types the policy pack guards for the native provider", () => {
  pulumi.runtime.setAllConfig({});
  const protectedTypes = RESOURCE_LABELS.filter(
    (label, i) => registration(label, `r${i}`, {}, {}, undefined)[2].protect === true,
  );
  expect(protectedTypes).toEqual(GUARDED_TYPES);
});

describe("pulumi-mailreseller unprotect's plan", () => {
  const urn = (name: string) => `urn:pulumi:prod::fleet::pulumi-nodejs:dynamic/outmail:Service::${name}`;
  const now = new Date("2026-12-01T12:00:00Z");

  it("approves exactly the protected resources an unexpired entry names, by name or URN", () => {
    const plan = planUnprotect(
      [
        { urn: urn("bakery-relay"), protect: true },
        { urn: urn("acme-relay"), protect: true },
        { urn: urn("old-relay"), protect: true },
        { urn: urn("loose-relay"), protect: false },
      ],
      [
        { name: "bakery-relay", expires: "2026-12-01", reason: "left" },
        { urn: urn("loose-relay"), expires: "2027-01-01" },
        { name: "old-relay", expires: "2026-11-30" },
      ],
      now,
    );
    expect(plan.approved.map((a) => a.name)).toEqual(["bakery-relay"]);
    // A native provider's resource is unprotected by the same entries: the plan reads no type.
    const native = `urn:pulumi:prod::fleet::mailreseller:outmail:Service::bakery-relay`;
    expect(
      planUnprotect([{ urn: native, protect: true }], [{ name: "bakery-relay", expires: "2026-12-01" }], now)
        .approved,
    ).toEqual([
      { urn: native, name: "bakery-relay", entry: { name: "bakery-relay", expires: "2026-12-01" } },
    ]);
    expect(plan.expired.map((a) => a.name)).toEqual(["old-relay"]);
    expect(nameOfUrn(urn("x-y"))).toBe("x-y");
  });

  it("reads a bare list or a data file's approvedDeletions, and names a bad entry", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "allow-"));
    const file = path.join(dir, "a.json");
    fs.writeFileSync(
      file,
      JSON.stringify({ customers: [], approvedDeletions: [{ name: "a", expires: "2026-12-31" }] }),
    );
    expect(readAllowList(file)).toEqual([{ name: "a", expires: "2026-12-31" }]);
    fs.writeFileSync(file, JSON.stringify([{ name: "a", expires: "soon" }]));
    expect(() => readAllowList(file)).toThrow(/0\.expires must be a date, YYYY-MM-DD/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
