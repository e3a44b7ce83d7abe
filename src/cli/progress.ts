/** A one-line progress counter on a terminal; silent when output is piped. */
export function createProgress(stream: NodeJS.WriteStream, label: string) {
  const started = Date.now();
  let last = 0;
  let shown = false;
  const line = (rows: number) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(rows / seconds) : 0;
    return `${label}: ${rows.toLocaleString("en")} rows (${rate.toLocaleString("en")} rows/s)`;
  };
  return {
    update: (rows: number) => {
      if (!stream.isTTY || Date.now() - last < 250) return;
      last = Date.now();
      shown = true;
      stream.write(`\r${line(rows)}\x1b[K`);
    },
    done: () => {
      if (shown) stream.write("\r\x1b[K");
    },
  };
}

/**
 * Progress through a known number of items: on a terminal, one line rewritten in place with the
 * rate and the time left; otherwise a plain line every `every` items and at the end.
 */
export function createEtaProgress(
  stream: NodeJS.WriteStream,
  label: string,
  unit: string,
  opts: { every?: number; clock?: () => number } = {},
) {
  const clock = opts.clock ?? Date.now;
  const every = opts.every ?? 100;
  const started = clock();
  let last = 0;
  let shown = false;
  const line = (done: number, total: number) => {
    const seconds = (clock() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const left = rate > 0 ? Math.ceil((total - done) / rate) : null;
    const eta = left === null ? "" : `, about ${formatDuration(left)} left`;
    return `${label}: ${done.toLocaleString("en")} of ${total.toLocaleString("en")} ${unit} (${rate.toFixed(1)} ${unit}/s${eta})`;
  };
  return {
    update: (done: number, total: number) => {
      if (!stream.isTTY) {
        if (done % every === 0 || done === total) stream.write(`${line(done, total)}\n`);
        return;
      }
      if (clock() - last < 250 && done !== total) return;
      last = clock();
      shown = true;
      stream.write(`\r${line(done, total)}\x1b[K`);
    },
    done: () => {
      if (shown) stream.write("\r\x1b[K");
    },
  };
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}
