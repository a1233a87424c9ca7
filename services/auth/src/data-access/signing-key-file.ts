import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SigningKeyStore } from '../domain/signing-key.js';

/**
 * The signing key kept in `<dataDir>/keys/auth-jwt.pem` (mode 0600), written on the first
 * start. The file is created exclusively, so replicas starting together agree on one key.
 */
export function signingKeyFile(dataDir: string): SigningKeyStore {
  const file = path.join(dataDir, 'keys', 'auth-jwt.pem');
  return {
    pem(generate) {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      try {
        return readFileSync(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      try {
        writeFileSync(file, generate(), { mode: 0o600, flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      return readFileSync(file, 'utf8');
    },
  };
}
