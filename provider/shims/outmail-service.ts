// The serialized provider of every outmail.Service is `require("pulumi-mailreseller/bin/shims/outmail-service.js")`:
// this path is a public contract (see provider/core/shim.ts) and must never move.
import { lazyProvider } from "../core/shim";
import type { ServiceInputs, ServiceOutputs } from "../partner/service";

export = lazyProvider<ServiceInputs, ServiceOutputs>(
  "outmail.Service",
  () => require("../partner/service").implementation,
);
