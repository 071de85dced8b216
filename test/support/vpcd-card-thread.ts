/**
 * A virtual NTAG on vpcd's reader, served from a thread of its own (see `plugAside` in
 * virtual-ntag.ts): told where vpcd listens and how to make the tag, it plugs the card in,
 * says so, and takes it off when asked.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type PlugOptions, plugIntoVpcd, VirtualNtag, type VirtualNtagOptions } from './virtual-ntag.ts';

const port = parentPort;
if (!port) throw new Error('vpcd-card-thread runs as a worker thread');
const { plug, tag } = workerData as { plug: PlugOptions; tag: VirtualNtagOptions };
const card = await plugIntoVpcd(new VirtualNtag(tag), plug);
port.postMessage({ plugged: true, uid: card.tag.uid.toString('hex') });
port.on('message', async (message: 'remove') => {
  if (message !== 'remove') return;
  await card.remove();
  port.postMessage({ removed: true });
});
