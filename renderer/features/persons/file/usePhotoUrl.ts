import { useEffect, useState } from 'react';
import { haven } from '../../../ipc';
import { base64ToBytes } from '../shared';

/**
 * The file's photo as a blob: URL (the CSP allows blob: images), read from the encrypted store
 * and revoked when the header goes away or the photo changes: nothing is left behind in the page.
 */
export function usePhotoUrl(attachmentId: number | null): string | null {
  const [photo, setPhoto] = useState<{ id: number; url: string } | null>(null);

  useEffect(() => {
    if (attachmentId === null) return;
    let live = true;
    let url: string | null = null;
    haven.attachments.get({ attachmentId }).then(
      (attachment) => {
        if (!live) return;
        url = URL.createObjectURL(new Blob([base64ToBytes(attachment.dataBase64)], { type: attachment.mime }));
        setPhoto({ id: attachmentId, url });
      },
      () => undefined, // No photo shown; the attachments tab says what went wrong.
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [attachmentId]);

  return photo && photo.id === attachmentId ? photo.url : null;
}
