// The fake gateway in a process of its own, for the batch benchmarks: a batch at thousands of requests
// a second keeps a core busy on each side, and a gateway inside the benchmark's own process would take
// its turns on the same event loop that times the runs. Options come as JSON in argv[2]; the parent
// gets {url} once it listens, asks for {load} with 'load', and ends it with 'close'.
import { startGateway, type GatewayOptions } from '../src/gateway/server.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as GatewayOptions;
const gateway = await startGateway({ record: false, ...options });
process.on('message', (message) => {
  if (message === 'load') process.send?.({ load: gateway.load });
  if (message === 'close') void gateway.close().then(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
process.send?.({ url: gateway.url });
