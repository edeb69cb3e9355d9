import * as fs from "node:fs";

import { envVarFor } from "../../provider/core/transport/config";
import { PACKAGE_SETTINGS } from "../../provider/native/config-keys";

const readme = fs.readFileSync(`${__dirname}/../../README.md`, "utf8");

test("the README's configuration table lists every config key with its environment variable", () => {
  for (const spec of PACKAGE_SETTINGS) {
    const secret = spec.secret ? " (secret)" : "";
    expect(readme).toContain(`| \`mailreseller:${spec.key}\`${secret} | \`${envVarFor(spec.key)}\` |`);
  }
});
