/** What the benchmarks measure of the dynamic-provider hosts the engine starts. */
import * as fs from "node:fs";

/**
 * Peak RSS of the dynamic-provider host(s) that the operation started (descendants of `rootPid`, so another
 * program's host on the same machine is not counted), sampled every 200 ms from /proc while it runs.
 */
export function watchProviderRss(rootPid: number): () => number {
  let peak = 0;
  const parentOf = (pid: number): number => {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name, in parentheses, may hold spaces: the parent's pid is the 2nd field after it.
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  };
  const startedByRun = (pid: number): boolean => {
    for (let p = pid, depth = 0; p > 1 && depth < 32; p = parentOf(p), depth++)
      if (p === rootPid) return true;
    return false;
  };
  const timer = setInterval(() => {
    for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
      try {
        const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
        if (!cmd.includes("dynamic-provider") || !startedByRun(Number(pid))) continue;
        const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
        if (rss) peak = Math.max(peak, Number(rss[1]) * 1024);
      } catch {
        // The process ended between listing and reading.
      }
    }
  }, 200);
  return () => {
    clearInterval(timer);
    return peak;
  };
}
