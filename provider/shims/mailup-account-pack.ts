// The serialized provider of every mailup.AccountPack is `require("pulumi-mailreseller/bin/shims/mailup-account-pack.js")`:
// this path is a public contract (see provider/core/resource/shim.ts) and must never move.
import { lazyProvider } from "../core/resource/shim";

export = lazyProvider("mailup.AccountPack", () => require("../mailup/account-pack").implementation);
