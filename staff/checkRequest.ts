import { Request, Response } from 'express';
import { z } from 'zod';

/**
 * Checks a request's params, query and body against one schema at the edge: what comes back is typed, so no
 * operator object or array reaches a query. Otherwise answers 400 naming every field at fault ("body.available").
 */
export function checkRequest<S extends z.ZodType>(schema: S, req: Request, res: Response): z.output<S> | undefined {
  const parsed = schema.safeParse({ params: req.params, query: req.query, body: req.body });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message }));
  res.status(400).json({ error: problems.map((p) => `${p.field || 'request'}: ${p.message}`).join('; '), fields: problems.map((p) => p.field) });
  return undefined;
}
