// The PC/SC thread: every call into the `smartcard` binding runs here, never on the
// thread that started it. The binding's reader list (SCardListReaders, SCardGetStatusChange),
// disconnect and context release are synchronous and wait on pcscd: a hung pcscd (or a
// reader driver stuck in a call) would otherwise hold the station core's thread, and with it
// every desk's requests. Plain JavaScript, so it starts the same from the sources, the
// tests and the app's bundle (copied beside it by electron/bundle-workers.ts).
//
// Messages: { id, op, args } in; { id, ok: true, value } or { id, ok: false, message } out,
// and { event } for reader and card events while watching. Contexts and cards are held here
// and named by number. The first message out is the binding's constants (or why the binding
// could not load). The binding is loaded by this thread only: it keeps one JavaScript
// constructor per process, so a second thread loading it crashes the process.
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';

const port = parentPort;
if (!port) throw new Error('pcsc-thread runs as a worker thread');

let pcsc;
try {
  pcsc = createRequire(import.meta.url)('smartcard');
} catch (error) {
  port.postMessage({ id: 0, ok: false, message: `the PC/SC binding cannot load (${error.message})` });
}

const contexts = new Map();
const cards = new Map();
let next = 1;

const snapshot = (reader) => ({ name: reader.name, state: reader.state, atr: reader.atr ? new Uint8Array(reader.atr) : null });

let monitor;

const ops = {
  // Reader and card events from the binding's own monitor thread, posted as { event }.
  watch() {
    if (monitor) return;
    monitor = new pcsc.ReaderMonitor();
    monitor.start((event) => {
      const atr = event.atr && event.atr.length > 0 ? Buffer.from(event.atr).toString('hex') : undefined;
      port.postMessage({ event: { type: event.type, reader: event.reader, ...(atr ? { atr } : {}) } });
    });
  },
  unwatch() {
    try {
      monitor?.stop();
    } catch {
      // already stopped
    }
    monitor = undefined;
  },
  openContext() {
    const id = next++;
    contexts.set(id, new pcsc.Context());
    return id;
  },
  listReaders(context) {
    return contexts.get(context).listReaders().map(snapshot);
  },
  async connect(context, name, share, protocol) {
    const reader = contexts
      .get(context)
      .listReaders()
      .find((each) => each.name === name);
    if (!reader) throw new Error(`the reader ${name} is gone`);
    const card = await reader.connect(share, protocol);
    const id = next++;
    cards.set(id, card);
    return id;
  },
  async transmit(card, apdu) {
    return new Uint8Array(await cards.get(card).transmit(Buffer.from(apdu)));
  },
  async reconnect(card, share, protocol, initialization) {
    await cards.get(card).reconnect(share, protocol, initialization);
  },
  disconnect(card, disposition) {
    const held = cards.get(card);
    cards.delete(card);
    held?.disconnect(disposition);
  },
  closeContext(context) {
    const held = contexts.get(context);
    contexts.delete(context);
    held?.close();
  },
};

port.on('message', async ({ id, op, args }) => {
  try {
    const value = await ops[op](...args);
    port.postMessage({ id, ok: true, value });
  } catch (error) {
    port.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});

if (pcsc)
  port.postMessage({
    id: 0,
    ok: true,
    value: {
      SCARD_SHARE_SHARED: pcsc.SCARD_SHARE_SHARED,
      SCARD_PROTOCOL_T0: pcsc.SCARD_PROTOCOL_T0,
      SCARD_PROTOCOL_T1: pcsc.SCARD_PROTOCOL_T1,
      SCARD_LEAVE_CARD: pcsc.SCARD_LEAVE_CARD,
      SCARD_RESET_CARD: pcsc.SCARD_RESET_CARD,
      SCARD_STATE_PRESENT: pcsc.SCARD_STATE_PRESENT,
      SCARD_STATE_MUTE: pcsc.SCARD_STATE_MUTE,
      SCARD_STATE_UNAVAILABLE: pcsc.SCARD_STATE_UNAVAILABLE,
    },
  });
