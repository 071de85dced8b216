/** The page's side of the scanner: keydown events anywhere, to the detector (scan-detector.ts). */
import { useEffect, useRef } from 'react';
import { scanDetector } from './scan-detector.ts';

/**
 * Calls `onScan` with each serial scanned anywhere on the page. The scan's Enter is kept
 * from whatever has the focus (it would submit a form or open a row), its characters are
 * not: they reach a focused field before the burst is known for a scan.
 */
export function useScanner(onScan: (serial: string) => void): void {
  const latest = useRef(onScan);
  latest.current = onScan;
  useEffect(() => {
    const detector = scanDetector();
    const listen = (event: KeyboardEvent) => {
      // A passphrase typed (or pasted by a password manager) fast is never a scan: it must
      // not be taken from its field, nor shown back on the page as "Scanned ...".
      if (event.target instanceof HTMLInputElement && event.target.type === 'password') return;
      const serial = detector.key(event.key, event.timeStamp, event.ctrlKey || event.altKey || event.metaKey);
      if (serial === undefined) return;
      event.preventDefault();
      event.stopPropagation();
      latest.current(serial);
    };
    // Capture: the scan is the page's before any screen's own Enter handling.
    window.addEventListener('keydown', listen, true);
    return () => window.removeEventListener('keydown', listen, true);
  }, []);
}
