import type { IncomingMessage } from "node:http";

// Reads a request body up to a limit. A body announced or found to be larger is refused before it
// is buffered, so a client cannot make the process hold more than `maxBytes` per request.

export class BodyTooLargeError extends Error {
  readonly code = "BODY_TOO_LARGE";
  constructor(readonly maxBytes: number) {
    super(`The body is larger than ${maxBytes} bytes: send fewer items per request.`);
  }
}

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const announced = Number(req.headers["content-length"]);
  if (Number.isFinite(announced) && announced > maxBytes) throw new BodyTooLargeError(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > maxBytes) throw new BodyTooLargeError(maxBytes);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
