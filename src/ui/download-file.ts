/** Offers `text` as a file download named `fileName` (a Blob URL, revoked once the download has started). */
export function downloadText(fileName: string, text: string, type: string): void {
  downloadBlob(fileName, new Blob([text], { type }));
}

/** Offers a Blob (a binary file such as an `.xlsx` workbook) as a file download named `fileName`. */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Offers a file made by the app (name, text, MIME type) for download. */
export function downloadFile(file: { name: string; text: string; type: string }): void {
  downloadText(file.name, file.text, file.type);
}
