/**
 * The type of an upload is read from its first bytes, never from its name or the browser's
 * guess: only JPEG, PNG and PDF are kept, and photos only as images.
 */
export type SniffedType = 'image/jpeg' | 'image/png' | 'application/pdf';

export function sniffType(bytes: Uint8Array): SniffedType | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (bytes.length >= 3 && starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (bytes.length >= 8 && starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (bytes.length >= 5 && starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  return null;
}
