// The engine tests' harness is shared with the fault soak (soak/driver.ts), so it lives in scripts/.
export * from "../../scripts/engine-stack";
