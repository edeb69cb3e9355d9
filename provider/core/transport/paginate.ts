/**
 * The one paginator: every vendor's list is read page by page until its own stop rule says the last page
 * was read. A vendor client supplies how to read page N and that rule; this supplies the loop, a bound on
 * it, and a guard against a server that ignores the page parameter (the same page again would otherwise be
 * read forever).
 */
import { type VendorCallContext, VendorError } from "./errors";

/** One page as the vendor answered it, and whether it was the last. */
export interface Page<T> {
  items: T[];
  /** The vendor's stop rule: true when no page follows this one. */
  last: boolean;
}

export interface PaginateOptions<T> {
  /** The first page's number (MailUp counts from 0, the others from 1). Default 1. */
  first?: number;
  /** What identifies an item, for the repeated-page guard. Default: its JSON text. */
  key?: (item: T) => string;
  /** Pages read at most before failing (a vendor that never says "last"). Default 10,000. */
  maxPages?: number;
  /** The list being read (vendor, operation, resource), for the error when the bound is reached. */
  context: VendorCallContext;
}

/** Yields each page's items, from the first page until the stop rule holds (or a page repeats). */
export async function* paginate<T>(
  readPage: (pageNumber: number) => Promise<Page<T>>,
  options: PaginateOptions<T>,
): AsyncGenerator<T[]> {
  const first = options.first ?? 1;
  const key = options.key ?? ((item: T) => JSON.stringify(item));
  const maxPages = options.maxPages ?? 10_000;
  const seen = new Set<string>();
  for (let n = first; n < first + maxPages; n++) {
    const page = await readPage(n);
    const keys = page.items.map(key);
    // A page of nothing but items already seen is a server that ignored the page number: the end.
    if (keys.length > 0 && keys.every((k) => seen.has(k))) return;
    for (const k of keys) seen.add(k);
    yield page.items;
    if (page.last || page.items.length === 0) return;
  }
  throw new VendorError({
    ...options.context,
    vendorCode: "NoLastPage",
    vendorMessage: `more than ${maxPages} pages without the vendor saying the last one was read`,
  });
}

/** Every item of every page. */
export async function allItems<T>(
  readPage: (pageNumber: number) => Promise<Page<T>>,
  options: PaginateOptions<T>,
): Promise<T[]> {
  const all: T[] = [];
  for await (const items of paginate(readPage, options)) all.push(...items);
  return all;
}
