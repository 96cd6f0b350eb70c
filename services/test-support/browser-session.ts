// A minimal browser for protocol tests: keeps cookies (by name; the flows here never need two
// cookies of one name at once) and does not follow redirects, so each hop can be asserted.
export type Hop = { status: number; location: string | undefined; body: string; url: string };

export class BrowserSession {
  readonly #cookies = new Map<string, string>();

  async get(url: string): Promise<Hop> {
    return this.#send(url, { method: 'GET' });
  }

  async postForm(url: string, form: Record<string, string>): Promise<Hop> {
    return this.#send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  // Follows redirects while they stay on `origin`; stops at the first one that leaves it (the
  // client's redirect URI in these tests is on the same origin, so `stopAt` names it).
  async follow(hop: Hop, stopAt: string): Promise<Hop> {
    let current = hop;
    for (let count = 0; count < 10 && current.location; count += 1) {
      const next = new URL(current.location, current.url).href;
      if (next.startsWith(stopAt)) return current;
      current = await this.get(next);
    }
    return current;
  }

  hasCookie(name: string): boolean {
    return this.#cookies.has(name);
  }

  async #send(url: string, init: RequestInit): Promise<Hop> {
    const headers = new Headers(init.headers);
    if (this.#cookies.size) {
      headers.set(
        'cookie',
        [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      );
    }
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) this.#store(line);
    return {
      status: response.status,
      location: response.headers.get('location') ?? undefined,
      body: await response.text(),
      url,
    };
  }

  #store(line: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const index = pair.indexOf('=');
    const name = pair.slice(0, index).trim();
    const expires = attributes.find((part) => part.trim().toLowerCase().startsWith('expires='));
    const expired = expires && Date.parse(expires.split('=')[1] ?? '') < Date.now();
    if (expired) this.#cookies.delete(name);
    else this.#cookies.set(name, pair.slice(index + 1).trim());
  }
}
