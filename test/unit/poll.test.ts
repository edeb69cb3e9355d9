import { pollUntilDone } from "../../provider/core/transport/poll";

function fakeClock() {
  let now = 0;
  const waits: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
    waits,
  };
}

describe("pollUntilDone", () => {
  it("checks at once, then backs off exponentially up to the cap, until done", async () => {
    const clock = fakeClock();
    let calls = 0;
    const result = await pollUntilDone(
      async () => (++calls < 5 ? { done: false, status: "Processing" } : { done: true, value: "150001" }),
      { timeoutMs: 60_000, initialDelayMs: 100, maxDelayMs: 400, ...clock },
    );
    expect(result).toEqual({ done: true, value: "150001", checks: 5, elapsedMs: 1100 });
    expect(clock.waits).toEqual([100, 200, 400, 400]);
  });

  it("reports a timeout with the last status instead of throwing, never waiting past the deadline", async () => {
    const clock = fakeClock();
    const result = await pollUntilDone(async () => ({ done: false, status: "Processing" }), {
      timeoutMs: 1000,
      initialDelayMs: 300,
      ...clock,
    });
    expect(result).toEqual({ done: false, checks: 4, elapsedMs: 1000, lastStatus: "Processing" });
    expect(clock.waits).toEqual([300, 600, 100]);
  });

  it("lets a failing check's error through", async () => {
    await expect(
      pollUntilDone(async () => Promise.reject(new Error("Code 2: Error")), { timeoutMs: 1000 }),
    ).rejects.toThrow("Code 2: Error");
  });
});
