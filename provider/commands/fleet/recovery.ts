/**
 * What a shard's run does by itself after a run of it died (README, "After a dead run", which asks it of a
 * person for one stack): a lock the dead run left is cleared when it is provably dead, and the dead run's
 * pending creates are cleared once the objects they were creating are in the state (taken over by the
 * `up` that follows, crash take-over in the provider).
 *
 * A lock is provably dead when it was taken on this host by a process that no longer exists, or when the
 * operator says so (`--break-stale-locks`: safe where the CI system allows one run per shard at a time, a
 * concurrency group per shard). A lock of another host is never broken on a guess.
 */
import * as os from "node:os";

import type { Stack } from "@pulumi/pulumi/automation";

import { CommandError } from "../../core/transport/errors";

/** A lock as Pulumi's DIY backend reports it in its "currently locked" error. */
export interface StackLock {
  user: string;
  host: string;
  pid: number;
}

/** The locks a "the stack is currently locked" error names; none when the error is another one. */
export function locksIn(message: string): StackLock[] {
  if (!/the stack is currently locked/.test(message)) return [];
  // pkg/backend/diy/lock.go: "\n  <url>: created by <user>@<host> (pid <pid>) at <time>"
  return [...message.matchAll(/created by (\S+)@(\S+) \(pid (\d+)\)/g)].map((m) => ({
    user: m[1],
    host: m[2],
    pid: Number(m[3]),
  }));
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether the lock's run is provably dead (see the module's comment). */
export function isDead(lock: StackLock, breakStaleLocks: boolean): boolean {
  return breakStaleLocks || (lock.host === os.hostname() && !processExists(lock.pid));
}

/**
 * Runs the operation; when it meets locks that are all provably dead, clears them (`pulumi cancel`) and
 * runs it once more. Returns what was recovered, for the summary.
 */
export async function withDeadLocksCleared<T>(
  stack: Stack,
  breakStaleLocks: boolean,
  operation: () => Promise<T>,
  describe: (err: unknown) => string,
): Promise<{ result: T; recovered: string[] }> {
  try {
    return { result: await operation(), recovered: [] };
  } catch (err) {
    const locks = locksIn(describe(err));
    if (locks.length === 0) throw err;
    const live = locks.filter((l) => !isDead(l, breakStaleLocks));
    if (live.length > 0) {
      throw new CommandError(
        `${stack.name} is locked by a run that may still be alive (${live
          .map((l) => `pid ${l.pid} on ${l.host}`)
          .join(", ")}): wait for it, or, if it is dead and no other run of this shard can be going ` +
          "(a CI concurrency group per shard), run again with --break-stale-locks",
      );
    }
    await stack.cancel();
    const recovered = locks.map((l) => `cleared the lock of a dead run (pid ${l.pid} on ${l.host})`);
    return { result: await operation(), recovered };
  }
}

interface Deployment {
  resources?: { urn: string }[];
  pending_operations?: { type: string; resource: { urn: string } }[];
}

/**
 * After an `up`: the pending creates a dead run left, cleared when every one of them is in the state (the
 * `up` took its object over), with `refresh --clear-pending-creates` on just those resources. One that is
 * not in the state (its resource left the program) is left and reported: its object may exist at the
 * vendor, and clearing the record would forget it.
 */
export async function clearTakenOverPendingCreates(
  stack: Stack,
  options: { onOutput: (out: string) => void },
): Promise<string[]> {
  const deployment = (await stack.exportStack()).deployment as Deployment | undefined;
  const creating = (deployment?.pending_operations ?? []).filter((op) => op.type === "creating");
  if (creating.length === 0) return [];
  const inState = new Set((deployment?.resources ?? []).map((r) => r.urn));
  const left = creating.filter((op) => !inState.has(op.resource.urn));
  if (left.length > 0) {
    return [
      `left ${creating.length} pending creates of a dead run: ${left.map((op) => op.resource.urn).join(", ")} ` +
        "is not in the program any more, and its object may exist at the vendor (import-plan --orphans finds it)",
    ];
  }
  await stack.refresh({
    clearPendingCreates: true,
    target: creating.map((op) => op.resource.urn),
    onOutput: options.onOutput,
    color: "never",
  });
  return [`cleared ${creating.length} pending creates of a dead run (their objects were taken over)`];
}
