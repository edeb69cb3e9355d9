/**
 * The public argument types as a user's program meets them: Outputs inside lists type-check (as with
 * Pulumi's own providers), and a wrong element type is still a compile error. Compiled with the
 * TypeScript compiler against the package's entry point.
 */
import * as path from "node:path";

import * as ts from "typescript";

jest.setTimeout(60_000);

const repoRoot = path.resolve(__dirname, "../..");

function diagnostics(program: string): string[] {
  const file = path.join(repoRoot, "test", "unit", "__user-program__.ts");
  const host = ts.createCompilerHost({});
  const read = host.readFile.bind(host);
  host.readFile = (name) => (path.resolve(name) === file ? program : read(name));
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === file || exists(name);
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ["node"],
  };
  const result = ts.createProgram([file], options, host);
  return ts
    .getPreEmitDiagnostics(result)
    .filter((d) => d.file === undefined || path.resolve(d.file.fileName) === file)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

const header = `import * as pulumi from "@pulumi/pulumi";
import { outmail, resellerclub } from "../../provider";
declare const mailbox: resellerclub.MailUser;
declare const relay: outmail.Service;
`;

test("a program that puts Outputs inside a list type-checks", () => {
  expect(
    diagnostics(`${header}
new resellerclub.ForwardOnlyAccount("sales", {
  orderId: mailbox.orderId,
  email: "sales@customer.example",
  forwards: [mailbox.email, "archive@customer.example", pulumi.output("x@y.example")],
});
new resellerclub.ForwardOnlyAccount("all", { orderId: "1001", email: "all@customer.example", forwards: mailbox.email.apply((e) => [e]) });
export const id = relay.liveServiceId;
`),
  ).toEqual([]);
});

test("a wrong element type is still an error", () => {
  const errors = diagnostics(`${header}
new resellerclub.ForwardOnlyAccount("bad", { orderId: "1001", email: "b@customer.example", forwards: [42] });
`);
  expect(errors.join("\n")).toMatch(/number.*not assignable/);
});
