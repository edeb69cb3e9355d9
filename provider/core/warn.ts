/**
 * Warnings from inside the dynamic-provider host, shown by the CLI as real `warning:` diagnostics.
 *
 * The Node.js dynamic-provider host is handed the engine's address (its first argument) but never
 * connects to it (pulumi/pulumi#6065, #18249), so `pulumi.log.warn` there falls back to stderr, which the
 * engine shows as plain `info#err` text. A warning an operator must act on ("the sub-account still exists
 * at MailPartner") deserves the warning severity that pipelines look for, so this sends it to the engine's
 * `Log` RPC itself, through the gRPC stubs that ship with `@pulumi/pulumi`. Outside the host (unit tests,
 * programs) or when the engine cannot be reached, it writes `warning: …` to stderr instead.
 */
import { createRequire } from "node:module";
import * as path from "node:path";

import { redact } from "./redact";

/** The few members of the generated gRPC stubs used here (the stubs are plain JavaScript). */
interface LogRequest {
  setSeverity(value: number): LogRequest;
  setMessage(value: string): LogRequest;
}
interface EngineClient {
  log(request: LogRequest, callback: (err: Error | null) => void): void;
}
interface EngineStubs {
  client: EngineClient;
  newLogRequest(): LogRequest;
  warningSeverity: number;
}

const ENGINE_LOG_TIMEOUT_MS = 5000;

let stubs: EngineStubs | null | undefined;

/** The engine's address when this process is the dynamic-provider host, else undefined. */
export function engineAddressOfHost(argv: readonly string[] = process.argv): string | undefined {
  const script = argv[1] ?? "";
  const isHost = script.endsWith(path.join("cmd", "dynamic-provider", "index.js"));
  const address = argv[2];
  return isHost && address !== undefined && /^[\w.[\]:-]+:\d+$/.test(address) ? address : undefined;
}

function engineStubs(): EngineStubs | null {
  if (stubs !== undefined) return stubs;
  const address = engineAddressOfHost();
  if (address === undefined) return (stubs = null);
  try {
    // The stubs and grpc-js must be the copies @pulumi/pulumi itself loads: grpc-js checks credentials
    // by class, so a second copy of it would be refused.
    const fromPulumi = createRequire(require.resolve("@pulumi/pulumi"));
    const grpc = fromPulumi("@grpc/grpc-js") as {
      credentials: { createInsecure(): unknown };
    };
    const rpc = fromPulumi("./proto/engine_grpc_pb") as {
      EngineClient: new (address: string, credentials: unknown) => EngineClient;
    };
    const proto = fromPulumi("./proto/engine_pb") as {
      LogRequest: new () => LogRequest;
      LogSeverity: { WARNING: number };
    };
    stubs = {
      client: new rpc.EngineClient(address, grpc.credentials.createInsecure()),
      newLogRequest: () => new proto.LogRequest(),
      warningSeverity: proto.LogSeverity.WARNING,
    };
  } catch {
    stubs = null;
  }
  return stubs;
}

function sendToEngine(engine: EngineStubs, message: string): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ENGINE_LOG_TIMEOUT_MS);
    const request = engine.newLogRequest().setSeverity(engine.warningSeverity).setMessage(message);
    engine.client.log(request, (err) => {
      clearTimeout(timer);
      resolve(err === null);
    });
  });
}

/**
 * Shows `message` as a warning of the current operation (redacted first). The dynamic-provider host
 * passes no URN to the provider, so the warning belongs to the stack and names its resource in the text.
 */
export async function warnOperator(message: string): Promise<void> {
  const text = redact(message);
  const engine = engineStubs();
  if (engine !== null && (await sendToEngine(engine, text))) return;
  process.stderr.write(`warning: ${text}\n`);
}
