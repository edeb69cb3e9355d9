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
import { NativeProvider, grpcError } from "./server";

// The plugin's version is the package's: one release ships both front doors.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require("../../package.json") as { version: string };

/** The service's methods as gRPC handlers: each call's promise answered, each failure as the engine reads one. */
function handlers(provider: NativeProvider): grpc.UntypedServiceImplementation {
  const unary =
    <Req, Res>(method: (req: Req) => Promise<Res>) =>
    (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => {
      method.call(provider, call.request).then(
        (res) => callback(null, res),
        (err: unknown) => callback(grpcError(err)),
      );
    };
  return {
    handshake: unary(provider.handshake),
    getSchema: unary(provider.getSchema),
    checkConfig: unary(provider.checkConfig),
    diffConfig: unary(provider.diffConfig),
    configure: unary(provider.configure),
    invoke: unary(provider.invoke),
    check: unary(provider.check),
    diff: unary(provider.diff),
    create: unary(provider.create),
    read: unary(provider.read),
    update: unary(provider.update),
    delete: unary(provider.delete),
    cancel: unary(provider.cancel),
    getPluginInfo: unary(provider.getPluginInfo),
  };
}

async function main(): Promise<void> {
  useEngineAddress(process.argv[2]);
  const provider = new NativeProvider({
    schemaText: JSON.stringify(schema),
    version,
    invoke: invokeFunction,
  });
  // Large enough for a whole MailUp catalogue in one invoke answer.
  const server = new grpc.Server({ "grpc.max_receive_message_length": 64 * 1024 * 1024 });
  server.addService(ResourceProviderService, handlers(provider));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  process.stdout.write(`${port}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`pulumi-resource-mailreseller: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
