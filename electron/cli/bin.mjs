#!/usr/bin/env node
// The `badge-station` command in development: runs the TypeScript sources through tsx.
// The packaged app starts the same CLI from its own binary (see README, "The CLI").
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
