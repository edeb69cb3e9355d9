/**
 * One owner per vendor object: the key table (provider/core/protocol/vendor-keys.ts) and the provider's record of
 * what each resource of a run holds (provider/core/resource/holders.ts).
 */
import { forgetHeld, heldByAnother, recordHeld, resetHoldings } from "../../provider/core/resource/holders";
import {
  declaredKeys,
  heldKeys,
  labelOfResource,
  sharedKeys,
} from "../../provider/core/protocol/vendor-keys";

afterEach(resetHoldings);

describe("the key table", () => {
  test("an outMail service declares its username and, when adopting, the live service id", () => {
    expect(declaredKeys("outmail.Service", { username: "relay", adopt: "1234931" })).toEqual([
      { kind: "outMail username", value: "relay" },
      { kind: "Partner API live service", value: "1234931" },
    ]);
  });

  test("a resource's id is a key where it names the object, once", () => {
    expect(heldKeys("outmail.Service", "1234931", { username: "relay", adopt: "1234931" })).toEqual([
      { kind: "outMail username", value: "relay" },
      { kind: "Partner API live service", value: "1234931" },
    ]);
    expect(heldKeys("partner.LiveService", "1234801", { liveServiceId: "1234801" })).toEqual([
      { kind: "Partner API live service", value: "1234801" },
    ]);
    // A mailbox's id ("ORDER_ID/EMAIL") adds nothing to its address.
    expect(heldKeys("resellerclub.MailUser", "1001/a@x.example", { email: "A@X.example" })).toEqual([
      { kind: "ResellerClub address", value: "a@x.example" },
    ]);
  });

  test("a MailUp account's domain is its subdomain and domain, without case", () => {
    expect(declaredKeys("mailup.Account", { customSubdomain: "News", customDomain: "Shop.example" })).toEqual(
      [{ kind: "MailUp domain", value: "news.shop.example" }],
    );
  });

  test("the type of a plain dynamic resource comes from what its provider recorded", () => {
    expect(labelOfResource("pulumi-nodejs:dynamic/outmail:Service", undefined)).toBe("outmail.Service");
    expect(labelOfResource("pulumi-nodejs:dynamic:Resource", "mailup.Account")).toBe("mailup.Account");
    expect(labelOfResource("pulumi-nodejs:dynamic:Resource", "something else")).toBeUndefined();
  });

  test("sharedKeys lists every holder of a key declared more than once", () => {
    const key = { kind: "outMail username" as const, value: "twin" };
    expect(
      sharedKeys([
        { holder: "a", keys: [key] },
        { holder: "b", keys: [key] },
        { holder: "c", keys: [key, { kind: "outMail username", value: "solo" }] },
      ]),
    ).toEqual([{ key, holders: ["a", "b", "c"] }]);
  });
});

describe("what the resources of a run hold", () => {
  const relay = heldKeys("outmail.Service", "1234931", { username: "relay" });

  test("a key held by another resource is reported with its holder; one's own is not", () => {
    recordHeld(relay, 'outmail.Service "a"');
    expect(heldByAnother(relay, 'outmail.Service "a"')).toBeUndefined();
    expect(heldByAnother(relay, 'outmail.Service "b"')).toEqual({
      key: { kind: "outMail username", value: "relay" },
      holder: 'outmail.Service "a"',
    });
  });

  test("across types: a live service an outMail service holds is held for a partner.LiveService too", () => {
    recordHeld(relay, 'outmail.Service "a"');
    const live = heldKeys("partner.LiveService", "1234931", { liveServiceId: "1234931" });
    expect(heldByAnother(live, 'partner.LiveService "mx"')?.holder).toBe('outmail.Service "a"');
  });

  test("when neither side has a name, nobody can tell them apart: the key counts as held", () => {
    recordHeld(relay, undefined);
    expect(heldByAnother(relay, undefined)?.holder).toBe("another resource of this stack");
  });

  test("a deleted object's keys are forgotten", () => {
    recordHeld(relay, 'outmail.Service "a"');
    forgetHeld(relay);
    expect(heldByAnother(relay, 'outmail.Service "b"')).toBeUndefined();
  });
});
