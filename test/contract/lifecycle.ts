/**
 * One resource driven through Pulumi's real dynamic-provider host the way the engine drives it: the
 * serialized shim in `__provider`, its name as the class declares it (`declaredAs`), check before create and update, diff on the old outputs, read with the
 * state. The contract tests use it against recorded vendor answers.
 */
import { DynamicHost, serializedShim } from "../harness/dynamic-host";

type Props = Record<string, unknown>;

export interface Lifecycle {
  /** Check of new inputs (optionally against old ones); fails the test on a check failure. */
  check(news: Props, olds?: Props): Promise<Props>;
  create(news: Props): Promise<{ id: string; props: Props }>;
  diff(id: string, olds: Props, news: Props): ReturnType<DynamicHost["diff"]>;
  update(id: string, olds: Props, news: Props): Promise<Props>;
  read(id: string, props: Props): ReturnType<DynamicHost["read"]>;
  delete(id: string, props: Props): Promise<void>;
}

export function lifecycle(host: DynamicHost, shim: string, type: string, name: string): Lifecycle {
  const provider = serializedShim(shim);
  const urn = `urn:pulumi:contract::contract::pulumi-nodejs:dynamic/${type}::${name}`;
  // What the resource class adds to its inputs: its name in the program, which the provider tells one
  // resource from another by (one owner per vendor object). Every scenario here is this one resource.
  const declaredAs = `${type.replace(":", ".")} "${name}"`;
  const withProvider = (p: Props) => ({ declaredAs, ...p, __provider: provider });
  const api: Lifecycle = {
    async check(news, olds = {}) {
      const { inputs, failures } = await host.checkWith(olds, withProvider(news));
      if (failures.length > 0) throw new Error(`check failed: ${JSON.stringify(failures)}`);
      return inputs;
    },
    async create(news) {
      return host.create(urn, await api.check(news));
    },
    diff: (id, olds, news) => host.diff(urn, id, withProvider(olds), withProvider(news)),
    async update(id, olds, news) {
      return host.update(urn, id, withProvider(olds), await api.check(news, olds));
    },
    read: (id, props) => host.read(urn, id, withProvider(props)),
    delete: (id, props) => host.delete(urn, id, withProvider(props)),
  };
  return api;
}
