/**
 * The fleet's program: the user's module declares one customer (`declareCustomer(customer, opts)`), and
 * each shard's stack runs it for that shard's customers, each under a `mailreseller:fleet:Customer`
 * component named by the customer's id. The component is what makes a customer one unit of state: a
 * reshard moves it, and `pulumi state move` takes its children along.
 */
import { createRequire } from "node:module";
import * as path from "node:path";

import * as pulumi from "@pulumi/pulumi";

import { CommandError } from "../../core/transport/errors";
import type { FleetCustomer } from "./data";

/** The type token of a customer's component. */
export const CUSTOMER_TYPE = "mailreseller:fleet:Customer";

/**
 * What a fleet program module exports. `opts` carries the customer's component as `parent`: pass it to
 * every resource the customer has (spread it into each resource's options), so the resource is the
 * customer's. What it returns becomes the stack output `customers[<id>]`.
 */
export interface FleetProgram {
  declareCustomer(customer: FleetCustomer, opts: pulumi.CustomResourceOptions): unknown;
}

/**
 * Loads the program module. A TypeScript module needs a loader: the one already running (`npx tsx …`),
 * or tsx when the program's project has it installed.
 */
export function loadFleetProgram(file: string): FleetProgram {
  let loaded: unknown;
  try {
    // A module named at run time by the settings: not an import the compiler can follow.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const typescript = /\.[cm]?ts$/.test(file);
    if (!typescript || (code !== "ERR_UNKNOWN_FILE_EXTENSION" && !(err instanceof SyntaxError))) {
      throw new CommandError(`cannot load the fleet program ${file}: ${(err as Error).message}`);
    }
    loaded = requireWithTsx(file);
  }
  const declare = (loaded as Partial<FleetProgram> | undefined)?.declareCustomer;
  if (typeof declare !== "function") {
    throw new CommandError(`the fleet program ${file} exports no declareCustomer(customer, opts) function`);
  }
  return { declareCustomer: declare };
}

function requireWithTsx(file: string): unknown {
  let api: { require(id: string, from: string): unknown };
  try {
    const from = createRequire(path.join(path.dirname(file), "noop.js"));
    api = from(from.resolve("tsx/cjs/api")) as typeof api;
  } catch {
    throw new CommandError(
      `the fleet program ${file} is TypeScript and no TypeScript loader is running: install tsx in its ` +
        "project (npm install --save-dev tsx), run the command through it (npx tsx node_modules/.bin/" +
        "pulumi-mailreseller fleet …), or point `program` at its compiled JavaScript",
    );
  }
  return api.require(file, __filename);
}

/** One customer's component: its resources are its children. */
class Customer extends pulumi.ComponentResource {
  constructor(id: string) {
    super(CUSTOMER_TYPE, id, {}, {});
  }

  /** Marks the component complete once its children are declared. */
  complete(): void {
    this.registerOutputs({});
  }
}

/** The inline program of one shard: its customers, each under its component. */
export function shardProgram(
  program: FleetProgram,
  customers: readonly FleetCustomer[],
): () => Promise<Record<string, unknown>> {
  return async () => {
    const exported: Record<string, unknown> = {};
    for (const customer of customers) {
      const component = new Customer(customer.id);
      const out = program.declareCustomer(customer, { parent: component });
      component.complete();
      if (out !== undefined) exported[customer.id] = out;
    }
    return { customers: exported };
  };
}
