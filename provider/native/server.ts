/**
 * The `mailreseller` resource provider plugin's gRPC service: Pulumi's `ResourceProvider` protocol
 * (pulumi/pulumi proto/pulumi/provider.proto) served by our own thin layer over the same provider objects
 * the dynamic classes use (./resources.ts).
 *
 * Why not `@pulumi/pulumi/provider`'s `main()`: in Pulumi 3.276 it ignores `Configure`'s arguments (so an
 * explicit provider resource's credentials are lost, pulumi/pulumi#10915), drops detailed diffs and
 * `stables`, passes no inputs to `Read` (so no `pulumi import`), and hands secrets and unknowns over in
 * their wire form. Here each of those is done once: ./wire.ts translates values, this file maps each call.
 *
 * What differs from the dynamic-provider host, by design:
 * - `supportsPreview`: the engine calls Create and Update during preview too (with `preview` set); they
 *   answer from the inputs and never reach a vendor.
 * - Diff answers with a detailed diff: which input changes, and which forces the replacement.
 * - Read without recorded state (an import) reads the object by its id and returns its inputs.
 * - The program's name for a resource (`declaredAs`) and which secret-demanding inputs arrived in plain
 *   text (`plainSecretInputs`) are what the dynamic classes register; here they come from the URN and
 *   from the wire.
 */
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import * as plugin from "@pulumi/pulumi/proto/plugin_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import * as status from "@pulumi/pulumi/proto/status_pb";

import { changed } from "../core/resource/changed";
import { type DetailedDiffResult } from "../core/resource/inputs";
import { setProviderConfig } from "../core/transport/config";
import { redact } from "../core/transport/redact";
import { UNKNOWN_VALUE } from "../core/protocol/policy-facts-protocol";
import { nameOfUrn, typeOfUrn } from "../core/protocol/urn";
import { describeResource } from "../core/protocol/vendor-keys";
import { useEngineAddress } from "../core/resource/warn";
import { type NativeResource, nativeResources } from "./resources";
import { type PackageSchema } from "./schema-types";
import { type Props, fromStruct, toStruct, wrapSecrets } from "./wire";

/** What the server is built from. */
export interface ServerOptions {
  /** The package schema's JSON text, as GetSchema returns it. */
  schemaText: string;
  /** The plugin's version (GetPluginInfo). */
  version: string;
  /** Runs a function (an invoke) by token, with its arguments and result as the schema defines them. */
  invoke(token: string, args: Props): Promise<Props>;
}

/** The provider's own config keys (`version` is the engine's bookkeeping, not ours). */
const ENGINE_CONFIG_KEYS = new Set(["version", "pluginDownloadURL"]);

/** The implementation of the `pulumirpc.ResourceProvider` service. */
export class NativeProvider {
  private readonly resources: Map<string, NativeResource>;
  private readonly configKeys: ReadonlySet<string>;

  constructor(private readonly options: ServerOptions) {
    const schema = JSON.parse(options.schemaText) as PackageSchema;
    this.resources = nativeResources(schema);
    this.configKeys = new Set(Object.keys(schema.config?.variables ?? {}));
  }

  // --- the plugin itself -----------------------------------------------------------------------------

  async handshake(req: proto.ProviderHandshakeRequest): Promise<proto.ProviderHandshakeResponse> {
    useEngineAddress(req.getEngineAddress());
    const resp = new proto.ProviderHandshakeResponse();
    resp.setAcceptSecrets(true);
    resp.setAcceptResources(false);
    resp.setAcceptOutputs(false);
    return resp;
  }

  async getPluginInfo(): Promise<plugin.PluginInfo> {
    const info = new plugin.PluginInfo();
    info.setVersion(this.options.version);
    return info;
  }

  async getSchema(req: proto.GetSchemaRequest): Promise<proto.GetSchemaResponse> {
    if (req.getVersion() !== 0) throw new Error(`unsupported schema version ${req.getVersion()}`);
    const resp = new proto.GetSchemaResponse();
    resp.setSchema(this.options.schemaText);
    return resp;
  }

  async cancel(): Promise<Empty> {
    return new Empty();
  }

  // --- provider configuration --------------------------------------------------------------------------

