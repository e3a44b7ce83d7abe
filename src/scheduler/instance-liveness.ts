import { hostname } from "node:os";

// Instance ids are hostname:pid:random (defaultInstanceId). A claim held by a process on this
// host that no longer runs can be taken over at once: nobody else will finish it before its
// lease runs out. Anything this cannot be sure of (another host, a malformed id, a pid that is
// alive or not ours to signal) counts as alive, so the lease decides as before. This assumes a
// hostname names one process namespace (a machine, a container, a pod): replicas must not share
// a hostname across containers.

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/** True when `holder` was an instance on this host that is gone; `self` is this process's id. */
export function isGoneLocalInstance(holder: string, self: string, host = hostname()): boolean {
  const match = /^(.+):(\d+):([\w-]+)$/.exec(holder);
  if (!match || holder === self) return false;
  const [, holderHost, pidText] = match;
  if (holderHost !== host) return false;
  const pid = Number(pidText);
  // Our own pid under another id (a restarted container keeps pid 1) could as well be a replica
  // in another container with the same hostname: alive, as far as we can tell.
  return pid > 0 && pid !== process.pid && !isAlive(pid);
}
