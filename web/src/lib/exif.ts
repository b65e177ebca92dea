/**
 * The GPS position a phone wrote into a photo, if any. exifr's "mini" build (JPEG/HEIC, GPS included) is
 * loaded only when a photo is chosen.
 */
export async function photoPosition(file: Blob): Promise<{ lat: number; lon: number } | null> {
  try {
    // @ts-expect-error - the mini build has no type file of its own; its `gps` is the package's `gps`
    const exifr: typeof import("exifr") = await import("exifr/dist/mini.esm.mjs");
    const found = await exifr.gps(file);
    if (!found || !Number.isFinite(found.latitude) || !Number.isFinite(found.longitude)) return null;
    return { lat: found.latitude, lon: found.longitude };
  } catch {
    return null;
  }
}
