// Draws media/icon.png (128x128): a discovery note with risk bands, rendered with 4x4 supersampling and
// written with a minimal PNG encoder (zlib from Node), so the icon is reproducible without image tools.
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const SIZE = 128;
const SS = 4;

const rgba = (hex, a = 255) => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16), a];
const BG = rgba('#1f3a4d');
const PAPER = rgba('#f4f1ea');
const LINE = rgba('#9aa7b0');
const BANDS = [rgba('#d64545'), rgba('#e8903a'), rgba('#e8c93a'), rgba('#4caf6a')];

function roundedRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** The colour at a point (128-unit coordinates), or null for transparent. */
function shade(x, y) {
  if (!roundedRect(x, y, 4, 4, 124, 124, 22)) return null;
  // The note: a sheet with a folded corner.
  const inSheet = x >= 30 && x <= 90 && y >= 20 && y <= 108 && !(x > 74 && y < 36 && x - 74 > y - 20);
  if (inSheet) {
    for (let i = 0; i < 4; i++) {
      const ly = 44 + i * 14;
      if (y >= ly && y <= ly + 5 && x >= 38 && x <= 76) return LINE;
    }
    return PAPER;
  }
  // Risk bands: four dots beside the sheet, critical at the top.
  for (let i = 0; i < 4; i++) {
    const cy = 46.5 + i * 14;
    if ((x - 102) ** 2 + (y - cy) ** 2 <= 25) return BANDS[i];
  }
  return BG;
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let py = 0; py < SIZE; py++) {
  raw[py * (SIZE * 4 + 1)] = 0; // filter: none
  for (let px = 0; px < SIZE; px++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const c = shade(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS);
        if (!c) continue;
        for (let k = 0; k < 3; k++) acc[k] += c[k] * (c[3] / 255);
        acc[3] += c[3];
      }
    }
    const n = SS * SS;
    const alpha = acc[3] / n;
    const o = py * (SIZE * 4 + 1) + 1 + px * 4;
    for (let k = 0; k < 3; k++) raw[o + k] = alpha > 0 ? Math.round((acc[k] / n) * (255 / alpha)) : 0;
    raw[o + 3] = Math.round(alpha);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = path.join(__dirname, '..', 'media', 'icon.png');
fs.writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
