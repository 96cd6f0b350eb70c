// `main.ts healthcheck <url>`: the container healthcheck. Node is the only binary every image of
// ours has (no curl in slim images), so the probe is a fetch with a hard 3 s budget.
const timeoutMs = 3_000;

export async function runHealthcheck(url: string | undefined): Promise<number> {
  if (!url || !URL.canParse(url)) {
    console.error(
      `healthcheck: "${url ?? ''}" is not a URL, expected e.g. http://127.0.0.1:3000/readyz`,
    );
    return 2;
  }

  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    const body = (await response.text()).slice(0, 500);
    if (response.status >= 200 && response.status < 300) return 0;
    console.error(`healthcheck: ${url} answered ${response.status}: ${body}`);
    return 1;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message;
    const reason =
      error instanceof DOMException && error.name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : `${(error as Error).message}${detail ? ` (${detail})` : ''}`;
    console.error(`healthcheck: ${url} failed: ${reason}`);
    return 1;
  }
}
