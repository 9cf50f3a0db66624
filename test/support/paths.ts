import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const FERRETDB_BINARY = path.join(PROJECT_ROOT, '.cache', 'ferretdb', 'ferretdb');
