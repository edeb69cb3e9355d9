/**
 * The public argument types as a user's program meets them: Outputs inside lists type-check (as with
 * Pulumi's own providers), and a wrong element type is still a compile error. Compiled with the
 * TypeScript compiler against the package's entry point.
 */
import * as path from "node:path";

import * as ts from "typescript";

jest.setTimeout(60_000);

const repoRoot = path.resolve(__dirname, "../..");

function compile(program: string): ts.Diagnostic[] {
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
    .filter((d) => d.file === undefined || path.resolve(d.file.fileName) === file);
}

function diagnostics(program: string): string[] {
  return compile(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

/** Each error with the text of the line it starts on. */
function diagnosticsAt(program: string): { line: string; message: string }[] {
  const lines = program.split("\n");
  return compile(program).map((d) => ({
    line: d.file && d.start !== undefined ? lines[d.file.getLineAndCharacterOfPosition(d.start).line] : "",
    message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
  }));
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

/**
 * The agreement check that sits beside each hand-written args interface (provider/core/resource/inputs.ts): an
 * interface that drifts from its schema, by a member too many or too few, an optionality or a type, does
 * not compile, and the error names the member.
 */
describe("ArgsAgree and OutputsDeclared", () => {
  const program = `import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { ArgsAgree, OutputsDeclared } from "../../provider/core/resource/inputs";

const schema = z
  .object({
    name: z.string().min(1),
    size: z.number().optional(),
    enabled: z.boolean().default(true),
    tags: z.array(z.string()),
    kind: z.enum(["a", "b"]),
  })
  .strict();

interface Agrees {
  name: pulumi.Input<string>;
  size?: pulumi.Input<number>;
  enabled?: pulumi.Input<boolean>;
  tags: pulumi.Input<pulumi.Input<string>[]>;
  kind: pulumi.Input<"a" | "b">;
}
interface Extra extends Agrees {
  colour: pulumi.Input<string>;
}
type Missing = Omit<Agrees, "size">;
interface OptionalityDiffers extends Omit<Agrees, "size"> {
  size: pulumi.Input<number>;
}
interface TypeDiffers extends Omit<Agrees, "name"> {
  name: pulumi.Input<number>;
}
interface ListWithoutInputElements extends Omit<Agrees, "tags"> {
  tags: pulumi.Input<string[]>;
}
interface WiderUnion extends Omit<Agrees, "kind"> {
  kind: pulumi.Input<string>;
}

export const agrees: ArgsAgree<Agrees, typeof schema> = true;
export const extra: ArgsAgree<Extra, typeof schema> = true;
export const missing: ArgsAgree<Missing, typeof schema> = true;
export const optionalityDiffers: ArgsAgree<OptionalityDiffers, typeof schema> = true;
export const typeDiffers: ArgsAgree<TypeDiffers, typeof schema> = true;
export const listWithoutInputElements: ArgsAgree<ListWithoutInputElements, typeof schema> = true;
export const widerUnion: ArgsAgree<WiderUnion, typeof schema> = true;

interface State {
  name: string;
  liveId: string;
  spend?: number;
}
declare class Declared {
  readonly id: pulumi.Output<string>;
  readonly name: pulumi.Output<string>;
  readonly liveId: pulumi.Output<string>;
}
declare class Undeclared {
  readonly name: pulumi.Output<string>;
}
declare class DeclaresTooMuch extends Declared {
  readonly invented: pulumi.Output<string>;
}
export const outputsDeclared: OutputsDeclared<Declared, State, "spend"> = true;
export const outputsUndeclared: OutputsDeclared<Undeclared, State, "spend"> = true;
export const outputsTooMany: OutputsDeclared<DeclaresTooMuch, State, "spend"> = true;
`;

  let errors: Map<string, string[]>;
  beforeAll(() => {
    errors = new Map();
    for (const d of diagnosticsAt(program)) {
      const name = /export const (\w+)/.exec(d.line)?.[1] ?? d.line;
      errors.set(name, [...(errors.get(name) ?? []), d.message]);
    }
  });

  test("an interface that agrees with its schema compiles", () => {
    expect(errors.get("agrees")).toBeUndefined();
    expect(errors.get("outputsDeclared")).toBeUndefined();
  });

  test.each([
    ["extra", /notInSchema: "colour"/],
    ["missing", /missingFromInterface: "size"/],
    ["optionalityDiffers", /optionalityDiffers: "size"/],
    ["typeDiffers", /typeDiffers: "name"/],
    ["listWithoutInputElements", /typeDiffers: "tags"/],
    ["widerUnion", /typeDiffers: "kind"/],
    ["outputsUndeclared", /undeclaredOutputs: "liveId"/],
    ["outputsTooMany", /declaredButNotInState: "invented"/],
  ])("%s does not compile, and the error names the member", (name, message) => {
    const found = errors.get(name) ?? [];
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  test("no other line has an error", () => {
    const expected = [
      "extra",
      "missing",
      "optionalityDiffers",
      "typeDiffers",
      "listWithoutInputElements",
      "widerUnion",
      "outputsUndeclared",
      "outputsTooMany",
    ];
    expect([...errors.keys()].sort()).toEqual(expected.sort());
  });
});
