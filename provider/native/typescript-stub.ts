/**
 * Stands in for the `typescript` package in the plugin's bundle (scripts/build-plugin.ts). `@pulumi/pulumi`
 * loads TypeScript for one job, serializing a JavaScript function into a dynamic resource's state, which
 * the native provider never does; bundling it would add 10 MB. Any use fails loudly instead.
 */
export = new Proxy(
  {},
  {
    get(_target, key) {
      if (key === "__esModule") return false;
      throw new Error(
        `pulumi-resource-mailreseller: TypeScript (${String(key)}) is not bundled into the plugin; this is a bug`,
      );
    },
  },
);
