/** Bytes in and out of the page: base64 (the API's blobs), chosen files, downloads. */

export function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Bytes as the API's base64 blobs. */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  // In slices: String.fromCharCode(...all) would overflow the call stack on a large file.
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The bytes of the file chosen in `input`, or null when none is. */
export async function chosenFile(input: HTMLInputElement): Promise<Uint8Array | null> {
  const f = input.files?.[0];
  return f ? new Uint8Array(await f.arrayBuffer()) : null;
}

/** Hands `bytes` to the browser as a download named `name`. */
export function download(name: string, bytes: Uint8Array<ArrayBuffer>, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
