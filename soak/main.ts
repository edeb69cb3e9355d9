/**
 * `npm run soak`: the fault soak (driver.ts) at full size, with its figures printed.
 *
 *   npm run soak -- [--operations 1000] [--rounds 10] [--fault-rate 0.2] [--seed 1] [--parallel 16] [--json FILE]
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";

import { runSoak } from "./driver";
import { printFigures, soakPassed } from "./report";

const { values } = parseArgs({
  options: {
    operations: { type: "string", default: "1000" },
    rounds: { type: "string", default: "10" },
    "fault-rate": { type: "string", default: "0.2" },
    seed: { type: "string", default: "1" },
    parallel: { type: "string", default: "16" },
    json: { type: "string" },
  },
});

runSoak({
  operations: Number(values.operations),
  rounds: Number(values.rounds),
  faultRate: Number(values["fault-rate"]),
  seed: Number(values.seed),
  parallel: Number(values.parallel),
  log: (line) => process.stderr.write(`${line}\n`),
})
  .then((figures) => {
    printFigures(figures);
    if (values.json) fs.writeFileSync(values.json, JSON.stringify(figures, null, 2));
    if (!soakPassed(figures)) process.exitCode = 1;
  })
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
