/*
 * What a page leaves in the tab's sessionStorage for the next page of the tab, by key; each
 * key's owner says what it holds and how it rests there.
 */
// The visit's landing page (landing.mjs).
export const LANDING_KEY = "kustomer-bridge:landing";
// Conversations no Python core has taken yet (early.mjs).
export const EARLY_KEY = "kustomer-bridge:early";
// Describes begun and not yet answered by Kustomer (the boot module's kept.mjs).
export const KEPT_KEY = "kustomer-bridge:describes";

// The list stored under key; empty when there is none or sessionStorage fails (Safari's
// private mode, a sandboxed iframe).
export function storedList(key) {
  try {
    const list = JSON.parse(sessionStorage.getItem(key));
    return Array.isArray(list) ? list : [];
  } catch (error) {
    return [];
  }
}
