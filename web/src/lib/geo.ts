/** A box of about `metres` around a point, as the feed's bbox filter wants it (min_lon,min_lat,max_lon,max_lat). */
export function bboxAround(lat: number, lon: number, metres: number): [number, number, number, number] {
  const dLat = metres / 111_320;
  const dLon = metres / (111_320 * Math.cos((lat * Math.PI) / 180));
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return [round(lon - dLon), round(lat - dLat), round(lon + dLon), round(lat + dLat)];
}

export function formatCoord(value: number): string {
  return value.toFixed(5);
}
