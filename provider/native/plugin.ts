/**
 * The bundle's entry point (scripts/build-plugin.ts): refuses an old Node.js with a message that says
 * what is needed, before loading anything that might not parse on it, then starts the plugin (./main).
 */
const major = Number(process.versions.node.split(".")[0]);
if (major < 20) {
  process.stderr.write(
    `pulumi-resource-mailreseller: needs Node.js 20 or newer, and ${process.execPath} is ${process.version} ` +
      "(set PULUMI_MAILRESELLER_NODE to a newer node executable)\n",
  );
  process.exit(1);
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
require("./main");
