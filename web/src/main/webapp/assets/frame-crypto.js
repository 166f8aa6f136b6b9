// End-to-end encryption of media frames with AES-GCM (WebCrypto), applied through encoded
// (insertable) streams: the media node forwards frames it cannot read.
//
// A frame on the wire is: the codec's first bytes in clear | ciphertext with its tag | 12-byte IV.
// The clear bytes (VP8 frame header: 10 for a key frame, 3 otherwise; the Opus TOC byte) let the
// node tell key frames apart and keep forwarding working; they are authenticated as additional
// data, so they cannot be altered either.

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

function clearBytes(frame) {
  if (frame.type === undefined) {
    return 1;
  }
  return frame.type === 'key' ? 10 : 3;
}

function toBase64Url(bytes) {
  let text = '';
  for (const b of bytes) {
    text += String.fromCharCode(b);
  }
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const plain = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(plain, (c) => c.charCodeAt(0));
}

/** A fresh random meeting key, as the text that goes into the link's #key= fragment. */
export function newKeyText() {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(KEY_BYTES)));
}

/** The AES-GCM key of a #key= fragment value; refuses anything but 32 bytes. */
export async function importKey(text) {
  let raw;
  try {
    raw = fromBase64Url(text);
  } catch (e) {
    throw new Error('The key in this link is not valid base64url.');
  }
  if (raw.length !== KEY_BYTES) {
    throw new Error('The key in this link must be 32 bytes.');
  }
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** Whether this browser can transform encoded frames the way janus.js does it. */
export function supported() {
  return (
    typeof RTCRtpSender !== 'undefined' &&
    typeof RTCRtpSender.prototype.createEncodedStreams === 'function' &&
    typeof RTCRtpReceiver.prototype.createEncodedStreams === 'function'
  );
}

/** A TransformStream for janus.js's sender transforms: encrypts each outgoing frame. */
export function encryptor(key) {
  return new TransformStream({
    async transform(frame, controller) {
      const data = new Uint8Array(frame.data);
      const clear = Math.min(clearBytes(frame), data.length);
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const header = data.subarray(0, clear);
      const sealed = new Uint8Array(
        await crypto.subtle.encrypt(
          { name: 'AES-GCM', iv, additionalData: header },
          key,
          data.subarray(clear),
        ),
      );
      const out = new Uint8Array(clear + sealed.length + IV_BYTES);
      out.set(header, 0);
      out.set(sealed, clear);
      out.set(iv, clear + sealed.length);
      frame.data = out.buffer;
      controller.enqueue(frame);
    },
  });
}

/**
 * A TransformStream for janus.js's receiver transforms: decrypts each incoming frame and drops
 * the ones that do not decrypt (sent under another key, or damaged), counting them in stats.
 */
export function decryptor(key, stats) {
  return new TransformStream({
    async transform(frame, controller) {
      const data = new Uint8Array(frame.data);
      const clear = clearBytes(frame);
      if (data.length < clear + TAG_BYTES + IV_BYTES) {
        stats.dropped++;
        return;
      }
      const iv = data.subarray(data.length - IV_BYTES);
      try {
        const plain = new Uint8Array(
          await crypto.subtle.decrypt(
            { name: 'AES-GCM', iv, additionalData: data.subarray(0, clear) },
            key,
            data.subarray(clear, data.length - IV_BYTES),
          ),
        );
        const out = new Uint8Array(clear + plain.length);
        out.set(data.subarray(0, clear), 0);
        out.set(plain, clear);
        frame.data = out.buffer;
        stats.decrypted++;
        controller.enqueue(frame);
      } catch (e) {
        stats.dropped++;
      }
    },
  });
}
