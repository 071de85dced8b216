/** What the desk is shown of a print job and its run (the contract's jobProgress, print.ts). */

export type DeskJobStatus = 'ready' | 'printing' | 'paused' | 'interrupted' | 'needs-attention' | 'done' | 'cancelled';

export interface CardOut {
  serial: string;
  type: string;
  lanyard: { colour: string; nameZh: string; nameEn: string };
}

export interface PrinterView {
  printer: string;
  state: string;
  message?: string;
  cards: number;
  rejects: number;
  cardsPerHour: number;
  secondsLeft: number | null;
  lastCard?: CardOut;
}

export interface DeskJobView {
  job: number;
  name: string;
  status: DeskJobStatus;
  total: number;
  done: number;
  issued: number;
  failed: number;
  rejected: number;
  held: number;
  cancelled: number;
  cardsPerHour: number;
  secondsLeft: number | null;
  createdAt: number;
  printers: PrinterView[];
  lastCard?: CardOut;
  stopped?: { code: string; message: string };
  notice?: RunNotice;
}

/** What a run's start said about its leases upstream, when it could not simply claim them all. */
export interface RunNotice {
  code: 'UPSTREAM_NOT_CLAIMED' | 'UPSTREAM_HELD';
  message: string;
}
