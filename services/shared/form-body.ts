import type { IncomingMessage } from 'node:http';

import { ServiceError } from './service-error.ts';

const maxFormBytes = 16 * 1024;

// Reads an application/x-www-form-urlencoded body; forms here hold a username and a password.
export async function readFormBody(req: IncomingMessage): Promise<URLSearchParams> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    throw new ServiceError(
      `content-type "${type}" is not a form, expected application/x-www-form-urlencoded`,
      {
        code: 'unsupported_media_type',
        status: 415,
      },
    );
  }

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxFormBytes) {
      throw new ServiceError(`form body exceeds ${maxFormBytes} bytes`, {
        code: 'payload_too_large',
        status: 413,
      });
    }
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
