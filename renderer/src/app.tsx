import { type CSSProperties, useEffect, useState } from 'react';
import type { Result } from '../../electron/core/rpc/contract/index.ts';
import { CallError, DeskClient } from './rpc/client.ts';

// Shape of what electron/preload exposes. Browser mode has no preload, hence optional.
declare global {
  interface Window {
    readonly station?: { readonly version: string };
  }
}

// Style objects, not style attributes or injected <style>: React applies them through the
// CSSOM, which the strict style-src 'self' allows.
const page: CSSProperties = {
  fontFamily: 'system-ui, "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif',
  maxWidth: '40rem',
  margin: '4rem auto',
  padding: '0 1.5rem',
  lineHeight: 1.6,
};

type Status = { state: 'connecting' } | { state: 'ready'; status: Result<'station.status'> } | { state: 'failed'; error: string };

/** The token `npm start` printed in the page's address, after #token=. */
function launchToken(): string | undefined {
  return new URLSearchParams(location.hash.slice(1)).get('token') ?? undefined;
}

export function App() {
  const version = window.station?.version;
  const [status, setStatus] = useState<Status>({ state: 'connecting' });
  useEffect(() => {
    const token = launchToken();
    if (token === undefined) {
      setStatus({
        state: 'failed',
        error: 'Open the address npm start printed: it carries this launch’s key. · 请打开 npm start 输出的地址。',
      });
      return;
    }
    const client = new DeskClient(token);
    client
      .call('station.status', {})
      .then((result) => setStatus({ state: 'ready', status: result }))
      .catch((error: unknown) =>
        setStatus({ state: 'failed', error: error instanceof CallError ? error.message : String(error) }),
      );
    return () => client.close();
  }, []);
  return (
    <main style={page}>
      <h1>
        Badge Station <span lang="zh-CN">证件工作站</span>
      </h1>
      <p>The desk screens arrive with the next steps of the desk issue; the station behind this page already answers.</p>
      <p lang="zh-CN">工作站界面即将推出；本页已连接到工作站。</p>
      <p role="status">
        {status.state === 'connecting' && 'Connecting to the station… · 正在连接工作站…'}
        {status.state === 'failed' && status.error}
        {status.state === 'ready' &&
          (status.status.initialised
            ? `Station ${status.status.station} · 工作站 ${status.status.station}: ${status.status.holders} holders · 人员, ledger ${status.status.ledgerHead} events · 台账事件`
            : `No station in ${status.status.dataDir} yet: create one with badge-station init --station NNN · 尚未创建工作站`)}
      </p>
      <p>
        <small>{version === undefined ? 'Browser mode · 浏览器模式' : `Desktop ${version} · 桌面版`}</small>
      </p>
    </main>
  );
}
