// The benchmark's worker process: serves the benchmark workflow until killed.
import { aether } from '../src/index.js';
import { benchWorkflow } from './workload.js';

const serverUrl = process.env['AETHER_SERVER'];
if (!serverUrl) {
  throw new Error('AETHER_SERVER is not set');
}
const client = aether({ serverUrl });
await client.serve([benchWorkflow(client)], { capacity: Number(process.env['CAPACITY'] ?? 256) });
process.send?.('ready');
// Exit cleanly when the bench is done, so that a --cpu-prof profile gets written.
process.on('SIGTERM', () => process.exit(0));