  /**
   * Refuses a key the package does not have (a typo such as `mailreseller:partnerApiURL` would otherwise
   * be ignored, and the environment or nothing used instead), naming the keys it has; the values are
   * checked where they are used, by the clients, naming the key.
   */
  async checkConfig(req: proto.CheckRequest): Promise<proto.CheckResponse> {
    const resp = new proto.CheckResponse();
    resp.setInputs(req.getNews() ?? new Struct());
    const known = this.configKeys;
    resp.setFailuresList(
      Object.keys(configOf(fromStruct(req.getNews()).props))
        .filter((key) => !known.has(key))
        .map((key) => {
          const failure = new proto.CheckFailure();
          failure.setProperty(key);
          failure.setReason(
            `mailreseller:${key} is not a setting of the mailreseller provider; its settings are ${[...known].join(", ")}`,
          );
          return failure;
        }),
    );
    return resp;
  }

  /** New credentials or endpoints take effect in place: nothing is ever replaced for a config change. */
  async diffConfig(req: proto.DiffRequest): Promise<proto.DiffResponse> {
    const olds = configOf(fromStruct(req.getOlds()).props);
    const news = configOf(fromStruct(req.getNews()).props);
    const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((k) =>
      changed(olds[k], news[k]),
    );
    const resp = new proto.DiffResponse();
    resp.setChanges(
      keys.length > 0 ? proto.DiffResponse.DiffChanges.DIFF_SOME : proto.DiffResponse.DiffChanges.DIFF_NONE,
    );
    resp.setDiffsList(keys);
    return resp;
  }

  /**
   * The provider's configuration: the arguments of an explicit provider resource, or for the default
   * provider the stack's `mailreseller:*` config, which the engine sends as both `args` and `variables`.
   * The environment fallbacks (MAILRESELLER_*) stay as they are (core/transport/config.ts).
   */
  async configure(req: proto.ConfigureRequest): Promise<proto.ConfigureResponse> {
    const args = configOf(fromStruct(req.getArgs()).props);
    const values = new Map<string, string>();
    if (req.hasArgs()) {
      for (const [key, value] of Object.entries(args)) values.set(`mailreseller:${key}`, configText(value));
    } else {
      // Older engines send only `variables`, keyed `mailreseller:config:<key>`.
      req.getVariablesMap().forEach((value, key) => values.set(key.replace(/:config:/, ":"), value));
    }
    setProviderConfig({ get: (fullKey) => values.get(fullKey) });
    const resp = new proto.ConfigureResponse();
    resp.setAcceptsecrets(true);
    resp.setSupportspreview(true);
    resp.setAcceptresources(false);
    resp.setAcceptoutputs(false);
    return resp;
  }

  // --- invokes -----------------------------------------------------------------------------------------

  async invoke(req: proto.InvokeRequest): Promise<proto.InvokeResponse> {
    const result = await this.options.invoke(req.getTok(), fromStruct(req.getArgs()).props);
    const resp = new proto.InvokeResponse();
    resp.setReturn(toStruct(result));
    return resp;
  }

  // --- resources ---------------------------------------------------------------------------------------

  async check(req: proto.CheckRequest): Promise<proto.CheckResponse> {
    const resource = this.resourceOf(req.getType(), req.getUrn());
    const olds = fromStruct(req.getOlds());
    const news = fromStruct(req.getNews());
    const plainSecretInputs = [...resource.secretInputs].filter(
      (k) => news.props[k] !== undefined && !news.secretKeys.has(k),
    );
    const inputs = {
      ...news.props,
      declaredAs: describeResource(resource.label, req.getName() || nameOfUrn(req.getUrn())),
      plainSecretInputs,
    };
    const result = await resource.provider.check!(olds.props, inputs);
    const resp = new proto.CheckResponse();
    if (result.inputs !== undefined) {
      // A secret stays secret, and a secret-demanding input is never stored in plain text.
      resp.setInputs(toStruct(result.inputs, [...news.secretKeys, ...resource.secretInputs]));
    }
    resp.setFailuresList(
      (result.failures ?? []).map((f) => {
        const failure = new proto.CheckFailure();
        failure.setProperty(f.property);
        failure.setReason(f.reason);
        return failure;
      }),
    );
    return resp;
  }

