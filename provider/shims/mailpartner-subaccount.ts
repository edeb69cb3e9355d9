// The serialized provider of every mailpartner.Subaccount is `require("pulumi-mailreseller/bin/shims/mailpartner-subaccount.js")`:
// this path is a public contract (see provider/core/shim.ts) and must never move.
import { lazyProvider } from "../core/shim";

export = lazyProvider("mailpartner.Subaccount", () => require("../mailpartner/subaccount").implementation);
