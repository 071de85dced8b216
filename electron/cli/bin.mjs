#!/usr/bin/env node
// The `badge-station` command in development: runs the TypeScript sources through tsx.
// No packaged app exists yet; when it does, it is meant to start the same CLI from its own
// binary (electron-builder.yml switches RunAsNode off, so it cannot run arbitrary scripts).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
