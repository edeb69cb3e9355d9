import * as fs from "node:fs";

import { envVarFor } from "../../provider/core/transport/config";
import { requestSettings } from "../../provider/core/transport/http";
import { journalSetting } from "../../provider/core/resource/journal";
import { mailpartnerSettings } from "../../provider/mailpartner/client";
import { mailupSettings } from "../../provider/mailup/client";
import { partnerSettings } from "../../provider/partner/client";
import { resellerclubSettings } from "../../provider/resellerclub/client";

const readme = fs.readFileSync(`${__dirname}/../../README.md`, "utf8");

test("the README's configuration table lists every config key with its environment variable", () => {
  for (const spec of [
    ...partnerSettings,
    ...mailupSettings,
    ...resellerclubSettings,
    ...mailpartnerSettings,
    ...requestSettings,
    journalSetting,
  ]) {
    const secret = "secret" in spec && spec.secret ? " (secret)" : "";
    expect(readme).toContain(`| \`mailreseller:${spec.key}\`${secret} | \`${envVarFor(spec.key)}\` |`);
  }
});
