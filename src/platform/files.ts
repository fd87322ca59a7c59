import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** What `restrictToOwner` changed. */
export interface Tightened {
  /** Entries whose permissions were narrowed to the owner. */
  tightened: number;
  /** Of those, how many others could actually reach (every folder above them was open too). */
  exposed: number;
}

/**
 * Makes a data directory private to the process's user: the process's umask becomes 077 (files
 * the process itself creates are 0600, folders 0700), the folder is created 0700 if missing, and
 * anything inside that group or others could read, write or enter is narrowed to the owner.
 *
 * The embedded database (PGlite) sets its own files' modes (0666) whatever the umask, so this runs
 * again once the database is open and when it closes; in between, the 0700 folder keeps everyone
 * else out of whatever it creates.
 */
export function restrictToOwner(dir: string): Tightened {
  process.umask(0o077);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const result: Tightened = { tightened: 0, exposed: 0 };
  const visit = (entry: string, reachable: boolean) => {
    const stat = lstatSync(entry);
    if (stat.isSymbolicLink()) return; // never follow a link out of the folder
    const open = (stat.mode & 0o077) !== 0;
    if (open) {
      // The owner's bits stay; group and others lose everything.
      chmodSync(entry, stat.mode & 0o700 || (stat.isDirectory() ? 0o700 : 0o600));
      result.tightened++;
      if (reachable) result.exposed++;
    }
    if (stat.isDirectory())
      for (const name of readdirSync(entry))
        visit(path.join(entry, name), reachable && (stat.mode & 0o005) !== 0);
  };
  visit(dir, true);
  return result;
}
