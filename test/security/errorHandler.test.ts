import express from 'express';
import request from 'supertest';
import { CivicLine } from '../../app/createCivicLine';
import { httpApp } from '../../app/httpApp';
import { recordingLogger, startCivicLine } from '../support/civicLineHarness';

const SECRET = 'E11000 duplicate key in civicline.cases for +19055550177 at mongodb://civic:hunter2@db.internal';

describe("the app's one error handler", () => {
  let civicLine: CivicLine;
  beforeAll(async () => {
    civicLine = await startCivicLine('errorHandler');
  });
  afterAll(async () => {
    await civicLine.close();
  });

  it('answers a thrown or rejected error without its message or stack, and logs it for operators', async () => {
    const logger = recordingLogger();
    const failing = express.Router();
    failing.get('/throws', () => {
      throw new Error(SECRET);
    });
    failing.get('/rejects', async () => {
      await Promise.resolve();
      throw new TypeError(SECRET);
    });
    failing.get('/client-error', () => {
      throw Object.assign(new Error(SECRET), { status: 422, expose: true });
    });
    const app = httpApp([failing], civicLine.database, logger, { staffTokens: [] });
    for (const path of ['/throws', '/rejects', '/client-error']) {
      const response = await request(app).get(path);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.text).not.toMatch(/E11000|hunter2|mongodb|9055550177|at .*\.ts:\d+|Error/);
    }
    expect((await request(app).get('/throws')).status).toBe(503);
    expect(logger.lines.join('\n')).toContain('E11000 duplicate key');
  });
});
