/** Geometry shared by layout checks and the engine (no schema code, for rendering threads). */

/** The box an element covers once rotated about its centre. */
export function boundingBox(element: {
  x: number;
  y: number;
  width: number;
  height: number;
  rotate?: number | undefined;
}): [number, number, number, number] {
  const angle = ((element.rotate ?? 0) * Math.PI) / 180;
  const cx = element.x + element.width / 2;
  const cy = element.y + element.height / 2;
  const w = (Math.abs(Math.cos(angle)) * element.width + Math.abs(Math.sin(angle)) * element.height) / 2;
  const h = (Math.abs(Math.sin(angle)) * element.width + Math.abs(Math.cos(angle)) * element.height) / 2;
  return [cx - w, cy - h, cx + w, cy + h];
}
