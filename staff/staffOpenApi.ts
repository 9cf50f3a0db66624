import { z } from 'zod';
import { CATEGORY_IDS } from '../cases/categories';
import { CLOSURE_REASONS } from '../cases/closureReasons';
import { STATUS_CODES } from '../cases/statuses';
import { assignRequest, categoryRequest, mergeRequest, noteRequest, SORTS, splitRequest, statusRequest } from './caseRequests';
import { caseDetailSchema, caseSummarySchema, errorSchema } from './caseViews';
import { availabilityRequest } from './staffRequests';

/**
 * The staff API's OpenAPI 3.1 document, built from the same zod schemas the handlers check requests with and the
 * tests check responses with: `npm run openapi` writes it to docs/openapi/staff.json, and a test fails when the
 * file is out of date. (OpenAPI 3.1 schemas are JSON Schema 2020-12, which zod emits.)
 */
export function staffOpenApi(): Record<string, unknown> {
  const schema = (s: z.ZodType, io: 'input' | 'output' = 'output') => {
    const { $schema: _drop, ...rest } = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
    return rest;
  };
  const json = (s: z.ZodType, io: 'input' | 'output' = 'output') => ({ 'application/json': { schema: schema(s, io) } });
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const object = (properties: Record<string, unknown>) => ({ type: 'object', properties, required: Object.keys(properties), additionalProperties: false });
  const components = {
    Error: schema(errorSchema),
    CaseSummary: schema(caseSummarySchema),
    CaseDetail: schema(caseDetailSchema),
    CaseList: object({ cases: { type: 'array', items: ref('CaseSummary') }, nextCursor: { anyOf: [{ type: 'string' }, { type: 'null' }] } }),
    CaseAnswer: object({ case: ref('CaseDetail') }),
    MergeAnswer: object({ merged: ref('CaseDetail'), into: ref('CaseDetail') }),
    SplitAnswer: object({ from: ref('CaseDetail'), created: ref('CaseDetail') }),
  };
  const answer = (name: keyof typeof components) => ({ 'application/json': { schema: ref(name) } });
  const error = (description: string) => ({ description, content: answer('Error') });
  const caseNumber = { name: 'caseNumber', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{8}$' } };
  const common = {
    '401': error('No token, or an unknown one'),
    '403': error('The role is too low, the case is outside the agent’s queues, or the token names nobody (changes)'),
    '429': error('Too many requests from this address'),
  };
  const change = (summary: string, body: z.ZodObject, answerName: keyof typeof components, extra: Record<string, unknown> = {}) => ({
    post: {
      summary,
      security: [{ staffToken: [] }],
      parameters: [caseNumber],
      requestBody: { required: true, content: json(body.shape.body as z.ZodType, 'input') },
      responses: {
        '200': { description: 'The case(s) after the change', content: answer(answerName) },
        '400': error('Invalid input (the message and fields name the field), or a move the lifecycle does not allow'),
        ...common,
        '404': error('No such case'),
        '409': error('The case changed since the given revision, or was merged into another'),
        '413': error('Body over 8 kB'),
        ...extra,
      },
    },
  });
  const query = (name: string, description: string, s: Record<string, unknown> = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema: s });
  return {
    openapi: '3.1.0',
    info: { title: 'CivicLine staff API', version: '1.0.0', description: 'Staff work cases and call-backs. Every request: Authorization: Bearer <token> (STAFF_API_TOKENS).' },
    components: { securitySchemes: { staffToken: { type: 'http', scheme: 'bearer' } }, schemas: components },
    paths: {
      '/api/staff/cases': {
        get: {
          summary: 'List cases (agents: their queues), filtered, sorted, a page at a time',
          security: [{ staffToken: [] }],
          parameters: [
            query('status', `Comma-separated status codes: ${STATUS_CODES.join(', ')}`),
            query('category', `Comma-separated category ids: ${CATEGORY_IDS.join(', ')}`),
            query('queue', 'Comma-separated queue names'),
            query('overdue', 'true: open and past expectedBy; false: the others', { type: 'string', enum: ['true', 'false'] }),
            query('minReporters', 'At least this many subscribers', { type: 'string', pattern: '^\\d+$' }),
            query('text', 'Substring of the description or place (case-insensitive, up to 100 characters)'),
            query('bbox', 'minLng,minLat,maxLng,maxLat'),
            query('near', 'lat,lng (with radius)'),
            query('radius', 'Metres around near (1 to 50000)', { type: 'string', pattern: '^\\d+$' }),
            query('sort', 'Order (default priority)', { type: 'string', enum: [...SORTS] }),
            query('limit', 'Rows per page, 1 to 100 (default 25)', { type: 'string', pattern: '^\\d+$' }),
            query('cursor', 'nextCursor of the previous page (same filters and sort)'),
          ],
          responses: { '200': { description: 'One page', content: answer('CaseList') }, '400': error('Invalid filter (names the field)'), ...common },
        },
      },
      '/api/staff/cases/{caseNumber}': {
        get: {
          summary: 'A case with its history, notes, audit trail, evidence (signed photo links), subscribers (masked for agents), call-backs and forwarding',
          security: [{ staffToken: [] }],
          parameters: [caseNumber],
          responses: { '200': { description: 'The case', content: answer('CaseAnswer') }, '400': error('Not a case number'), ...common, '404': error('No such case') },
        },
      },
      '/api/staff/cases/{caseNumber}/status': change(
        `Move to another status; closing needs a reason (${CLOSURE_REASONS.join(', ')}); a public note is sent to the subscribers`,
        statusRequest,
        'CaseAnswer',
      ),
      '/api/staff/cases/{caseNumber}/notes': change('Add a note: internal, or public (sent to every subscriber once)', noteRequest, 'CaseAnswer'),
      '/api/staff/cases/{caseNumber}/category': change('Change the category: queue, service standard and severity follow', categoryRequest, 'CaseAnswer'),
      '/api/staff/cases/{caseNumber}/assign': change('Assign to a person or crew (null: nobody). Agents may only take an unassigned case for themselves', assignRequest, 'CaseAnswer'),
      '/api/staff/cases/{caseNumber}/merge': change('Merge this case into another (supervisor and admin)', mergeRequest, 'MergeAnswer'),
      '/api/staff/cases/{caseNumber}/split': change('Split a joined report back out into a new case (supervisor and admin)', splitRequest, 'SplitAnswer'),
      '/api/staff/agents/{agentId}/availability': {
        post: {
          summary: 'Mark an agent available (with a phone the first time) or not: oneself, one’s team (supervisor), anyone (admin)',
          security: [{ staffToken: [] }],
          parameters: [{ name: 'agentId', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,64}$' } }],
          requestBody: { required: true, content: json(availabilityRequest.shape.body, 'input') },
          responses: {
            '200': { description: 'The agent', content: json(availabilityAnswerSchema) },
            '400': error('Invalid input (names the field)'),
            ...common,
          },
        },
      },
      '/api/staff/callbacks': {
        get: {
          summary: 'The call-back queue; residents’ numbers and words only on call-backs the caller acts for',
          security: [{ staffToken: [] }],
          responses: { '200': { description: 'The queue', content: json(callbackQueueSchema) }, ...common },
        },
      },
      '/staff/photos/{photoId}': {
        get: {
          summary: 'A resident’s photo: with a bearer token, or a signed link’s expires and sig (both or neither)',
          security: [{ staffToken: [] }, {}],
          parameters: [
            { name: 'photoId', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,128}$' } },
            query('expires', 'Link expiry, seconds since 1970', { type: 'string', pattern: '^\\d{1,12}$' }),
            query('sig', 'Link signature', { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' }),
          ],
          responses: {
            '200': { description: 'The image', content: { 'image/*': { schema: { type: 'string', contentMediaType: 'image/*' } } } },
            '400': error('Invalid id or link parameters'),
            '401': error('No token and no valid link, or an expired link'),
            '404': error('No such photo'),
          },
        },
      },
    },
  };
}

export const availabilityAnswerSchema = z.object({ agentId: z.string(), available: z.boolean(), phone: z.string().nullable().optional(), updatedAt: z.iso.datetime() });
export const callbackQueueSchema = z.object({ callbacks: z.array(z.looseObject({ state: z.string(), phone: z.string() })) });
