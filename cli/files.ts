import { readFile, stat } from 'node:fs/promises';
import { UsageError } from './exit-codes';

/** The API takes JSON requests up to 1 MB, so no file that goes into one can be larger. */
export const FILE_MAX_BYTES = 1024 * 1024;

/** A file named by a flag, as text; a UsageError that names the flag, the file and the limit. */
export async function readFlagFile(flag: string, file: string): Promise<string> {
  try {
    const { size } = await stat(file);
    if (size > FILE_MAX_BYTES) {
      throw new UsageError(`${flag} ${file} is ${(size / 1024 / 1024).toFixed(1)} MB; the limit is 1 MB (the API's limit for a JSON request)`);
    }
    return await readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as { code?: string }).code;
    throw new UsageError(`${flag}: cannot read ${file}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`);
  }
}

export async function readFlagJson(flag: string, file: string): Promise<unknown> {
  const text = await readFlagFile(flag, file);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${flag} ${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}
