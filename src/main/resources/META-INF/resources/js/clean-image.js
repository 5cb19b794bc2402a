// Removes what a photo says about where it was taken and on which device, before it is sealed: the image is
// decoded (EXIF orientation applied), drawn to a canvas and encoded anew, so only pixels survive. EXIF (GPS,
// make, model, maker notes, dates), XMP, IPTC, the source's ICC profile and PNG text chunks are all left behind
// because the new file is written from the pixels alone (Chromium adds its own generic sRGB profile to a JPEG). What cannot be decoded this way (video, audio, PDF, anything else)
// is reported, not guessed at, so the page can tell the reporter plainly what may remain in it.

const JPEG_QUALITY = 0.92;

/** Why a file was not cleaned; the page turns each into a sentence in the reporter's language. */
export const NOT_CLEANED = Object.freeze({
  VIDEO: 'video', // may hold GPS and device names in its container
  AUDIO: 'audio', // may hold device names, dates and places in its tags
  PDF: 'pdf', // may hold author, software and dates
  UNDECODABLE: 'undecodable', // an image type this browser cannot read (e.g. HEIC in most browsers)
  OTHER: 'other', // any other file: kept exactly as it is
});

function kindOf(type) {
  const t = String(type || '').toLowerCase();
  if (t.startsWith('video/')) return NOT_CLEANED.VIDEO;
  if (t.startsWith('audio/')) return NOT_CLEANED.AUDIO;
  if (t === 'application/pdf') return NOT_CLEANED.PDF;
  if (t.startsWith('image/') && t !== 'image/svg+xml') return 'image';
  return NOT_CLEANED.OTHER;
}

function canvasOf(width, height) {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

function encode(canvas, type) {
  const quality = type === 'image/jpeg' ? JPEG_QUALITY : undefined;
  if (canvas.convertToBlob) return canvas.convertToBlob({ type, quality });
  return new Promise((resolve, reject) => canvas.toBlob(
    (blob) => (blob ? resolve(blob) : reject(new Error('encoding failed'))), type, quality));
}

/** The file name with the extension of the new type (photo.heic becomes photo.jpg). */
function renamed(name, type) {
  const base = String(name || 'image').replace(/\.[^./\\]{1,5}$/, '');
  return `${base}.${type === 'image/png' ? 'png' : 'jpg'}`;
}

/**
 * Cleans one file.
 *
 * The preview is an ImageBitmap decoded from the cleaned file itself, so it shows exactly what will be sent; the
 * page draws it on a <canvas>. (Not an object URL in an <img>: Haven's Content-Security-Policy, img-src 'self',
 * refuses blob: images, and a canvas needs no exception to it.)
 *
 * @param {File|Blob} file what the reporter picked
 * @param {{previewSize?: number}} options the longest side of the preview in pixels (default 1024); a smaller
 *   picture keeps its size
 * @returns {Promise<{cleaned: true, blob: Blob, name: string, type: string, width: number, height: number,
 *   preview: ImageBitmap} | {cleaned: false, reason: string}>} when cleaned: the new file (PNG stays PNG, every
 *   other image becomes JPEG), its size with the orientation applied, and the preview; the caller closes the
 *   preview when done. When not: why (one of NOT_CLEANED); the caller decides with the reporter whether to send
 *   the file as it is.
 */
export async function cleanImage(file, { previewSize = 1024 } = {}) {
  const kind = kindOf(file.type);
  if (kind !== 'image') return { cleaned: false, reason: kind };
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch (e) {
    return { cleaned: false, reason: NOT_CLEANED.UNDECODABLE };
  }
  const { width, height } = bitmap;
  const type = file.type.toLowerCase() === 'image/png' ? 'image/png' : 'image/jpeg';
  const canvas = canvasOf(width, height);
  const g = canvas.getContext('2d');
  if (type === 'image/jpeg') {
    // JPEG has no transparency: transparent pixels of a WebP would otherwise turn black.
    g.fillStyle = '#fff';
    g.fillRect(0, 0, width, height);
  }
  g.drawImage(bitmap, 0, 0);
  bitmap.close(); // a 12-megapixel bitmap is 48 MB: let it go before encoding
  const blob = await encode(canvas, type);
  canvas.width = 0; // and the canvas's own pixels
  const scale = Math.min(1, previewSize / Math.max(width, height));
  const preview = await createImageBitmap(blob, scale < 1
    ? { resizeWidth: Math.round(width * scale), resizeHeight: Math.round(height * scale), resizeQuality: 'high' }
    : {});
  return { cleaned: true, blob, name: renamed(file.name, type), type, width, height, preview };
}

/** Draws a preview on the page's canvas (sized to the preview) and closes nothing: the caller owns both. */
export function drawPreview(canvas, preview) {
  canvas.width = preview.width;
  canvas.height = preview.height;
  canvas.getContext('2d').drawImage(preview, 0, 0);
}
