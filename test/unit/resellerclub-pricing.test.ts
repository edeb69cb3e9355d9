import { parseResellerPricing } from "../../provider/resellerclub/lookups";

// The docs' example answer of mock/products/reseller-price.json.
const docsSample = JSON.parse(
  '{"hosting":{"email_plan":{"0":{"pricing":{"renew":0.0,"add":0.0},"description":{"no_of_mail_accounts":-1,"default":true}},"1":{"description":{"no_of_mail_accounts":1,"default":false}}},"linux_hosting_plan":{"0":{"pricing":{"renew":0.0,"ssl":0.0,"add":0.0},"description":{"no_of_mail_accounts":-1,"default":true,"bandwidth":-1,"webspace":-1}},"1":{"description":{"no_of_mail_accounts":1,"default":false,"bandwidth":1,"webspace":1}}}}}',
);

describe("parseResellerPricing", () => {
  it("turns -1 into unlimited, keeps pricing only where set, and marks the default band", () => {
    const pricing = parseResellerPricing(docsSample);
    expect(pricing.hosting.email_plan["0"]).toEqual({
      pricing: { renew: 0, add: 0 },
      limits: { no_of_mail_accounts: "unlimited" },
      isDefault: true,
    });
    expect(pricing.hosting.email_plan["1"]).toEqual({ limits: { no_of_mail_accounts: 1 }, isDefault: false });
    expect(pricing.hosting.linux_hosting_plan["0"].limits).toEqual({
      no_of_mail_accounts: "unlimited",
      bandwidth: "unlimited",
      webspace: "unlimited",
    });
  });
});
