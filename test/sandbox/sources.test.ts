/**
 * sandbox/README.md "Sources, per route" names, for every route the sandbox serves, the source it follows
 * or the word "assumption". This keeps that table and the vendors' routers in agreement: a route added
 * without its source, or a row left behind by a removed route, fails here.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { MAILUP_REST_PATH, sandboxVendors } from "../../sandbox/server";

interface Layer {
  rawPath?: unknown;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** "METHOD /path" of every route of a router, nested routers included, parameters as `{}`. */
function routesOf(stack: Layer[], prefix = ""): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      return Object.keys(layer.route.methods)
        .filter((m) => m !== "_all") // catch-alls answer 405/404, they are not routes of the API
        .map((m) => normalise(`${m.toUpperCase()} ${prefix}${layer.route!.path}`));
    }
    const mount = typeof layer.rawPath === "string" && layer.rawPath !== "/" ? layer.rawPath : "";
    return layer.handle?.stack ? routesOf(layer.handle.stack, prefix + mount) : [];
  });
}

function normalise(route: string): string {
  return route.replace(/:[A-Za-z_]+/g, "{}").replace(/\{[A-Za-z_]+\}/g, "{}");
}

function table(): { vendor: string; route: string; source: string }[] {
  const readme = fs.readFileSync(path.join(__dirname, "../../sandbox/README.md"), "utf8");
  const section = readme.split("## Sources, per route")[1]?.split("\n## ")[0];
  if (section === undefined) throw new Error('sandbox/README.md has no "Sources, per route" section');
  return section
    .split("\n")
    .map((line) => /^\| (\w+) \| `([A-Z]+ [^`]+)` \| (.*) \|$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([, vendor, route, source]) => ({
      vendor,
      route: normalise(route.replace("{REST}", MAILUP_REST_PATH)),
      source: source.trim(),
    }));
}

describe('sandbox/README.md "Sources, per route"', () => {
  const rows = table();
  const vendors = sandboxVendors();

  it.each(Object.entries(vendors))("lists every route of %s, and no other", (_name, vendor) => {
    const served = routesOf((vendor.router as unknown as { stack: Layer[] }).stack).sort();
    expect(served.length).toBeGreaterThan(0);
    expect(
      rows
        .filter((r) => r.vendor === vendor.name)
        .map((r) => r.route)
        .sort(),
    ).toEqual(served);
  });

  it("names a source or says 'assumption' in every row, and lists each route once", () => {
    expect(rows.length).toBeGreaterThan(30);
    for (const row of rows) {
      expect(row.source).toMatch(/\S{3}/);
      expect(
        row.source === "assumption" || /seed|KB|MailUp|docpartner|\/|RFC|module|addon/i.test(row.source),
      ).toBe(true);
    }
    const keys = rows.map((r) => `${r.vendor} ${r.route}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
