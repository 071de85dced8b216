import type { CSSProperties } from 'react';

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

export function App() {
  const version = window.station?.version;
  return (
    <main style={page}>
      <h1>
        Badge Station <span lang="zh-CN">证件工作站</span>
      </h1>
      <p>The station UI arrives with a later issue.</p>
      <p lang="zh-CN">工作站界面将在后续的 issue 中实现。</p>
      <p>
        <small>{version === undefined ? 'Browser mode · 浏览器模式' : `Desktop ${version} · 桌面版`}</small>
      </p>
    </main>
  );
}
