import * as http from 'http';
import type { AddressInfo } from 'net';

export interface Dhis2Received {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: any;
}

/**
 * A local DHIS2 stand-in for tests: POST /api/dataValueSets on 127.0.0.1 (port 0), recording what it
 * receives and answering as DHIS2 ≥ 2.38 documents (a web message wrapping an ImportSummary). Basic
 * credentials other than the expected ones get 401; `failNext` answers the next requests with 5xx.
 */
export class Dhis2StandIn {
  readonly received: Dhis2Received[] = [];
  expected = { username: 'cmis-sync', password: 'district-pass-1' };
  private failures: number[] = [];
  private server!: http.Server;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        let body: any = null;
        try {
          body = JSON.parse(raw);
        } catch {
          body = raw;
        }
        this.received.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, contentType: req.headers['content-type'], body });
        const json = (status: number, payload: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(payload));
        };
        const failure = this.failures.shift();
        if (failure) return json(failure, { httpStatus: 'Internal Server Error', httpStatusCode: failure, status: 'ERROR', message: 'Database unavailable' });
        const basic = `Basic ${Buffer.from(`${this.expected.username}:${this.expected.password}`).toString('base64')}`;
        if (req.headers.authorization !== basic)
          return json(401, { httpStatus: 'Unauthorized', httpStatusCode: 401, status: 'ERROR', message: 'Unauthorized' });
        if (req.method !== 'POST' || !req.url!.startsWith('/api/dataValueSets')) return json(404, { httpStatusCode: 404, status: 'ERROR' });
        const n = Array.isArray(body?.dataValues) ? body.dataValues.length : 0;
        json(200, {
          httpStatus: 'OK',
          httpStatusCode: 200,
          status: 'OK',
          message: 'Import was successful.',
          response: {
            responseType: 'ImportSummary',
            status: 'SUCCESS',
            importOptions: { idSchemes: {}, dryRun: false, strategy: 'NEW_AND_UPDATES' },
            description: 'Import process completed successfully',
            importCount: { imported: n, updated: 0, ignored: 0, deleted: 0 },
            conflicts: [],
            dataSetComplete: 'false',
          },
        });
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  failNext(...statuses: number[]): void {
    this.failures.push(...statuses);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
