// Reading a multipart/form-data upload (POST /files) from the request stream, with a ceiling: the
// body is counted as it arrives and the upload is refused (413) once it passes the limit, so a huge
// upload never fills the gateway's memory. The fields are parsed by the platform's own FormData.
import type { IncomingMessage } from 'node:http';
import { GatewayError, badRequest } from './http.ts';

export interface Upload {
  fields: Map<string, string>;
  file: { name: string; content: Buffer } | undefined;
}

// Room for the multipart headers and the other fields around the file.
const OVERHEAD_BYTES = 64 * 1024;

export async function readUpload(req: IncomingMessage, maxFileBytes: number): Promise<Upload> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data;/i.test(type)) {
    req.resume();
    throw badRequest("Invalid content type: send multipart/form-data with the fields 'file' and 'purpose'.");
  }
  const limit = maxFileBytes + OVERHEAD_BYTES;
  let size = 0;
  let tooLarge = false;
  const counted = new ReadableStream<Uint8Array>({
    async start(controller) {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        // Keep reading to the end (so the client sees our 413, not a reset), but keep nothing more.
        if (size > limit) tooLarge = true;
        else controller.enqueue(new Uint8Array(chunk));
      }
      controller.close();
    },
  });
  let form: FormData;
  try {
    form = await new Request('http://gateway.local/files', { method: 'POST', headers: { 'content-type': type }, body: counted, duplex: 'half' } as RequestInit).formData();
  } catch {
    if (tooLarge) throw tooLargeError(maxFileBytes);
    throw badRequest('Could not parse the multipart body.');
  }
  if (tooLarge) throw tooLargeError(maxFileBytes);
  const fields = new Map<string, string>();
  let file: Upload['file'];
  for (const [name, value] of form) {
    if (typeof value === 'string') fields.set(name, value);
    else if (name === 'file') file = { name: value.name, content: Buffer.from(await value.arrayBuffer()) };
  }
  if (file && file.content.length > maxFileBytes) throw tooLargeError(maxFileBytes);
  return { fields, file };
}

function tooLargeError(maxFileBytes: number): GatewayError {
  return new GatewayError(413, `The file is too large: at most ${maxFileBytes} bytes.`, 'invalid_request_error', { code: 'file_too_large' });
}
