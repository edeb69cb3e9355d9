// The serialized provider of every mailpartner.Subaccount is `require("pulumi-mailreseller/bin/shims/mailpartner-subaccount.js")`:
// this path is a public contract (see provider/core/resource/shim.ts) and must never move.
import { lazyProvider } from "../core/resource/shim";

export = lazyProvider("mailpartner.Subaccount", () => require("../mailpartner/subaccount").implementation);
