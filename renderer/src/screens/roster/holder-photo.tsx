/**
 * A holder's photo, drawn on a canvas from the bytes the core sent.
 *
 * Decision: not an <img src="data:...">. The page's Content-Security-Policy keeps images to
 * its own origin; an image decoded from bytes already in the page (createImageBitmap) is
 * not a load the policy governs, so photos show without opening img-src to data: URLs.
 */
import { type CSSProperties, useEffect, useRef, useState } from 'react';

/** Drawn at twice the box's CSS size, sharp on a high-density screen. */
const WIDTH = 288;
const HEIGHT = 384;

export function HolderPhoto({ dataUrl, label, style }: { dataUrl: string; label: string; style: CSSProperties }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    let current = true;
    setDrawn(false);
    const [head, base64 = ''] = dataUrl.split(',', 2);
    const type = /^data:([^;]+);base64$/.exec(head ?? '')?.[1] ?? 'image/jpeg';
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    createImageBitmap(new Blob([bytes], { type }))
      .then((bitmap) => {
        const context = canvas.current?.getContext('2d');
        if (!current || !context) return;
        // Cover the box, cropping the longer side evenly, as a badge photo is framed.
        const scale = Math.max(WIDTH / bitmap.width, HEIGHT / bitmap.height);
        const width = bitmap.width * scale;
        const height = bitmap.height * scale;
        context.clearRect(0, 0, WIDTH, HEIGHT);
        context.drawImage(bitmap, (WIDTH - width) / 2, (HEIGHT - height) / 2, width, height);
        bitmap.close();
        setDrawn(true);
      })
      .catch(() => current && setDrawn(false));
    return () => {
      current = false;
    };
  }, [dataUrl]);
  return <canvas ref={canvas} width={WIDTH} height={HEIGHT} role="img" aria-label={label} data-drawn={drawn} style={style} />;
}
