/**
 * The GitOps pull-request comment (scripts/gitops-preview.ts): the package's resources in either token
 * form; the whole workflow is test/engine/gitops.engine.test.ts.
 */
import { summarize } from "../../scripts/gitops-preview";

const step = (op: string, type: string, name: string) => ({
  resourcePreEvent: { metadata: { op, type, urn: `urn:pulumi:prod::gitops::${type}::${name}` } },
});

test("lists the changes of native resources as of dynamic ones, and of no other type", () => {
  const { markdown, blocked } = summarize(
    [
      step("update", "pulumi-nodejs:dynamic/outmail:Service", "bakery-relay"),
      step("update", "mailreseller:outmail:Service", "native-relay"),
      step("delete", "mailreseller:mailup:AccountPack", "native-pack"),
      step("create", "mailreseller:fleet:Customer", "acme"),
      step("create", "pulumi:providers:mailreseller", "default_0_1_0"),
    ],
    0,
  );
  expect(markdown).toContain("| update | bakery-relay | outmail:Service |");
  expect(markdown).toContain("| update | native-relay | outmail:Service |");
  expect(markdown).toContain("| delete | native-pack | mailup:AccountPack |");
  expect(markdown).not.toContain("acme");
  expect(markdown).not.toContain("default_0_1_0");
  // The native pack's deletion, approved by nobody, blocks.
  expect(blocked).toBe(true);
});
