// The demo gateway, as tests use it: started on a free port, closed after the test.
import type { TestContext } from 'node:test';
import { startGateway, type FakeGateway, type GatewayOptions } from '../../src/gateway/server.ts';

export { DEMO_API_KEY, startGateway } from '../../src/gateway/server.ts';
export type { FakeGateway, GatewayOptions, RecordedRequest } from '../../src/gateway/server.ts';

/** Starts a gateway that closes when the test (or suite) `t` ends. */
export async function withGateway(t: Pick<TestContext, 'after'>, options: GatewayOptions = {}): Promise<FakeGateway> {
  const gateway = await startGateway(options);
  t.after(() => gateway.close());
  return gateway;
}
