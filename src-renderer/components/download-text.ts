/** Saves a blob as a file through the browser (web shell and Electron alike). */
function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Saves text as a file through the browser. */
export function downloadText(text: string, name: string, type: string): void {
  saveBlob(new Blob([text], { type }), name);
}

/** Saves bytes sent as base64 (an exported `.ocs` file) through the browser. */
export function downloadBase64(base64: string, name: string, type: string): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  saveBlob(new Blob([bytes], { type }), name);
}
