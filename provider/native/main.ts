/**
 * The entry point of the `mailreseller` resource provider plugin (`pulumi-resource-mailreseller`): starts
 * the gRPC service on a free loopback port and prints the port, the one line the engine reads from a
 * plugin's stdout, so nothing may be printed before it.
 *
 * The engine starts the plugin with its own address as the first argument; warnings go there
 * (core/resource/warn.ts).
 */
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";

import { useEngineAddress } from "../core/resource/warn";
import { invokeFunction } from "./functions";
import schema from "./schema.json";
import { NativeProvider, serviceHandlers } from "./server";

// The plugin's version is the package's: one release ships both front doors.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require("../../package.json") as { version: string };

async function main(): Promise<void> {
  exitWithParent();
  useEngineAddress(process.argv[2]);
  const provider = new NativeProvider({
    schemaText: JSON.stringify(schema),
    version,
    invoke: invokeFunction,
  });
  // The engine's requests carry whole resource states: accept what Pulumi's own servers accept (400 MB,
  // @pulumi/pulumi runtime/settings.js), not gRPC's default 4 MB.
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(ResourceProviderService, serviceHandlers(provider));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  process.stdout.write(`${port}\n`);
}

/**
 * Exits once the process that started the plugin is gone. The CLI stops its plugins when it ends, but a
 * CLI that dies (killed, or a crash) cannot, and an orphaned plugin would live on, holding its port. The
 * launcher `exec`s Node.js, so the parent is the CLI itself; an orphan is re-parented, so its parent id
 * changes.
 */
function exitWithParent(): void {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, 1000).unref();
}

main().catch((err: unknown) => {
  process.stderr.write(`pulumi-resource-mailreseller: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
