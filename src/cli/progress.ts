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
