// The serialized provider of every outmail.Service is `require("pulumi-mailreseller/bin/shims/outmail-service.js")`:
// this path is a public contract (see provider/core/resource/shim.ts) and must never move.
import { lazyProvider } from "../core/resource/shim";

export = lazyProvider("outmail.Service", () => require("../partner/service").implementation);
