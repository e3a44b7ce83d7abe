import pg from "pg";

// Small helpers shared by the global setup (template database) and the workers (clones).

/** The URL of another database on the same server, keeping credentials and options. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** Quotes an identifier; our names are generated, but quote anyway. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Runs `use` on a short-lived connection to the database named in `serverUrl`. */
export async function withAdmin<T>(serverUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
