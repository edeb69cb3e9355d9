// The serialized provider of every mailup.AccountPack is `require("pulumi-mailreseller/bin/shims/mailup-account-pack.js")`:
// this path is a public contract (see provider/core/shim.ts) and must never move.
import { lazyProvider } from "../core/shim";

export = lazyProvider("mailup.AccountPack", () => require("../mailup/account-pack").implementation);
