/**
 * Pulumi's Node.js dynamic-provider host, started and driven over gRPC the way the engine drives it:
 * Configure once, then Check/Create/Read/Delete with the serialized provider in `__provider`. The
 * benchmark uses it to time our provider behind the real host, its gRPC and protobuf conversions included.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";

const repoRoot = path.resolve(__dirname, "..");
// The host, its gRPC stubs and protobuf all come from the one @pulumi/pulumi the examples install.
const examplesDir = path.join(repoRoot, "examples");
const fromPulumi = createRequire(require.resolve("@pulumi/pulumi", { paths: [examplesDir] }));
/* The generated stubs are plain JavaScript: the few members used here, typed by hand. */
interface Struct {
  toJavaScript(): Record<string, unknown>;
}
interface StructStatic {
  fromJavaScript(value: Record<string, unknown>): Struct;
}
interface Message {
  [setter: string]: unknown;
}
type Callback = (
  err: Error | null,
  res: Message & { getInputs(): Struct; getProperties(): Struct; getId(): string },
) => void;
type Client = Record<
  "configure" | "check" | "create" | "read" | "delete",
  (req: Message, cb: Callback) => void
>;

const grpc = fromPulumi("@grpc/grpc-js") as { credentials: { createInsecure(): unknown } };
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb") as { Struct: StructStatic };
const proto = fromPulumi("./proto/provider_pb") as Record<string, new () => Message>;
const rpc = fromPulumi("./proto/provider_grpc_pb") as {
  ResourceProviderClient: new (address: string, credentials: unknown) => Client;
};

/** What Pulumi serializes into `__provider` for a resource whose provider is our shim module. */
export function serializedShim(shim: string): string {
  return (
    `exports.handler = __f0;\nconst provider = require("pulumi-mailreseller/bin/shims/${shim}.js");\n\n` +
    "function __f0() {\n  return (function() {\n    with({ this: undefined, arguments: undefined }) {\n\n" +
    "return () => provider;\n\n    }\n  }).apply(undefined, undefined).apply(this, arguments);\n}\n"
  );
}

function call(client: Client, method: keyof Client, req: Message): Promise<Parameters<Callback>[1]> {
  return new Promise((resolve, reject) =>
    client[method](req, (err, res) => (err ? reject(err) : resolve(res))),
  );
}

function message(type: string, fields: Record<string, unknown>): Message {
  const m = new proto[type]();
  for (const [setter, value] of Object.entries(fields)) (m[setter] as (v: unknown) => void).call(m, value);
  return m;
}

/**
 * A provider that sends the raw requests itself (axios, keep-alive, no validation, retries or error
 * mapping), as a `__provider` string for the same host: the host's own cost, without ours.
 */
export function serializedPassThrough(): string {
  return `
const axios = require("axios");
const http = require("http");
let api;
exports.handler = () => ({
  async configure(req) {
    api = axios.create({
      baseURL: req.config.get("mailreseller:partnerApiUrl"),
      auth: { username: req.config.get("mailreseller:partnerId"), password: req.config.get("mailreseller:partnerApiKey") },
      httpAgent: new http.Agent({ keepAlive: true }),
    });
  },
  async check(_olds, news) { return { inputs: news }; },
  async create(s) {
    const res = await api.post("/outmails", { service_name: s.serviceName, client_id: s.clientId, username: s.username, password: s.password });
    return { id: res.data.data.live_service_id, outs: { ...s, outmailId: res.data.data.id, liveServiceId: res.data.data.live_service_id } };
  },
  async read(id, props) { await api.get("/outmails/" + props.outmailId); return { id, props }; },
  async delete(id) { await api.delete("/live_services/" + id); },
});
`;
}

export interface DynamicHost {
  check(news: Record<string, unknown>): Promise<Record<string, unknown>>;
  create(
    urn: string,
    props: Record<string, unknown>,
  ): Promise<{ id: string; props: Record<string, unknown> }>;
  read(urn: string, id: string, props: Record<string, unknown>): Promise<void>;
  delete(urn: string, id: string, props: Record<string, unknown>): Promise<void>;
  stop(): void;
}

/** Starts the host (in examples/, where `pulumi-mailreseller` is installed) and configures it. */
export async function startDynamicHost(config: Record<string, string>): Promise<DynamicHost> {
  const script = fromPulumi.resolve("./cmd/dynamic-provider/index.js");
  // The host takes the engine's address but never dials it (pulumi/pulumi#6065).
  const child: ChildProcess = spawn(process.execPath, [script, "127.0.0.1:1"], {
    cwd: examplesDir,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()));
    child.once("exit", (code) => reject(new Error(`dynamic-provider host exited (${code})`)));
  });
  const client = new rpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  await call(client, "configure", message("ConfigureRequest", { setArgs: Struct.fromJavaScript(config) }));
  return {
    async check(news) {
      const res = await call(
        client,
        "check",
        message("CheckRequest", { setOlds: Struct.fromJavaScript({}), setNews: Struct.fromJavaScript(news) }),
      );
      return res.getInputs().toJavaScript();
    },
    async create(urn, props) {
      const res = await call(
        client,
        "create",
        message("CreateRequest", { setUrn: urn, setProperties: Struct.fromJavaScript(props) }),
      );
      return { id: res.getId(), props: res.getProperties().toJavaScript() };
    },
    async read(urn, id, props) {
      await call(
        client,
        "read",
        message("ReadRequest", { setUrn: urn, setId: id, setProperties: Struct.fromJavaScript(props) }),
      );
    },
    async delete(urn, id, props) {
      await call(
        client,
        "delete",
        message("DeleteRequest", { setUrn: urn, setId: id, setProperties: Struct.fromJavaScript(props) }),
      );
    },
    stop() {
      child.kill();
    },
  };
}
