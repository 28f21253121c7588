// A worker process for `index-repository`, which `index.ts` starts and later kills.
import { aether } from '@aetherframework.ai/sdk';

import { defineIndexRepository } from './workflow.js';

const name = process.argv[2] ?? 'worker';
const client = aether({ serverUrl: process.env['AETHER_SERVER'] ?? 'http://localhost:7233', workerId: name });
await client.serve([defineIndexRepository(client, name)]);
console.log('ready');
