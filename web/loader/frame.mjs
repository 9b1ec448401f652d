/*
 * Kustomer's widget frame, watched. The widget's UI is one iframe, #kustomer-ui-sdk-iframe
 * (public code waits for it), a child of <body>. A router that swaps the body (htmx hx-boost,
 * Turbo Drive, Astro's router) takes the frame with it and nothing puts it back; a frame moved
 * into the new body would reload its document. The bridge watches the frame's ancestors
 * (never the page's whole tree: a swap removes one of them) and, when the frame has left the
 * document, says so once.
 */
export const WIDGET_FRAME = "kustomer-ui-sdk-iframe";

// Calls gone() once the widget's frame has left the document; returns stop(), or null when
// the page has no frame (yet).
export function watchFrame(gone) {
  const frame = document.getElementById(WIDGET_FRAME);
  if (!frame) return null;
  const observer = new MutationObserver(() => {
    if (frame.isConnected) return;
    observer.disconnect();
    gone();
  });
  for (let node = frame.parentNode; node; node = node.parentNode) {
    observer.observe(node, { childList: true });
  }
  return () => observer.disconnect();
}

// Copies of the frame a router's snapshot brought back (htmx's history, Turbo's cache):
// empty frames with the widget's id, which Kustomer's next start must not find.
export function removeFrameCopies() {
  for (const copy of document.querySelectorAll("#" + WIDGET_FRAME)) copy.remove();
}
