/** Where the repository is, for tests and benchmarks alike (no test-runner imports here). */
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
