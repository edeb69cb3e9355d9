/**
 * Pulumi's Node.js dynamic-provider host, started and driven over gRPC the way the engine drives it:
 * Configure once, then Check/Diff/Create/Read/Update/Delete with the serialized provider in `__provider`.
 * The benchmark uses it to time our provider behind the real host, its gRPC and protobuf conversions
 * included; the contract tests (test/contract) use it to run every resource's lifecycle against recorded
 * vendor answers.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";

const repoRoot = path.resolve(__dirname, "../..");
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
interface Reply extends Message {
  getInputs(): Struct | undefined;
  getProperties(): Struct | undefined;
  getId(): string;
  getFailuresList(): { getProperty(): string; getReason(): string }[];
  getChanges(): number;
  getReplacesList(): string[];
  getDeletebeforereplace(): boolean;
}
type Callback = (err: (Error & { metadata?: GrpcMetadata }) | null, res: Reply) => void;
type Client = Record<
  "configure" | "check" | "diff" | "create" | "read" | "update" | "delete",
  (req: Message, cb: Callback) => void
>;
interface GrpcMetadata {
  get(key: string): (string | Buffer)[];
}

const grpc = fromPulumi("@grpc/grpc-js") as { credentials: { createInsecure(): unknown } };
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb") as { Struct: StructStatic };
const proto = fromPulumi("./proto/provider_pb") as Record<string, new () => Message> & {
  ErrorResourceInitFailed: {
    deserializeBinary(bytes: Uint8Array): {
      getId(): string;
      getProperties(): Struct | undefined;
      getReasonsList(): string[];
    };
  };
};
const statusProto = fromPulumi("./proto/status_pb") as {
  Status: {
    deserializeBinary(bytes: Uint8Array): { getDetailsList(): { getValue_asU8(): Uint8Array }[] };
  };
};
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

/**
 * A failed call, as the engine sees it: the provider's message, and for a create that the vendor
 * accepted but that did not finish, the resource the engine records (`ErrorResourceInitFailed`).
 */
export class HostError extends Error {
  constructor(
    message: string,
    readonly initFailure?: { id: string; properties: Record<string, unknown>; reasons: string[] },
  ) {
    super(message);
  }
}

function hostError(err: Error & { metadata?: GrpcMetadata }): HostError {
  const message = err.message.replace(/^\d+ [A-Z_]+: /, "");
  const raw = err.metadata?.get("grpc-status-details-bin")[0];
  if (raw === undefined) return new HostError(message);
  const status = statusProto.Status.deserializeBinary(
    Buffer.isBuffer(raw) ? raw : Buffer.from(raw, "base64"),
  );
  const detail = status.getDetailsList()[0];
  if (detail === undefined) return new HostError(message);
  const init = proto.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
  return new HostError(message, {
    id: init.getId(),
    properties: init.getProperties()?.toJavaScript() ?? {},
    reasons: init.getReasonsList(),
  });
}

function call(client: Client, method: keyof Client, req: Message): Promise<Reply> {
  return new Promise((resolve, reject) =>
    client[method](req, (err, res) => (err ? reject(hostError(err)) : resolve(res))),
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

type Props = Record<string, unknown>;

export interface DynamicHost {
  /** Check of a new resource; the checked inputs (failures are ignored: see checkWith). */
  check(news: Props): Promise<Props>;
  /** Check with the old inputs, returning the failures too. */
  checkWith(
    olds: Props,
    news: Props,
  ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  diff(
    urn: string,
    id: string,
    olds: Props,
    news: Props,
  ): Promise<{ changes: "none" | "some" | "unknown"; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(urn: string, props: Props): Promise<{ id: string; props: Props }>;
  /** Read as refresh does; an empty id means "gone". */
  read(urn: string, id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }>;
  update(urn: string, id: string, olds: Props, news: Props): Promise<Props>;
  delete(urn: string, id: string, props: Props): Promise<void>;
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
  const struct = (value: Props) => Struct.fromJavaScript(value);
  const host: DynamicHost = {
    async check(news) {
      return (await host.checkWith({}, news)).inputs;
    },
    async checkWith(olds, news) {
      const res = await call(
        client,
        "check",
        message("CheckRequest", { setOlds: struct(olds), setNews: struct(news) }),
      );
      return {
        inputs: res.getInputs()?.toJavaScript() ?? {},
        failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },
    async diff(urn, id, olds, news) {
      const res = await call(
        client,
        "diff",
        message("DiffRequest", { setUrn: urn, setId: id, setOlds: struct(olds), setNews: struct(news) }),
      );
      // DiffResponse.DiffChanges: 0 unknown, 1 none, 2 some.
      const changes = (["unknown", "none", "some"] as const)[res.getChanges()] ?? "unknown";
      return { changes, replaces: res.getReplacesList(), deleteBeforeReplace: res.getDeletebeforereplace() };
    },
    async create(urn, props) {
      const res = await call(
        client,
        "create",
        message("CreateRequest", { setUrn: urn, setProperties: struct(props) }),
      );
      return { id: res.getId(), props: res.getProperties()?.toJavaScript() ?? {} };
    },
    async read(urn, id, props) {
      const res = await call(
        client,
        "read",
        message("ReadRequest", { setUrn: urn, setId: id, setProperties: struct(props) }),
      );
      return {
        id: res.getId(),
        props: res.getProperties()?.toJavaScript() ?? {},
        inputs: res.getInputs()?.toJavaScript(),
      };
    },
    async update(urn, id, olds, news) {
      const res = await call(
        client,
        "update",
        message("UpdateRequest", { setUrn: urn, setId: id, setOlds: struct(olds), setNews: struct(news) }),
      );
      return res.getProperties()?.toJavaScript() ?? {};
    },
    async delete(urn, id, props) {
      await call(
        client,
        "delete",
        message("DeleteRequest", { setUrn: urn, setId: id, setProperties: struct(props) }),
      );
    },
    stop() {
      child.kill();
    },
  };
  return host;
}
