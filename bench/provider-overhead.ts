/**
 * Our provider's overhead on the vendor calls it makes: N outMail creates (check + create), reads and
 * deletes through outmail.Service's provider, driven over gRPC through Pulumi's real dynamic-provider
 * host as the engine drives it, against the same requests sent with plain axios at the same concurrency,
 * and against a pass-through provider sending those raw requests through the same host (the host's own
 * cost), all against the sandbox on loopback in the same run (machines are shared and noisy: only the
 * ratios mean much).
 *
 *   npm run bench -- --n 1000 --concurrency 8
 */
import axios from "axios";
import * as http from "node:http";
import { parseArgs } from "node:util";

import type { ServiceInputs } from "../provider/partner/service";
import { DEFAULT_PARTNER_API_KEY, DEFAULT_PARTNER_ID, startSandbox } from "../sandbox/server";
import { serializedPassThrough, serializedShim, startDynamicHost } from "../test/harness/dynamic-host";
import { sandboxConfig } from "../test/harness/sandbox-config";

// Not strict: `npm run bench` passes the same options to every benchmark.
const { values } = parseArgs({
  strict: false,
  options: {
    n: { type: "string", default: "1000" },
    concurrency: { type: "string", default: "8" },
    // The sandbox answers in well under a millisecond; a real vendor takes tens. This adds that delay to
    // every request, for both paths alike, so the ratio reflects a network rather than loopback.
    "vendor-latency-ms": { type: "string", default: "0" },
  },
});
const n = Number(values.n);
const concurrency = Number(values.concurrency);
const vendorLatencyMs = Number(values["vendor-latency-ms"]);

async function inBatches<T>(items: T[], fn: (item: T) => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ port: 0, quiet: true, partnerCredits: 10 * n * 20 });
  if (vendorLatencyMs > 0) {
    sandbox.faults.add({ vendor: "partner", kind: "latency", latencyMs: vendorLatencyMs, times: 0 });
  }
  const baseURL = `${sandbox.url}/partner/api-v1`;
  const host = await startDynamicHost(sandboxConfig(sandbox.url));
  const provider = serializedShim("outmail-service");
  const urn = (name: string) => `urn:pulumi:bench::bench::pulumi-nodejs:dynamic/outmail:Service::${name}`;
  // The same host drives ours and a pass-through provider (the raw requests made inside the host), so
  // the host's own cost (gRPC, protobuf) can be told from ours.
  const through = (serialized: string) => ({
    async create(s: ServiceInputs) {
      const checked = await host.check({ ...s, __provider: serialized });
      return host.create(urn(s.username), checked);
    },
    read: (c: { id: string; props: Record<string, unknown> }) => host.read(urn(c.id), c.id, c.props),
    delete: (c: { id: string; props: Record<string, unknown> }) => host.delete(urn(c.id), c.id, c.props),
  });
  const viaHost = through(provider);
  const hostFloor = through(serializedPassThrough());
  const raw = axios.create({
    baseURL,
    auth: { username: DEFAULT_PARTNER_ID, password: DEFAULT_PARTNER_API_KEY },
    httpAgent: new http.Agent({ keepAlive: true }),
  });
  const inputs = (prefix: string): ServiceInputs[] =>
    Array.from({ length: n }, (_, i) => ({
      clientId: "9987606",
      serviceName: "Outmail250",
      username: `${prefix}-${i}`,
      password: "bench-password",
      suspended: false,
    }));

  const rows: { op: string; rawMs: number; hostMs: number; oursMs: number }[] = [];
  process.stderr.write(`benchmarking ${n} services, concurrency ${concurrency}\n`);

  // Warm both paths up first (JIT, connection pools), so neither side pays for it in the figures.
  for (const s of inputs("warm").slice(0, 50)) {
    const res = await raw.post("/outmails", {
      service_name: s.serviceName,
      client_id: s.clientId,
      username: `${s.username}-raw`,
      password: s.password,
    });
    await raw.get(`/outmails/${res.data.data.id}`);
    await raw.delete(`/live_services/${res.data.data.live_service_id}`);
    for (const path of [viaHost, hostFloor]) {
      const created = await path.create({
        ...s,
        username: `${s.username}-${path === viaHost ? "ours" : "host"}`,
      });
      await path.read(created);
      await path.delete(created);
    }
  }

  // Raw: the same requests, no validation, retries, error mapping or state shaping.
  const rawCreated: { outmailId: string; liveServiceId: string }[] = [];
  const rawCreate = await inBatches(inputs("raw"), async (s) => {
    const res = await raw.post("/outmails", {
      service_name: s.serviceName,
      client_id: s.clientId,
      username: s.username,
      password: s.password,
    });
    rawCreated.push({ outmailId: res.data.data.id, liveServiceId: res.data.data.live_service_id });
  });
  const rawRead = await inBatches(rawCreated, (c) => raw.get(`/outmails/${c.outmailId}`));
  const rawDelete = await inBatches(rawCreated, (c) => raw.delete(`/live_services/${c.liveServiceId}`));
  process.stderr.write("raw axios done\n");

  const floorCreated: { id: string; props: Record<string, unknown> }[] = [];
  const floorCreate = await inBatches(inputs("host"), async (s) => {
    floorCreated.push(await hostFloor.create(s));
  });
  const floorRead = await inBatches(floorCreated, (o) => hostFloor.read(o));
  const floorDelete = await inBatches(floorCreated, (o) => hostFloor.delete(o));
  process.stderr.write("pass-through provider through the dynamic-provider host done\n");

  const ours: { id: string; props: Record<string, unknown> }[] = [];
  const oursCreate = await inBatches(inputs("ours"), async (s) => {
    ours.push(await viaHost.create(s));
  });
  const oursRead = await inBatches(ours, (o) => viaHost.read(o));
  const oursDelete = await inBatches(ours, (o) => viaHost.delete(o));
  host.stop();
  process.stderr.write("provider through the dynamic-provider host done\n");

  rows.push({ op: "create", rawMs: rawCreate, hostMs: floorCreate, oursMs: oursCreate });
  rows.push({ op: "read", rawMs: rawRead, hostMs: floorRead, oursMs: oursRead });
  rows.push({ op: "delete", rawMs: rawDelete, hostMs: floorDelete, oursMs: oursDelete });
  await sandbox.close();

  console.log(
    `\nprovider overhead, ${n} outMail services, concurrency ${concurrency}, vendor latency ${vendorLatencyMs} ms ` +
      "(sandbox on loopback; " +
      "ours = check+create / read / delete over gRPC through Pulumi's dynamic-provider host)",
  );
  console.log(
    "op       raw axios ms   host + raw ms   provider ms   provider/raw   host+raw/raw   provider/host+raw",
  );
  for (const r of rows) {
    const ratio = (a: number, b: number, width: number) => `${(a / b).toFixed(2)}x`.padStart(width);
    console.log(
      `${r.op.padEnd(8)} ${r.rawMs.toFixed(0).padStart(12)} ${r.hostMs.toFixed(0).padStart(15)} ${r.oursMs.toFixed(0).padStart(13)} ` +
        `${ratio(r.oursMs, r.rawMs, 14)} ${ratio(r.hostMs, r.rawMs, 14)} ${ratio(r.oursMs, r.hostMs, 19)}`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
