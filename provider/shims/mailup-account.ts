// The serialized provider of every mailup.Account is `require("pulumi-mailreseller/bin/shims/mailup-account.js")`:
// this path is a public contract (see provider/core/resource/shim.ts) and must never move.
import { lazyProvider } from "../core/resource/shim";

export = lazyProvider("mailup.Account", () => require("../mailup/account").implementation);
