// Small fetch helpers for the protocol checks: a timeout on every request, and errors that say
// which URL answered what, without echoing bodies that could hold tokens.
export interface HttpOptions {
  timeoutMs?: number;
  headers?: Record<string, string>;
  method?: string;
  body?: string;
}

export class HttpCheckError extends Error {}

export async function request(url: string, options: HttpOptions = {}): Promise<Response> {
  try {
    return await fetch(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      body: options.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new HttpCheckError(`${url}: ${reason}`, { cause: error });
  }
}

export async function expectJson(
  response: Response,
  url: string,
  status = 200,
): Promise<Record<string, unknown>> {
  if (response.status !== status) {
    throw new HttpCheckError(`${url} answered ${response.status}, expected ${status}`);
  }
  try {
    return (await response.json()) as Record<string, unknown>;
  } catch (error) {
    throw new HttpCheckError(`${url} did not answer JSON`, { cause: error });
  }
}
