/**
 * The drift report's reading of the engine's events (provider/commands/drift-report.ts): the package's
 * resources in either token form, the dynamic provider's and the native one's; engine-level behaviour is
 * test/engine/drift-report.engine.test.ts.
 */
import { type EngineEvent, driftFromEvents, driftMarkdown } from "../../provider/commands/drift-report";

const refreshed = (type: string, name: string, before: object, after: object | null): EngineEvent => ({
  resOutputsEvent: {
    metadata: {
      op: "refresh",
      urn: `urn:pulumi:prod::mail::${type}::${name}`,
      type,
      old: { outputs: { ...before } },
      new: after === null ? null : { outputs: { ...after } },
    },
  },
});

test("reports drift of native resources as of dynamic ones, and leaves other types out", () => {
  const events = [
    refreshed(
      "pulumi-nodejs:dynamic/outmail:Service",
      "relay",
      { serviceName: "Outmail1000", __provider: "a" },
      { serviceName: "Outmail2500", __provider: "b" },
    ),
    // A native resource's state has no __provider.
    refreshed(
      "mailreseller:outmail:Service",
      "native-relay",
      { serviceName: "Outmail1000", policyFacts: { declaredAs: "x" } },
      { serviceName: "Outmail2500", policyFacts: { declaredAs: "y" } },
    ),
    refreshed("mailreseller:mailup:AccountPack", "pack", { quantity: 2 }, null),
    // Not the package's: the fleet's component, and another package's resource.
    refreshed("mailreseller:fleet:Customer", "acme", { a: 1 }, { a: 2 }),
    refreshed("random:index/randomId:RandomId", "id", { hex: "a" }, { hex: "b" }),
  ];
  const drift = driftFromEvents(events);
  expect(drift.map((d) => [d.name, d.kind, d.fields.map((f) => f.property)])).toEqual([
    ["relay", "changed", ["serviceName"]],
    ["native-relay", "changed", ["serviceName"]],
    ["pack", "deleted", []],
  ]);
  const report = driftMarkdown(drift);
  expect(report).toContain(
    '| native-relay | outmail:Service | `serviceName`: "Outmail1000" → "Outmail2500" |',
  );
  expect(report).toContain("| pack | mailup:AccountPack | deleted outside Pulumi |");
});
