import type { UploadSlot } from "../api/types";

/**
 * Sends a file to the presigned S3 POST. XMLHttpRequest rather than fetch: only it reports upload
 * progress, which a person on a slow mobile connection needs to see.
 */
export function postToSlot(slot: UploadSlot, file: Blob, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [key, value] of Object.entries(slot.fields)) form.append(key, value);
    form.append("file", file, "photo.jpg"); // S3 requires the file last
    const xhr = new XMLHttpRequest();
    xhr.open("POST", slot.url);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Error(`S3 ${xhr.status}`)));
    xhr.onerror = () => reject(new Error("network"));
    xhr.send(form);
  });
}
