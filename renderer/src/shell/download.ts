/** Hands a file to the browser as a download: the operator's Downloads folder, or where they choose. */
export function downloadFile(parts: BlobPart[], fileName: string, mime: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // After the click has handed the file over, not before.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
