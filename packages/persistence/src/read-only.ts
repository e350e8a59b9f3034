import { PersistenceError } from './errors';

/**
 * Read-only mode (`readOnly: true` on openRegistry, openPidFile and openOwners): what `ps`,
 * `status`, `doctor` and `cleanup --dry-run` use. Nothing is created, moved, rewritten or
 * locked; corruption is reported (`quarantinedTo: ''`) with the command that repairs it.
 */
export const DEFAULT_REPAIR = 'lifeline cleanup';

export function refuseInReadOnly(readOnly: boolean, what: string, path: string): void {
  if (readOnly) {
    throw new PersistenceError('ERR_INVALID_OPTION', `${what} is not allowed: ${path} was opened read-only`, { path });
  }
}
