/**
 * The native provider's gRPC service (provider/native/server.ts) called over real gRPC on loopback, the
 * way the engine calls it, against the sandbox: what the engine tier cannot easily provoke. Secrets
 * leave secret and are reported when passed in plain text; a preview's Create calls no vendor; a created
 * but unfinished MailUp activation reaches the engine as `ErrorResourceInitFailed` with its id, so the
 * next `up` resumes it; errors carry no credential; an unknown config key is named.
 */
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ResourceProviderClient, ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import * as status from "@pulumi/pulumi/proto/status_pb";

import { sandboxSettings } from "../../sandbox/provider-config";
import {
  DEFAULT_MAILUP_CLIENT_SECRET,
  DEFAULT_PARTNER_API_KEY,
  Sandbox,
  startSandbox,
} from "../../sandbox/server";
import { invokeFunction } from "../../provider/native/functions";
import schema from "../../provider/native/schema.json";
import { NativeProvider, serviceHandlers } from "../../provider/native/server";
import { fromStruct, secret } from "../../provider/native/wire";

jest.setTimeout(60_000);

let sandbox: Sandbox;
let server: grpc.Server;
let client: ResourceProviderClient;

type Callback<Res> = (err: grpc.ServiceError | null, res: Res) => void;

/** One call to the service, as the engine makes it: `call<Res>((cb) => client.check(req, cb))`. */
function call<Res>(invoke: (cb: Callback<Res>) => unknown): Promise<Res> {
  return new Promise((resolve, reject) => invoke((err, res) => (err ? reject(err) : resolve(res))));
}

function struct(value: Record<string, unknown>): Struct {
  return Struct.fromJavaScript(value as Parameters<typeof Struct.fromJavaScript>[0]);
}

const urn = (type: string, name: string) => `urn:pulumi:dev::native::${type}::${name}`;

function checkRequest(type: string, name: string, news: Record<string, unknown>): proto.CheckRequest {
  const req = new proto.CheckRequest();
  req.setUrn(urn(type, name));
  req.setType(type);
  req.setName(name);
  req.setOlds(struct({}));
  req.setNews(struct(news));
  return req;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, mailupActivationPolls: 50 });
  const provider = new NativeProvider({
    schemaText: JSON.stringify(schema),
    version: "0.0.0-test",
    invoke: invokeFunction,
  });
  server = new grpc.Server();
  server.addService(ResourceProviderService, serviceHandlers(provider));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  // The default provider's configuration, as the engine sends it: secrets in envelopes.
  const settings = sandboxSettings(sandbox.url);
  const configure = new proto.ConfigureRequest();
  configure.setArgs(
    struct(
      Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, v.secret ? secret(v.value) : v.value])),
    ),
  );
  await call<proto.ConfigureResponse>((cb) => client.configure(configure, cb));
});

afterAll(async () => {
  client?.close();
  server?.forceShutdown();
  await sandbox?.close();
});

/** Check of an outMail service named "relay". */
function checkRelay(news: Record<string, unknown>): Promise<proto.CheckResponse> {
  const req = checkRequest("mailreseller:outmail:Service", "relay", news);
  return call<proto.CheckResponse>((cb) => client.check(req, cb));
}

test("check: a secret input stays secret, a plain password is reported and stored secret", async () => {
  const relay = { clientId: "9987606", serviceName: "Outmail500", username: "native-check-1" };
  const plain = await checkRelay({ ...relay, password: "plain-passw0rd" });
  expect(plain.getFailuresList()).toEqual([]);
  const checked = plain.getInputs()!.toJavaScript() as Record<string, unknown>;
  expect(checked.password).toEqual(secret("plain-passw0rd"));
  expect(fromStruct(plain.getInputs()).props.policyFacts).toMatchObject({
    declaredAs: 'outmail.Service "relay"',
    plainSecretInputs: ["password"],
  });
  const secretOne = await checkRelay({ ...relay, password: secret("s3cret-passw0rd") });
  expect(fromStruct(secretOne.getInputs()).props.policyFacts).toMatchObject({ plainSecretInputs: [] });
});

test("check: a bad input fails naming the property", async () => {
  const res = await checkRelay({
    clientId: "acme",
    serviceName: "Outmail500",
    username: "ok-user",
    password: secret("s3cret-passw0rd"),
  });
  expect(res.getFailuresList().map((f) => [f.getProperty(), f.getReason()])).toEqual([
    ["clientId", expect.stringMatching(/numeric id of one of your clients/)],
  ]);
});

test("create during a preview answers from the inputs and calls no vendor", async () => {
  const before = sandbox.requests.length;
  const req = new proto.CreateRequest();
  req.setUrn(urn("mailreseller:outmail:Service", "relay"));
  req.setType("mailreseller:outmail:Service");
  req.setPreview(true);
  req.setProperties(
    struct({
      clientId: "9987606",
      serviceName: "Outmail500",
      username: "native-preview",
      password: secret("s3cret-passw0rd"),
    }),
  );
  const res = await call<proto.CreateResponse>((cb) => client.create(req, cb));
  expect(sandbox.requests.length).toBe(before);
  const props = res.getProperties()!.toJavaScript() as Record<string, unknown>;
  expect(props.liveServiceId).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
  expect(props.password).toEqual(secret("s3cret-passw0rd"));
});

