import { readFileSync } from 'node:fs';
import { Agent, fetch as undiciFetch } from 'undici';

// Small fetch helpers for the protocol checks: a timeout on every request, and errors that say
// which URL answered what, without echoing bodies that could hold tokens.
export interface HttpOptions {
  timeoutMs?: number;
  headers?: Record<string, string>;
  method?: string;
  body?: string;
  // A CA certificate file to trust (prod's local CA in front of the proxy's TLS).
  caFile?: string;
}

const agents = new Map<string, Agent>();

function agentFor(caFile: string): Agent {
  let agent = agents.get(caFile);
  if (agent === undefined) {
    agent = new Agent({ connect: { ca: readFileSync(caFile, 'utf8') } });
    agents.set(caFile, agent);
  }
  return agent;
}

export class HttpCheckError extends Error {}

// A fetch that trusts the given CA file (prod's local CA), or the global fetch without one.
export function fetchTrusting(caFile: string | undefined): typeof fetch {
  if (caFile === undefined) return fetch;
  const dispatcher = agentFor(caFile);
  return ((url: string | URL, init?: RequestInit) =>
    undiciFetch(url, { ...(init as object), dispatcher })) as unknown as typeof fetch;
}

export async function request(url: string, options: HttpOptions = {}): Promise<Response> {
  try {
    const init = {
      method: options.method ?? 'GET',
      headers: options.headers,
      body: options.body,
      redirect: 'manual' as const,
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    };
    if (options.caFile === undefined) return await fetch(url, init);
    return (await undiciFetch(url, {
      ...init,
      dispatcher: agentFor(options.caFile),
    })) as unknown as Response;
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
