import 'server-only';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A generated secret kept in a file only this OS user can read (mode 0600): the APP_SECRET of a
 * local install, the embedded PostgreSQL's password. When `npm start` runs as root, PostgreSQL
 * runs as the `postgres` user, so a database login cannot read these files with pg_read_file.
 */
export function readOrCreateSecretFile(file: string): { value: string; created: boolean } {
  let created = false;
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      // 'wx': two starts racing each other keep the first secret.
      fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
      created = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const stat = fs.statSync(file);
  if (!stat.isFile()) throw new Error(`${file} must be a file holding a secret`);
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) {
    throw new Error(`${file} belongs to user id ${stat.uid}, not to the user running the app (${uid}); run 'chown ${uid} ${file}'`);
  }
  if ((stat.mode & 0o077) !== 0) {
    fs.chmodSync(file, 0o600);
    console.log(`[secrets] ${file} was readable by other users; it is now mode 600`);
  }
  const value = fs.readFileSync(file, 'utf8').trim();
  if (!value) throw new Error(`${file} is empty: restore the secret it held`);
  return { value, created };
}
