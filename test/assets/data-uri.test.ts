import { assertDeepEqual, assertEqual } from '../assert.js';
import { InvalidContent } from '../../src/assets/asset-error.js';
import { decodeDataUri } from '../../src/assets/data-uri.js';
import { Random } from '../helpers/random.js';
import { toBase64 } from './glb-builder.js';

function refusal(uri: string, maxBytes = 1024): string {
  try {
    decodeDataUri(uri, maxBytes);
  } catch (error) {
    if (error instanceof InvalidContent) return error.message;
    throw error;
  }
  return '';
}

describe('decodeDataUri', () => {
  it('decodes base64 of every length like atob does', () => {
    const random = new Random();
    for (let length = 0; length < 40; length++) {
      const bytes = Uint8Array.from({ length }, () => random.int(0, 255));
      const { bytes: decoded, mediaType } = decodeDataUri(`data:application/octet-stream;base64,${toBase64(bytes)}`, 1024);
      assertDeepEqual(decoded, bytes, `length ${length}, seed ${random.seed}`);
      assertEqual(mediaType, 'application/octet-stream');
    }
  });

  it('accepts missing padding, line breaks and base64url', () => {
    assertDeepEqual(decodeDataUri('data:;base64,/+8\nA', 16).bytes, new Uint8Array([0xff, 0xef, 0]));
    assertDeepEqual(decodeDataUri('data:;base64,_-8', 16).bytes, new Uint8Array([0xff, 0xef]));
  });

  it('decodes percent-encoded data', () => {
    assertDeepEqual(decodeDataUri('data:text/plain,a%20b%FF', 16).bytes, new Uint8Array([97, 32, 98, 255]));
  });

  it('refuses bad characters and data beyond the bound', () => {
    assertEqual(refusal('data:;base64,AA*A'), 'a base64 data: URI has the character "*" at position 2');
    assertEqual(refusal('data:;base64,AAAAAAAA', 5), 'a data: URI holds more than 5 bytes');
    assertEqual(refusal('data:,abcdef', 5), 'a data: URI holds more than 5 bytes');
    assertEqual(refusal('data:,%zz'), 'a data: URI has a bad escape at position 0');
  });
});
