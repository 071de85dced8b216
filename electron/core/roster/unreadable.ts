/** A file or folder the import was pointed at that cannot be opened, said plainly. */
import { type ErrorCode, StationError } from '../errors.ts';

/**
 * Node's own words (`ENOENT: no such file or directory, stat '...'`) mean nothing at the
 * desk; the usual causes are a mistyped path and a file this user may not read.
 */
export function unreadable(code: ErrorCode, path: string, error: unknown, what = 'file'): StationError {
  const cause = (error as { code?: unknown }).code;
  if (cause === 'ENOENT' || cause === 'ENOTDIR') return new StationError(code, `No ${what} ${path}: check the path.`, { path });
  if (cause === 'EACCES' || cause === 'EPERM') {
    return new StationError(code, `${path} may not be read by this user: check its permissions.`, { path });
  }
  return new StationError(code, `Cannot read ${path} (${typeof cause === 'string' ? cause : 'unknown error'}).`, { path });
}
