/**
 * Secrets come from files or environment variables, never from the config file itself, and are never
 * logged: a `SecretRef` names where the secret lives, and errors name the reference, not the value.
 */
import { readFileSync } from 'node:fs';

/** Where a secret lives: `{ file }` (whitespace trimmed) or `{ env }`. */
export type SecretRef = { file: string } | { env: string };

/** Reads a secret; throws an Error naming the reference (not the value) when it is missing or empty. */
export function readSecret(ref: SecretRef, env: NodeJS.ProcessEnv = process.env): string {
  if ('file' in ref) {
    let text: string;
    try {
      text = readFileSync(ref.file, 'utf8');
    } catch (err) {
      throw new Error(
        `cannot read secret file ${ref.file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
    const value = text.trim();
    if (value === '') throw new Error(`secret file ${ref.file} is empty`);
    return value;
  }
  const value = env[ref.env]?.trim();
  if (!value) throw new Error(`environment variable ${ref.env} is not set or empty`);
  return value;
}
