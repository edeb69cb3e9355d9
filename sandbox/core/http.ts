import express, {
  type ErrorRequestHandler,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from "express";

import type { SandboxVendor } from "./vendor";

/**
 * The request path without its query string. Some vendors take credentials as query parameters, so
 * nothing that is logged or echoed back ever includes the query.
 */
export function requestPath(req: Request): string {
  const url = req.originalUrl;
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * JSON and form bodies, as the vendors' own samples send both. Parsing happens before fault injection so
 * that a delayed request still carries its body when the client has given up waiting (the lost-response
 * case must apply the change deterministically).
 */
export function parseBodies(vendor: SandboxVendor): (RequestHandler | ErrorRequestHandler)[] {
  const onError: ErrorRequestHandler = (
    err: unknown,
    req: Request,
    res: Response,
    next: NextFunction,
  ): void => {
    if (isRecord(err) && typeof err.type === "string" && typeof err.status === "number") {
      // body-parser errors carry the client's fault in `status` (400 malformed, 413 too large, 415 charset).
      vendor.sendError(
        req,
        res,
        err.status,
        "BadRequest",
        `The request body could not be read (${err.type}).`,
      );
      return;
    }
    next(err);
  };
  return [express.json({ limit: "1mb" }), express.urlencoded({ extended: false, limit: "1mb" }), onError];
}

/**
 * A failure with its HTTP status and error name. Routes and state throw it; each vendor's error handler
 * renders it in that vendor's shape, the admin API in its own.
 */
export class HttpError extends Error {
  override readonly name = "HttpError";

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** `{"error":{"name","url","message"}}`, `url` being the request path: the Partner API's error body. */
export function sendNamedError(
  req: Request,
  res: Response,
  status: number,
  name: string,
  message: string,
): void {
  res.status(status).json({ error: { name, url: requestPath(req), message } });
}

/** Renders an error in one API's shape. */
export type ErrorSender = (
  req: Request,
  res: Response,
  status: number,
  name: string,
  message: string,
) => void;

/**
 * The error handler ending every router: an {@link HttpError} in the router's own error shape, anything
 * else as a 500. `classify` lets a router map errors of its own (the admin API's bad fault rules).
 */
export function errorHandler(
  send: ErrorSender,
  classify: (err: unknown) => HttpError | undefined = () => undefined,
): ErrorRequestHandler {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const known = err instanceof HttpError ? err : classify(err);
    if (known) send(req, res, known.status, known.code, known.message);
    else send(req, res, 500, "InternalServerError", "The sandbox failed to handle the request.");
  };
}
