/** MongoDB's (and FerretDB's) E11000: an insert hit a unique key, the basis of every claim in the database. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
