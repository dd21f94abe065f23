import { PHI, startEdgeApp, type EdgeApp } from '../test/edge-app';

const PHI_TEXT = [...Object.values(PHI), 'INSERT INTO', 'national_id)=', 'unnamed portal'];

describe('an unexpected error at the HTTP edge', () => {
  let edge: EdgeApp;

  beforeAll(async () => {
    edge = await startEdgeApp();
  });

  afterAll(async () => {
    await edge.app.close();
  });

  it('answers a generic 500 and logs class, SQLSTATE, constraint and frames, never query, parameters or detail', async () => {
    const res = await fetch(`${edge.url}/v1/faults/statement`);
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.parse(text)).toMatchObject({
      status: 500,
      code: 'internal',
      detail: 'An unexpected error occurred.',
    });
    for (const phi of PHI_TEXT) expect(text).not.toContain(phi);

    const logged = edge.log.entries().find((entry) => entry.msg === 'unhandled error');
    expect(logged).toMatchObject({
      level: 50,
      err: { type: 'QueryFailedError', sqlState: '22021', constraint: 'patients_national_id_key' },
    });
    expect((logged!.err as { stack: string }).stack).toContain('edge-app.ts');
    const lines = edge.log.lines.join('\n');
    for (const phi of PHI_TEXT) expect(lines).not.toContain(phi);
  });

  it("never logs an error's message, which may quote patient data", async () => {
    const res = await fetch(`${edge.url}/v1/faults/message`);
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ code: 'internal' });
    const lines = edge.log.lines.join('\n');
    expect(lines).toContain('"type":"Error"');
    for (const phi of PHI_TEXT) expect(lines).not.toContain(phi);
  });
});
