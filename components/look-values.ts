import { DEFAULT_LOOK, type LookSettings } from '../src/engine/scene-look.js';
import { TONE_MAPPINGS } from '../src/gpu/look.js';
import { numberOr, readKeyword, type Refuser } from './values.js';

/** The look attributes of `<layerw-scene>`, by property name. */
export type LookProperty = keyof LookSettings;

/** Longest URL accepted for `environment` and `skybox`. */
const MAX_URL_LENGTH = 8192;
const ENVIRONMENT_KEYWORDS = ['neutral', 'none'] as const;
const SKYBOX_KEYWORDS = ['none', 'environment'] as const;

/** Numeric look attributes: their kebab-case name and the range a value must fall in. */
const NUMBERS = {
  environmentIntensity: ['environment-intensity', 0, 1000],
  environmentRotation: ['environment-rotation', -36000, 36000],
  skyboxBlur: ['skybox-blur', 0, 1],
  exposure: ['exposure', 0, 1000],
  shadowIntensity: ['shadow-intensity', 0, 1],
} as const;

/**
 * The scene's parsed look (`environment`, `skybox`, `exposure`, `tone-mapping`, ...): reads attribute strings
 * or property values with the usual rules (bad values refused, the previous one kept; null restores the default).
 */
export class LookValues {
  readonly settings: LookSettings = { ...DEFAULT_LOOK };

  /** Reads `value` for `property` into the settings, or refuses it through `owner`. */
  set(property: LookProperty, value: unknown, owner: Refuser): void {
    const settings = this.settings;
    if (property === 'environment' || property === 'skybox') {
      const keywords = property === 'environment' ? ENVIRONMENT_KEYWORDS : SKYBOX_KEYWORDS;
      const read = value === null || value === undefined ? DEFAULT_LOOK[property] : readSource(value, keywords);
      if (read === null) {
        owner.reject(property, value, `is not ${keywords.join(', ')} or a URL`, settings[property]);
        return;
      }
      settings[property] = read;
      return;
    }
    if (property === 'toneMapping') {
      if (value === null || value === undefined) settings.toneMapping = DEFAULT_LOOK.toneMapping;
      else {
        const result = readKeyword(value, TONE_MAPPINGS);
        if (!result.ok) {
          owner.reject('tone-mapping', value, result.reason, settings.toneMapping);
          return;
        }
        settings.toneMapping = result.value;
      }
      return;
    }
    const [attribute, min, max] = NUMBERS[property];
    settings[property] = numberOr(owner, attribute, value, DEFAULT_LOOK[property], settings[property], min, max);
  }
}

/** A keyword (lower-cased) or a URL as written; null when `value` is neither. */
function readSource(value: unknown, keywords: readonly string[]): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text === '' || text.length > MAX_URL_LENGTH) return null;
  const keyword = text.toLowerCase();
  if (keywords.includes(keyword)) return keyword;
  try {
    new URL(text, globalThis.document?.baseURI ?? globalThis.location?.href);
  } catch {
    return null;
  }
  return text;
}
