/**
 * Our provider's overhead on the vendor calls it makes: N outMail creates, reads and deletes through
 * outmail.Service's provider operations, against the same requests sent with plain axios, both against
 * the sandbox on loopback in the same run (machines are shared and noisy: only the ratio means much).
 *
 *   npm run bench -- --n 1000 --concurrency 8
 */
import axios from "axios";
import * as http from "node:http";
import { parseArgs } from "node:util";

import { setProviderConfig } from "../provider/core/config";
import { ServiceInputs, ServiceOutputs, implementation } from "../provider/outmail/service";
import { DEFAULT_PARTNER_API_KEY, DEFAULT_PARTNER_ID, startSandbox } from "../sandbox/server";

// Not strict: `npm run bench` passes the same options to every benchmark.
const { values } = parseArgs({
  strict: false,
  options: { n: { type: "string", default: "1000" }, concurrency: { type: "string", default: "8" } },
});
const n = Number(values.n);
const concurrency = Number(values.concurrency);

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
  const baseURL = `${sandbox.url}/partner/api-v1`;
  const config: Record<string, string> = {
    "mailreseller:partnerApiUrl": baseURL,
    "mailreseller:partnerId": DEFAULT_PARTNER_ID,
    "mailreseller:partnerApiKey": DEFAULT_PARTNER_API_KEY,
  };
  setProviderConfig({ get: (key) => config[key] });
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

  const rows: { op: string; rawMs: number; oursMs: number }[] = [];
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
    const created = await implementation.create(s);
    await implementation.read(created.id, created.outs);
    await implementation.delete(created.id, created.outs!);
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

  const ours: { id: string; outs: ServiceOutputs }[] = [];
  const oursCreate = await inBatches(inputs("ours"), async (s) => {
    const checked = await implementation.check({} as ServiceInputs, { ...s });
    const created = await implementation.create(checked.inputs!);
    ours.push({ id: created.id, outs: created.outs! });
  });
  const oursRead = await inBatches(ours, (o) => implementation.read(o.id, o.outs));
  const oursDelete = await inBatches(ours, (o) => implementation.delete(o.id, o.outs));
  process.stderr.write("provider done\n");

  rows.push({ op: "create", rawMs: rawCreate, oursMs: oursCreate });
  rows.push({ op: "read", rawMs: rawRead, oursMs: oursRead });
  rows.push({ op: "delete", rawMs: rawDelete, oursMs: oursDelete });
  await sandbox.close();

  console.log(`\nprovider overhead, ${n} outMail services, concurrency ${concurrency} (sandbox on loopback)`);
  console.log("op       raw axios ms   provider ms   ratio");
  for (const r of rows) {
    console.log(
      `${r.op.padEnd(8)} ${r.rawMs.toFixed(0).padStart(12)} ${r.oursMs.toFixed(0).padStart(13)} ${(r.oursMs / r.rawMs).toFixed(2).padStart(7)}x`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
