// A browser stand-in for plain-HTTP login flows: keeps cookies per name (with their paths) and
// follows nothing by itself, so each redirect of the flow is asserted step by step.
interface StoredCookie {
  value: string;
  path: string;
}

export type Fetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

export class CookieSession {
  readonly #cookies = new Map<string, StoredCookie>();
  readonly #fetch: Fetch;

  constructor(fetchImpl: Fetch = fetch) {
    this.#fetch = fetchImpl;
  }

  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.#cookieHeader(target.pathname);
    if (cookie !== '') headers.set('cookie', cookie);
    const response = await this.#fetch(target, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) this.#store(line);
    return response;
  }

  // Follows redirects on the same origin until a response is not a redirect, or until one
  // leaves for `stopAt` (the client's callback), which is returned unfollowed.
  async follow(url: string | URL, stopAt: string, init: RequestInit = {}): Promise<Response> {
    let response = await this.fetch(url, init);
    let current = new URL(url);
    for (let hops = 0; hops < 10; hops += 1) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) return response;
      const next = new URL(location, current);
      if (next.href.startsWith(stopAt)) return response;
      current = next;
      response = await this.fetch(next);
    }
    throw new Error(`too many redirects from ${String(url)}`);
  }

  #store(line: string): void {
    const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
    const separator = pair.indexOf('=');
    const name = pair.slice(0, separator);
    const value = pair.slice(separator + 1);
    const pathAttribute = attributes.find((a) => a.toLowerCase().startsWith('path='));
    const path = pathAttribute === undefined ? '/' : pathAttribute.slice(5);
    const expired = attributes.some((a) => /^expires=thu, 01 jan 1970/i.test(a)) || value === '';
    const key = `${name}\u0000${path}`;
    if (expired) this.#cookies.delete(key);
    else this.#cookies.set(key, { value, path });
  }

  #cookieHeader(pathname: string): string {
    return [...this.#cookies.entries()]
      .filter(([, cookie]) => pathname.startsWith(cookie.path))
      .map(([key, cookie]) => `${key.split('\u0000')[0]}=${cookie.value}`)
      .join('; ');
  }
}

// The first HTML form of a page: its action and its fields (hidden ones included).
export function readForm(
  html: string,
  base: string,
): { action: URL; fields: Record<string, string> } {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (form === null) throw new Error(`no form in page: ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input[^>]*>/gi)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
    if (name !== undefined) fields[name] = value.replaceAll('&amp;', '&');
  }
  return { action: new URL(form[1]!.replaceAll('&amp;', '&'), base), fields };
}
