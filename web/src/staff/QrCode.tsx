import { useEffect, useState } from "preact/hooks";

/** The dark modules of a QR code as one SVG path: a square per module, drawn by Preact (no markup string). */
export function modulesPath(data: readonly (readonly boolean[])[]): string {
  const squares: string[] = [];
  data.forEach((row, y) => row.forEach((dark, x) => dark && squares.push(`M${x} ${y}h1v1h-1z`)));
  return squares.join("");
}

/** A QR code of `text` (uqr encodes it, loaded only when a page shows one). */
export function QrCode({ text, label }: { text: string; label: string }) {
  const [code, setCode] = useState<{ size: number; path: string } | null>(null);
  useEffect(() => {
    let live = true;
    void import("uqr").then(({ encode }) => {
      const encoded = encode(text, { ecc: "M", border: 4 });
      if (live) setCode({ size: encoded.size, path: modulesPath(encoded.data) });
    });
    return () => {
      live = false;
    };
  }, [text]);
  if (!code) return null;
  return (
    <svg class="qr" role="img" aria-label={label} viewBox={`0 0 ${code.size} ${code.size}`} width={200} height={200} shape-rendering="crispEdges">
      <rect width={code.size} height={code.size} fill="#fff" />
      <path d={code.path} fill="#000" />
    </svg>
  );
}
