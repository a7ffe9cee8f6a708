import * as http from 'http';
import type { AddressInfo } from 'net';
import { postDataValueSet } from './dhis2-client';

const payload = { dataSet: 'cPmdChdPr01', period: '202611', dataValues: [] };
const noWait = { delays: [0, 0, 0], sleep: async () => undefined };

/** A server on 127.0.0.1 answering each request with the next of `answers` (status, body). */
async function serve(answers: Array<[number, unknown]>) {
  const seen: Array<{ url: string; authorization?: string }> = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url!, authorization: req.headers.authorization });
    const [status, body] = answers.shift() ?? [500, {}];
    req.resume();
    req.on('end', () => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('posting a data value set', () => {
  it('sends a personal access token as DHIS2 expects, to /api/dataValueSets, and reads a WARNING summary as taken', async () => {
    const s = await serve([
      [
        200,
        {
          status: 'WARNING',
          response: { status: 'WARNING', importCount: { imported: 1, updated: 0, ignored: 1, deleted: 0 }, conflicts: [{ object: 'x', value: 'y' }] },
        },
      ],
    ]);
    try {
      const answer = await postDataValueSet({ url: `${s.url}/`, auth: { token: 'd2pat_abc' } }, payload, noWait);
      expect(answer).toMatchObject({ ok: true, httpStatus: 200, attempts: 1, summary: { status: 'WARNING', conflicts: [{ object: 'x', value: 'y' }] } });
      expect(s.seen[0]).toEqual({ url: '/api/dataValueSets?importStrategy=CREATE_AND_UPDATE', authorization: 'ApiToken d2pat_abc' });
    } finally {
      await s.close();
    }
  });

  it('gives up after the retries when DHIS2 keeps answering 5xx, and does not retry a 409 with status ERROR', async () => {
    const s = await serve([
      [503, {}],
      [502, {}],
      [500, {}],
      [500, {}],
      [
        409,
        { status: 'ERROR', message: 'Data set not found', response: { status: 'ERROR', importCount: { imported: 0, updated: 0, ignored: 3, deleted: 0 } } },
      ],
    ]);
    try {
      const server = { url: s.url, auth: { username: 'u', password: 'p' } };
      expect(await postDataValueSet(server, payload, noWait)).toMatchObject({ ok: false, attempts: 4, httpStatus: 500, reason: 'DHIS2 answered HTTP 500' });
      const refused = await postDataValueSet(server, payload, noWait);
      expect(refused).toMatchObject({ ok: false, attempts: 1, httpStatus: 409, summary: { status: 'ERROR' } });
      expect(refused.reason).toBe('DHIS2 answered HTTP 409 with status ERROR: Data set not found');
    } finally {
      await s.close();
    }
  });

  it('retries a server that cannot be reached, then says so', async () => {
    const s = await serve([]);
    await s.close();
    const answer = await postDataValueSet({ url: s.url, auth: { token: 't' } }, payload, noWait);
    expect(answer).toMatchObject({ ok: false, attempts: 4, httpStatus: null, summary: null });
    expect(answer.reason).toMatch(/^DHIS2 could not be reached/);
  });
});
