// The serialized provider of every partner.LiveService is `require("pulumi-mailreseller/bin/shims/partner-live-service.js")`:
// this path is a public contract (see provider/core/resource/shim.ts) and must never move.
import { lazyProvider } from "../core/resource/shim";

export = lazyProvider("partner.LiveService", () => require("../partner/live-service").implementation);
