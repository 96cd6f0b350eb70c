// Our services log JSON lines (pino); a failed start shows their tail to a person, who needs the
// level, the message and the few fields that explain a failure, not the time or the replica id.
// Lines that are not such JSON (PostgreSQL, HAProxy) are shown as they are.
export function readableLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    // A line that only looks like JSON is still worth showing as it is.
    return line;
  }
  if (typeof record['msg'] !== 'string') return line;

  const facts: string[] = [];
  for (const key of ['code', 'method', 'path', 'status', 'cause']) {
    const value = record[key];
    if (typeof value === 'string' || typeof value === 'number') facts.push(`${key} ${value}`);
  }
  const error = record['err'] as { message?: unknown } | undefined;
  if (typeof error?.message === 'string') facts.push(error.message);
  const hint = typeof record['hint'] === 'string' ? `; hint: ${record['hint']}` : '';
  const level = typeof record['level'] === 'string' ? `${record['level']}: ` : '';
  const detail = facts.length === 0 ? '' : ` (${facts.join(', ')})`;
  return `${level}${record['msg']}${detail}${hint}`;
}
