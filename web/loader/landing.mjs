/*
 * The visit's landing page: the first URL of the visit in the tab. Until Python has stored
 * it redacted (its remember command), it rests as early.mjs stores URLs (restingRule); the
 * raw URL stays in this page's memory only, so a token in a magic link never rests raw.
 */
import { restingRule } from "./early.mjs";
import { LANDING_KEY } from "./tab.mjs";

// No sessionStorage (privacy mode, a sandboxed frame): the landing page is this page.
function stored(write) {
  try {
    return write ? sessionStorage.setItem(LANDING_KEY, write) : sessionStorage.getItem(LANDING_KEY);
  } catch (error) {
    return null;
  }
}

export function createLanding(config) {
  const atRest = restingRule(config);
  let url = stored();
  if (!url) stored(atRest(url = location.href));
  return {
    atRest,
    get url() {
      return url;
    },
    // Python's redaction of it, stored instead.
    remember(redacted) {
      url = redacted;
      stored(redacted);
    },
  };
}
