// A reseller's fleet as data: one entry per customer in customers.json (or the file named by
// FLEET_DATA), each with its outMail tariff, MailUp profile and packs (customer.ts declares one). A pull
// request changes the data; CI previews it against the sandbox with the policy pack (see README.md in
// this folder). For thousands of customers, the same data and customer.ts run as shards:
// `pulumi-mailreseller fleet` with mailreseller-fleet.json.
import * as fs from "node:fs";
import * as path from "node:path";

import * as pulumi from "@pulumi/pulumi";

import { type Customer, declareCustomer } from "./customer";

const file = process.env.FLEET_DATA ?? path.join(__dirname, "customers.json");
const { customers } = JSON.parse(fs.readFileSync(file, "utf8")) as { customers: Customer[] };

export const fleet: Record<string, pulumi.Output<string>> = {};
for (const c of customers) fleet[c.id] = declareCustomer(c);