test("a created but unfinished MailUp activation reaches the engine with its id, its secrets wrapped", async () => {
  const req = new proto.CreateRequest();
  req.setUrn(urn("mailreseller:mailup:Account", "console"));
  req.setType("mailreseller:mailup:Account");
  req.setProperties(
    struct({
      profile: "Premium",
      language: "EN",
      ipAddress: "192.168.0.1",
      email: "native-unfinished@retailer.example",
      customDomain: "power-email-marketing.example",
      customSubdomain: "native-unfinished",
      serviceName: "Power email marketing",
      serviceUrl: "www.power-email-marketing.example/info",
      serviceLogoutUrl: "www.power-email-marketing.example",
      enabled: true,
      activationTimeoutSeconds: 1,
    }),
  );
  const err = (await call<proto.CreateResponse>((cb) => client.create(req, cb)).catch(
    (e: unknown) => e,
  )) as grpc.ServiceError;
  expect(err.code).toBe(grpc.status.UNKNOWN);
  expect(err.details).toMatch(/resumes waiting for it instead of activating another account/);
  const [details] = err.metadata.get("grpc-status-details-bin");
  const st = status.Status.deserializeBinary(details as Buffer);
  const init = proto.ErrorResourceInitFailed.deserializeBinary(st.getDetailsList()[0].getValue_asU8());
  expect(init.getId()).toMatch(/\d+/);
  expect(init.getProperties()!.toJavaScript()).toMatchObject({ activationId: init.getId() });
  expect(JSON.stringify(init.getProperties()!.toJavaScript())).not.toContain(DEFAULT_MAILUP_CLIENT_SECRET);
});

test("a diff names what it updates and what it replaces", async () => {
  const req = new proto.DiffRequest();
  req.setUrn(urn("mailreseller:outmail:Service", "relay"));
  req.setType("mailreseller:outmail:Service");
  req.setId("1234931");
  const olds = {
    clientId: "9987606",
    serviceName: "Outmail500",
    username: "relay-one",
    password: secret("s3cret-passw0rd"),
    suspended: false,
    outmailId: "500001",
    liveServiceId: "1234931",
    outmailServerId: "11",
  };
  req.setOlds(struct(olds));
  req.setNews(struct({ ...olds, serviceName: "Outmail1000", username: "relay-two" }));
  const res = await call<proto.DiffResponse>((cb) => client.diff(req, cb));
  expect(res.getChanges()).toBe(proto.DiffResponse.DiffChanges.DIFF_SOME);
  expect(res.getReplacesList()).toEqual(["username"]);
  expect(res.getHasdetaileddiff()).toBe(true);
  const detailed: Record<string, number> = {};
  res.getDetaileddiffMap().forEach((diff, key) => (detailed[key] = diff.getKind()));
  expect(detailed).toEqual({
    serviceName: proto.PropertyDiff.Kind.UPDATE,
    username: proto.PropertyDiff.Kind.UPDATE_REPLACE,
  });
});

test("a read with the id alone (pulumi import) returns the schema's inputs, what the vendor reports, secrets wrapped", async () => {
  const { token } = sandbox.mailpartner.seedSubaccount({
    type: "advanced",
    email: "imported@native.example",
  });
  const before = sandbox.requests.length;
  const req = new proto.ReadRequest();
  req.setUrn(urn("mailreseller:mailpartner:Subaccount", "shop"));
  req.setType("mailreseller:mailpartner:Subaccount");
  req.setId("Imported@Native.example");
  const res = await call<proto.ReadResponse>((cb) => client.read(req, cb));
  expect(sandbox.requests.slice(before).filter((r) => r.method !== "GET")).toEqual([]);
  expect(res.getId()).toBe("imported@native.example");
  // What a program declares, no more: the take-over it records (adopt) is an output only.
  expect(res.getInputs()!.toJavaScript()).toEqual({ type: "advanced", email: "imported@native.example" });
  const outputs = res.getProperties()!.toJavaScript() as Record<string, unknown>;
  expect(outputs).toMatchObject({ adopt: "imported@native.example", creditAttributed: 0 });
  expect(outputs.token).toEqual(secret(token));
});

test("a vendor error reaches the engine without the credential", async () => {
  const configure = new proto.ConfigureRequest();
  const settings = sandboxSettings(sandbox.url);
  configure.setArgs(
    struct({
      partnerApiUrl: settings.partnerApiUrl.value,
      partnerId: "sandbox-partner",
      partnerApiKey: secret(`${DEFAULT_PARTNER_API_KEY}-wrong`),
    }),
  );
  await call<proto.ConfigureResponse>((cb) => client.configure(configure, cb));
  const invoke = new proto.InvokeRequest();
  invoke.setTok("mailreseller:outmail:listClients");
  invoke.setArgs(struct({}));
  const err = (await call<proto.InvokeResponse>((cb) => client.invoke(invoke, cb)).catch(
    (e: unknown) => e,
  )) as grpc.ServiceError;
  expect(err.details).toMatch(/partner/i);
  expect(err.details).not.toContain(DEFAULT_PARTNER_API_KEY);
});

test("an unknown config key is named, with the keys there are", async () => {
  const req = new proto.CheckRequest();
  req.setNews(struct({ partnerApiURL: "https://example.test", partnerId: "1", version: "0.1.0" }));
  const res = await call<proto.CheckResponse>((cb) => client.checkConfig(req, cb));
  expect(res.getFailuresList().map((f) => f.getProperty())).toEqual(["partnerApiURL"]);
  expect(res.getFailuresList()[0].getReason()).toContain("its settings are partnerApiUrl, partnerId");
});
