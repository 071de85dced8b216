/**
 * The `smartcard` N-API binding, loaded on first use: a station without libpcsclite can
 * still run everything that does not touch a reader.
 */
import { createRequire } from 'node:module';
import type * as Smartcard from 'smartcard';

export type SmartcardModule = typeof Smartcard;
export type PcscContext = InstanceType<SmartcardModule['Context']>;
export type PcscReader = ReturnType<PcscContext['listReaders']>[number];
export type PcscCard = Awaited<ReturnType<PcscReader['connect']>>;

let loaded: SmartcardModule | undefined;

export function pcsc(): SmartcardModule {
  loaded ??= createRequire(import.meta.url)('smartcard') as SmartcardModule;
  return loaded;
}
