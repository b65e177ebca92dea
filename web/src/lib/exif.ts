/** The GPS position a phone wrote into a photo, if any; exifr is loaded only when a photo is chosen. */
export async function photoPosition(file: Blob): Promise<{ lat: number; lon: number } | null> {
  try {
    const { gps } = await import("exifr");
    const found = await gps(file);
    if (!found || !Number.isFinite(found.latitude) || !Number.isFinite(found.longitude)) return null;
    return { lat: found.latitude, lon: found.longitude };
  } catch {
    return null;
  }
}
