import v8 from "node:v8";
import { runInNewContext } from "node:vm";

// A long import allocates a batch's worth of short-lived objects every few milliseconds, and each
// batch outlives a couple of young-generation collections while the next one is parsed, so its
// garbage lands in the old generation. V8 then lets the heap grow to several times what it holds
// before collecting it (about 250 MB of heap for some 60 MB live, measured on a million-row
// import), which is most of the process's peak RSS. A full collection whenever the heap has grown
// by `slackBytes` since the last one keeps it near what it holds, for a few milliseconds per
// collection. The gc function comes from a context created after enabling --expose-gc, the way
// jest's leak detector gets it; where that is not possible, nothing is collected early.

let gc: (() => void) | null | undefined;

function fullGc(): boolean {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString("--expose-gc");
      gc = runInNewContext("gc") as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
  return gc !== null;
}

export class HeapBound {
  private limit: number;

  constructor(private readonly slackBytes = 64 * 1024 * 1024) {
    this.limit = v8.getHeapStatistics().used_heap_size + slackBytes;
  }

  /** Call between batches. */
  check(): void {
    if (v8.getHeapStatistics().used_heap_size <= this.limit) return;
    if (!fullGc()) {
      this.limit = Number.POSITIVE_INFINITY;
      return;
    }
    this.limit = v8.getHeapStatistics().used_heap_size + this.slackBytes;
  }
}