  async diff(req: proto.DiffRequest): Promise<proto.DiffResponse> {
    const resource = this.resourceOf(req.getType(), req.getUrn());
    const olds = recorded(resource, req.getOlds(), req.getOldInputs());
    const news = fromStruct(req.getNews()).props;
    const result = (await resource.provider.diff!(req.getId(), olds, news)) as DetailedDiffResult;
    const resp = new proto.DiffResponse();
    resp.setChanges(
      result.changes === true
        ? proto.DiffResponse.DiffChanges.DIFF_SOME
        : result.changes === false
          ? proto.DiffResponse.DiffChanges.DIFF_NONE
          : proto.DiffResponse.DiffChanges.DIFF_UNKNOWN,
    );
    const replaces = result.replaces ?? [];
    const updates = result.updates ?? [];
    resp.setReplacesList(replaces);
    resp.setDeletebeforereplace(result.deleteBeforeReplace === true);
    resp.setDiffsList([...replaces, ...updates]);
    if (result.changes !== undefined) {
      resp.setHasdetaileddiff(true);
      const detailed = resp.getDetaileddiffMap();
      for (const key of [...replaces, ...updates]) {
        const diff = new proto.PropertyDiff();
        diff.setKind(propertyDiffKind(olds[key], news[key], replaces.includes(key)));
        diff.setInputdiff(true);
        detailed.set(key, diff);
      }
    }
    return resp;
  }

  async create(req: proto.CreateRequest): Promise<proto.CreateResponse> {
    const resource = this.resourceOf(req.getType(), req.getUrn());
    const inputs = fromStruct(req.getProperties());
    const secrets = [...inputs.secretKeys, ...resource.secretOutputs];
    const resp = new proto.CreateResponse();
    if (req.getPreview()) {
      // Nothing is known yet of what the vendor assigns: left unknown, never asked for.
      resp.setProperties(toStruct({ ...computedUnknowns(resource), ...inputs.props }, secrets));
      return resp;
    }
    const result = await resource.provider.create!(inputs.props).catch((err: unknown) => {
      throw withSecretProperties(err, secrets);
    });
    resp.setId(result.id);
    resp.setProperties(toStruct(result.outs as Props, secrets));
    return resp;
  }

  async read(req: proto.ReadRequest): Promise<proto.ReadResponse> {
    const resource = this.resourceOf(req.getType(), req.getUrn());
    const state = fromStruct(req.getProperties());
    const importing = Object.keys(state.props).length === 0;
    const olds = importing ? undefined : recorded(resource, req.getProperties(), req.getInputs());
    const result = await resource.provider.read!(req.getId(), olds);
    const resp = new proto.ReadResponse();
    if (!result.id) return resp; // gone
    const inputSecrets = [
      ...fromStruct(req.getInputs()).secretKeys,
      ...state.secretKeys,
      ...resource.secretInputs,
    ];
    let inputs = (result.inputs ?? {}) as Props;
    // An import records exactly what a program declares: the schema's inputs.
    if (importing)
      inputs = Object.fromEntries(Object.entries(inputs).filter(([k]) => resource.inputNames.has(k)));
    resp.setId(result.id);
    resp.setProperties(toStruct(result.props as Props, [...state.secretKeys, ...resource.secretOutputs]));
    resp.setInputs(toStruct(inputs, inputSecrets));
    return resp;
  }

  async update(req: proto.UpdateRequest): Promise<proto.UpdateResponse> {
    const resource = this.resourceOf(req.getType(), req.getUrn());
    const olds = recorded(resource, req.getOlds(), req.getOldInputs());
    const news = fromStruct(req.getNews());
    const secrets = [...news.secretKeys, ...fromStruct(req.getOlds()).secretKeys, ...resource.secretOutputs];
    const resp = new proto.UpdateResponse();
    if (req.getPreview()) {
      // What the vendor assigned stays; the inputs are the new ones.
      resp.setProperties(toStruct({ ...computedOf(resource, olds), ...news.props }, secrets));
      return resp;
    }
    const result = await resource.provider.update!(req.getId(), olds, news.props).catch((err: unknown) => {
      throw withSecretProperties(err, secrets);
    });
    resp.setProperties(toStruct((result.outs ?? {}) as Props, secrets));
    return resp;
  }

  async delete(req: proto.DeleteRequest): Promise<Empty> {
    const resource = this.resourceOf(req.getType(), req.getUrn());
    await resource.provider.delete!(req.getId(), recorded(resource, req.getProperties(), req.getOldInputs()));
    return new Empty();
  }

  private resourceOf(type: string, urn: string): NativeResource {
    const token = type || typeOfUrn(urn);
    const resource = this.resources.get(token);
    if (resource === undefined) throw new Error(`the mailreseller provider has no resource type ${token}`);
    return resource;
  }
}

