import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../support/paths';

/** Runs `npm run -s classify` as other tools do, with these lines on standard input. */
function classify(lines: string[]): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync('npm', ['run', '-s', 'classify'], { cwd: PROJECT_ROOT, input: lines.join('\n') + '\n', encoding: 'utf8', timeout: 60000 });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

describe('npm run -s classify', () => {
  const input = [
    JSON.stringify({ text: 'pothole at 45 Elm St' }),
    JSON.stringify({ text: 'status 4821 9375' }),
    'this is not json',
    JSON.stringify({ message: 'no text field' }),
    '',
    JSON.stringify({ text: 'call me back at 905-555-1234' }),
  ];
  const run = classify(input);
  const output = run.stdout.split('\n').filter(Boolean);

  it('writes exactly one JSON line per line read, in order, and nothing else', () => {
    expect(run.status).toBe(0);
    expect(output).toHaveLength(input.length);
    for (const line of output) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('gives language, intent, category, topic, case number and address, with JSON nulls', () => {
    const [pothole, status] = output.map((line) => JSON.parse(line));
    expect(Object.keys(pothole)).toEqual(['language', 'intent', 'category', 'topic', 'caseNumber', 'address']);
    expect(pothole).toEqual({ language: 'en', intent: 'report_problem', category: 'pothole', topic: null, caseNumber: null, address: '45 Elm St' });
    expect(status).toMatchObject({ intent: 'check_status', caseNumber: '48219375', category: null, topic: null });
  });

  it('answers a line it cannot read with an error line, and carries on', () => {
    const [, , notJson, noText, blank, callBack] = output.map((line) => JSON.parse(line));
    for (const bad of [notJson, noText, blank]) expect(bad).toEqual({ error: expect.any(String) });
    expect(callBack).toMatchObject({ caseNumber: null });
  });
});
