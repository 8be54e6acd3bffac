// Uploaded files, kept in memory per provider: like the real gateway, a file is only visible to
// requests that name the provider it was uploaded through. Batch outputs are files here too.
import { newId, unixSeconds } from './ids.ts';
import { providerEntries } from './per-provider.ts';

export interface FileObject {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  filename: string;
  purpose: string;
  status: 'processed';
  expires_at: number | null;
  status_details: null;
}

interface Entry {
  file: FileObject;
  content: Buffer;
}

export class FileStore {
  readonly #byProvider = new Map<string, Map<string, Entry>>();

  add(provider: string, filename: string, purpose: string, content: Buffer): FileObject {
    const file: FileObject = {
      id: newId('file'),
      object: 'file',
      bytes: content.length,
      created_at: unixSeconds(),
      filename,
      purpose,
      status: 'processed',
      expires_at: null,
      status_details: null,
    };
    this.#entries(provider).set(file.id, { file, content });
    return file;
  }

  get(provider: string, id: string): FileObject | undefined {
    return this.#entries(provider).get(id)?.file;
  }

  content(provider: string, id: string): Buffer | undefined {
    return this.#entries(provider).get(id)?.content;
  }

  delete(provider: string, id: string): boolean {
    return this.#entries(provider).delete(id);
  }

  /** A snapshot of one provider's files (object and content), by id. */
  files(provider: string): Map<string, { file: FileObject; content: Buffer }> {
    return new Map(this.#entries(provider));
  }

  #entries(provider: string): Map<string, Entry> {
    return providerEntries(this.#byProvider, provider);
  }
}
