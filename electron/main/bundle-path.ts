import path from 'node:path';

/**
 * Maps an app:// URL path to a file inside `root`, or undefined when it would leave `root`.
 * Kept free of `electron` so it can be tested under plain Node.
 * Decoding happens here because the URL parser leaves %2F and %5C alone: "/..%2F..%2Fx" is
 * only a traversal once decoded, so the containment check runs on the decoded, resolved path.
 */
export function resolveBundlePath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined; // malformed escapes
  }
  if (decoded.includes('\0')) return undefined;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : `.${decoded}`;
  const base = path.resolve(root);
  const target = path.resolve(base, relative);
  const inside = path.relative(base, target);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return undefined;
  return target;
}
