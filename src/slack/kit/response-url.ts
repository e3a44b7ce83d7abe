// Slack plumbing shared by features whose lists are redrawn from a modal (meetings, campaigns).

/**
 * Replaces or adds to the private message behind a response_url. A view submission has no
 * response_url of its own, so the modal carries the list's in its metadata.
 */
export async function postToResponseUrl(url: string, message: object): Promise<void> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`response_url answered ${res.status}`);
}
