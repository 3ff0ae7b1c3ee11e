import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Where the local runner keeps its state: git-ignored, reused from one start to the next. */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DATA_DIR = process.env.SAFE_COMMUNITY_DATA_DIR ?? join(PROJECT_ROOT, '.data');
export const SIGNING_KEY_FILE = join(DATA_DIR, 'keys', 'signing-key.json');
export const RUNTIME_FILE = join(DATA_DIR, 'runtime.json');
export const LOCAL_TABLE = 'safe-community';
export const LOCAL_BUCKET = 'safe-community-evidence';