/**
 * A resource's recorded outputs, with any input the outputs lack taken from the recorded inputs. The
 * engine keeps the old outputs of a resource whose diff is empty but records its new inputs: after an
 * import (whose Read cannot know a write-only password), the password a program then declares lives in
 * the inputs only, and a later change of it must still be seen as one.
 */
function recorded(resource: NativeResource, outputs: Struct | undefined, inputs: Struct | undefined): Props {
  const outs = fromStruct(outputs).props;
  const ins = fromStruct(inputs).props;
  const filled: Props = { ...outs };
  for (const key of resource.inputNames) {
    if (filled[key] === undefined && ins[key] !== undefined) filled[key] = ins[key];
  }
  return filled;
}

/** The outputs the vendor assigns (the schema's outputs that are not inputs), as unknowns. */
function computedUnknowns(resource: NativeResource): Props {
  const names = [...resource.outputNames].filter((k) => !resource.inputNames.has(k));
  return Object.fromEntries(names.map((k) => [k, UNKNOWN_VALUE]));
}

/**
 * A created-but-unfinished error's properties become the resource's recorded outputs: their secrets go
 * back wrapped, like a result's.
 */
function withSecretProperties(err: unknown, secretKeys: Iterable<string>): unknown {
  const e = err as { id?: unknown; properties?: Props };
  if (typeof e?.id === "string" && e.properties !== undefined)
    e.properties = wrapSecrets(e.properties, secretKeys);
  return err;
}

/** The recorded values of the outputs the vendor assigned. */
function computedOf(resource: NativeResource, olds: Props): Props {
  return Object.fromEntries(Object.entries(olds).filter(([k]) => !resource.inputNames.has(k)));
}

function propertyDiffKind(old: unknown, now: unknown, replaces: boolean): proto.PropertyDiff.Kind {
  const K = proto.PropertyDiff.Kind;
  if (old === undefined) return replaces ? K.ADD_REPLACE : K.ADD;
  if (now === undefined) return replaces ? K.DELETE_REPLACE : K.DELETE;
  return replaces ? K.UPDATE_REPLACE : K.UPDATE;
}

/** A provider's configuration without the engine's own keys. */
function configOf(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([k]) => !ENGINE_CONFIG_KEYS.has(k)));
}

/** A config value as the clients read it: text. */
function configText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * An error as the engine expects it. One carrying `id` is a resource created but not finished (MailUp's
 * activation outliving its wait): packed as `ErrorResourceInitFailed`, so the engine records it and the
 * next `up` resumes it, as the dynamic-provider host does. Messages are redacted once more on the way out.
 */
export function grpcError(err: unknown): grpc.ServiceError {
  const e = err as Error & { id?: unknown; properties?: Props; reasons?: string[] };
  const message = redact(e instanceof Error ? e.message : String(err));
  const metadata = new grpc.Metadata();
  if (typeof e?.id === "string" && e.id !== "") {
    const detail = new proto.ErrorResourceInitFailed();
    detail.setId(e.id);
    detail.setProperties(toStruct(e.properties ?? {}));
    detail.setReasonsList((e.reasons ?? [message]).map(redact));
    const any = new Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const st = new status.Status();
    st.setCode(grpc.status.UNKNOWN);
    st.setMessage(message);
    st.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(st.serializeBinary()));
  }
  return Object.assign(new Error(message), { code: grpc.status.UNKNOWN, details: message, metadata });
}

/** The service's methods as gRPC handlers: each call's promise answered, each failure as the engine reads one. */
export function serviceHandlers(provider: NativeProvider): grpc.UntypedServiceImplementation {
  const unary =
    <Req, Res>(method: (req: Req) => Promise<Res>) =>
    (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => {
      method.call(provider, call.request).then(
        (res) => callback(null, res),
        (err: unknown) => callback(grpcError(err)),
      );
    };
  return {
    handshake: unary(provider.handshake),
    getSchema: unary(provider.getSchema),
    checkConfig: unary(provider.checkConfig),
    diffConfig: unary(provider.diffConfig),
    configure: unary(provider.configure),
    invoke: unary(provider.invoke),
    check: unary(provider.check),
    diff: unary(provider.diff),
    create: unary(provider.create),
    read: unary(provider.read),
    update: unary(provider.update),
    delete: unary(provider.delete),
    cancel: unary(provider.cancel),
    getPluginInfo: unary(provider.getPluginInfo),
  };
}
