/**
 * A throwaway HTTP server that answers with recorded vendor bodies (test/contract/fixtures), so the
 * provider's resources can be run against what the vendors are documented or recorded to send rather than
 * against our sandbox, which was written from the same guesses as the clients. Each contract test gives it
 * a handful of routes and the little state they need; everything else is a 404.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** A request as a route sees it: form fields and query parameters merged, JSON kept apart. */
export interface RecordedRequest {
  method: string;
  path: string;
  params: URLSearchParams;
  json: unknown;
  headers: http.IncomingHttpHeaders;
}

/** An answer: a status and a JSON body, or "drop" to close the connection after the route ran. */
export type Answer = { status?: number; body: unknown } | "drop";

export type Route = [
  method: string,
  path: RegExp,
  handler: (req: RecordedRequest, match: RegExpMatchArray) => Answer,
];

export interface RecordedServer {
  url: string;
  /** Every request, as "METHOD /path" (no query). */
  requests: string[];
  /** Requests that change something (anything but GET). */
  writes(): string[];
  /**
   * The next `times` requests matching `method` and `path` (a substring) run, then their answers are
   * lost (default once; a read the request layer retries needs more).
   */
  dropAfter(method: string, path: string, times?: number): void;
  close(): Promise<void>;
}

export async function startRecordedServer(routes: Route[]): Promise<RecordedServer> {
  const requests: string[] = [];
  const drops: { method: string; path: string; times: number }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://recorded");
      const text = Buffer.concat(chunks).toString("utf8");
      const type = req.headers["content-type"] ?? "";
      const params = new URLSearchParams(url.searchParams);
      let json: unknown;
      if (type.includes("application/x-www-form-urlencoded")) {
        for (const [k, v] of new URLSearchParams(text)) params.append(k, v);
      } else if (type.includes("json") && text !== "") {
        json = JSON.parse(text);
      }
      const method = req.method ?? "GET";
      requests.push(`${method} ${url.pathname}`);
      const route = routes.find(([m, p]) => m === method && p.test(url.pathname));
      let answer: Answer = {
        status: 404,
        body: { message: `no recorded answer for ${method} ${url.pathname}` },
      };
      if (route)
        answer = route[2](
          { method, path: url.pathname, params, json, headers: req.headers },
          url.pathname.match(route[1])!,
        );
      const drop = drops.findIndex((d) => d.method === method && url.pathname.includes(d.path));
      if (answer === "drop" || drop !== -1) {
        if (drop !== -1 && --drops[drop].times === 0) drops.splice(drop, 1);
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status ?? 200, { "Content-Type": "application/json" });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    writes: () => requests.filter((r) => !r.startsWith("GET ")),
    dropAfter(method, path, times = 1) {
      drops.push({ method, path, times });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
