/**
 * Warnings from inside the dynamic-provider host, shown by the CLI as real `warning:` diagnostics.
 *
 * The Node.js dynamic-provider host is handed the engine's address (its first argument) but never
 * connects to it (pulumi/pulumi#6065, #18249), so `pulumi.log.warn` there falls back to stderr, which the
 * engine shows as plain `info#err` text. A warning an operator must act on ("the sub-account still exists
 * at MailPartner") deserves the warning severity that pipelines look for, so the first warning points the
 * host's runtime at that address with the public `pulumi.runtime.resetOptions` and then uses
 * `pulumi.log.warn`, which sends the engine's `Log` RPC. Outside the host (unit tests, programs), when
 * the runtime refuses, or when the engine does not answer in time, it writes `warning: …` to stderr.
 */
import * as path from "node:path";

import * as pulumi from "@pulumi/pulumi";

import { redact } from "../transport/redact";

/** How long a warning may wait for the engine before it goes to stderr instead. */
const ENGINE_LOG_TIMEOUT_MS = 5000;

let connected: boolean | undefined;
let nativeEngineAddress: string | undefined;

/**
 * The engine's address as the native provider plugin learns it (its first argument, or the Handshake):
 * warnings then go to the engine the same way.
 */
export function useEngineAddress(address: string | undefined): void {
  if (address && /^[\w.[\]:-]+:\d+$/.test(address)) nativeEngineAddress = address;
}

/** The engine's address when this process is the dynamic-provider host, else undefined. */
export function engineAddressOfHost(argv: readonly string[] = process.argv): string | undefined {
  const script = argv[1] ?? "";
  const isHost = script.endsWith(path.join("cmd", "dynamic-provider", "index.js"));
  const address = argv[2];
  return isHost && address !== undefined && /^[\w.[\]:-]+:\d+$/.test(address) ? address : undefined;
}

/**
 * Connects the host's runtime to the engine once. The host itself never sets the runtime's options
 * (no project, stack or monitor: it serves the engine, it does not run a program), so setting them
 * here changes nothing else it relies on.
 */
function connectToEngine(): boolean {
  if (connected !== undefined) return connected;
  const address = nativeEngineAddress ?? engineAddressOfHost();
  if (address === undefined) return (connected = false);
  try {
    const runtime = pulumi.runtime;
    if (runtime.getEngine() === undefined) {
      runtime.resetOptions(runtime.getProject(), runtime.getStack(), -1, address, "", runtime.isDryRun(), "");
    }
    connected = runtime.getEngine() !== undefined;
  } catch {
    connected = false;
  }
  return connected;
}

function sendToEngine(message: string): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ENGINE_LOG_TIMEOUT_MS);
    pulumi.log.warn(message).then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(false);
      },
    );
  });
}

/**
 * Shows `message` as a warning of the current operation (redacted first). The dynamic-provider host
 * passes no URN to the provider, so the warning belongs to the stack and names its resource in the text.
 */
export async function warnOperator(message: string): Promise<void> {
  const text = redact(message);
  if (connectToEngine() && (await sendToEngine(text))) return;
  process.stderr.write(`warning: ${text}\n`);
}
