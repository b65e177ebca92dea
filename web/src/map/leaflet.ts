/**
 * Everything Leaflet, loaded only by the pages that show a map (dynamic import), so the first page stays
 * light. Popups are built from DOM text nodes: nothing a citizen typed is ever parsed as HTML.
 */
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import "leaflet.markercluster/dist/MarkerCluster.css";
import "leaflet.markercluster/dist/MarkerCluster.Default.css";
import "./map.css";
import type { Areas, FeedItem } from "../api/types";

// leaflet.markercluster is a UMD script that extends the global `L`.
(globalThis as unknown as { L: typeof L }).L = L;
const clusterReady = import("leaflet.markercluster");

/** Cà Mau city: where the demo province's reports are, and a sensible view before any data. */
export const DEFAULT_CENTER: [number, number] = [9.1769, 105.1524];

export interface BaseOptions {
  tilesUrl: string | null;
  areas: Areas | null;
  label: string;
}

export function createMap(element: HTMLElement, options: BaseOptions): L.Map {
  const map = L.map(element, { center: DEFAULT_CENTER, zoom: 13, maxZoom: 19, attributionControl: Boolean(options.tilesUrl) });
  element.setAttribute("role", "region");
  element.setAttribute("aria-label", options.label);
  if (options.tilesUrl) L.tileLayer(options.tilesUrl, { maxZoom: 19 }).addTo(map);
  if (options.areas && options.areas.features.length) {
    const outlines = L.geoJSON(options.areas, {
      style: { color: "#0b5394", weight: 2, fillColor: "#cfe2f3", fillOpacity: 0.35, className: "area" },
      onEachFeature: (feature, layer) => {
        const name = (feature.properties as { name?: string } | null)?.name;
        if (name) layer.bindTooltip(text("span", name), { sticky: true });
      },
    }).addTo(map);
    map.fitBounds(outlines.getBounds(), { padding: [8, 8] });
  }
  return map;
}

function text(tag: string, content: string, className?: string): HTMLElement {
  const element = document.createElement(tag);
  element.textContent = content;
  if (className) element.className = className;
  return element;
}

export interface ReportLayer {
  show(items: FeedItem[]): void;
}

export async function reportLayer(
  map: L.Map,
  describe: (item: FeedItem) => { title: string; status: string; link: string; linkText: string },
): Promise<ReportLayer> {
  await clusterReady;
  const group = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
  map.addLayer(group);
  return {
    show(items) {
      group.clearLayers();
      for (const item of items) {
        const { lat, lon } = item.location;
        if (lat === null || lon === null) continue;
        const info = describe(item);
        const popup = document.createElement("div");
        popup.append(text("strong", info.title), text("p", info.status, "popup-status"));
        const link = text("a", info.linkText) as HTMLAnchorElement;
        link.href = info.link;
        popup.append(link);
        const marker = L.circleMarker([lat, lon], {
          radius: 8,
          color: "#ffffff",
          weight: 2,
          fillColor: "#c0392b",
          fillOpacity: 0.9,
        });
        marker.bindPopup(popup);
        group.addLayer(marker);
      }
    },
  };
}

export interface PinPicker {
  setPin(lat: number, lon: number): void;
}

/** A map on which a tap drops the report's pin. */
export function pinPicker(
  element: HTMLElement,
  options: BaseOptions,
  initial: { lat: number; lon: number } | null,
  onPick: (lat: number, lon: number) => void,
): PinPicker {
  const map = createMap(element, options);
  let pin: L.CircleMarker | null = null;
  const setPin = (lat: number, lon: number) => {
    if (!pin) {
      pin = L.circleMarker([lat, lon], { radius: 10, color: "#ffffff", weight: 3, fillColor: "#0b5394", fillOpacity: 1 });
      pin.addTo(map);
    } else pin.setLatLng([lat, lon]);
    map.setView([lat, lon], Math.max(map.getZoom(), 15));
  };
  if (initial) setPin(initial.lat, initial.lon);
  map.on("click", (event: L.LeafletMouseEvent) => {
    setPin(event.latlng.lat, event.latlng.lng);
    onPick(event.latlng.lat, event.latlng.lng);
  });
  return { setPin };
}

/** A map showing one report's position (the staff console's detail page): nothing to pick. */
export function pointMap(element: HTMLElement, options: BaseOptions, at: { lat: number; lon: number }): L.Map {
  const map = createMap(element, options);
  L.circleMarker([at.lat, at.lon], { radius: 10, color: "#ffffff", weight: 3, fillColor: "#a61c1c", fillOpacity: 1 }).addTo(map);
  map.setView([at.lat, at.lon], 16);
  return map;
}

export interface MapPoint {
  lat: number;
  lon: number;
  label: string;
  href: string;
  overdue: boolean;
}

/** Open reports as dots (overdue ones red), each with a popup link to its page; popups are text nodes. */
export function pointsMap(element: HTMLElement, options: BaseOptions): { show(points: MapPoint[]): void } {
  const map = createMap(element, options);
  const layer = L.layerGroup().addTo(map);
  return {
    show(points) {
      layer.clearLayers();
      for (const point of points) {
        const link = text("a", point.label) as HTMLAnchorElement;
        link.href = point.href;
        const colour = point.overdue ? "#a61c1c" : "#0b5394";
        L.circleMarker([point.lat, point.lon], { radius: 7, color: "#ffffff", weight: 2, fillColor: colour, fillOpacity: 1 })
          .bindPopup(link)
          .addTo(layer);
      }
    },
  };
}
