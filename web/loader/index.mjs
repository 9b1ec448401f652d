/*
 * kustomer-bridge.js, the drop-in tag: a plain script (not a module) doing only what must
 * happen at tag time. The build bundles these modules into one script (esbuild, pinned in
 * package-lock.json) and minifies it:
 *   manifest.mjs the version and the boot module's name (written by the build)
 *   config.mjs   the tag (found by its URL when a script loader ran it), its data- attributes
 *                or window.kustomerBridgeSettings, and the console
 *   trusted.mjs  the one Trusted Types policy every sink goes through
 *   kustomer.mjs Kustomer's widget.js: inject it, take the tag written for the bridge, or
 *                attach to the page's own; hear of every start() and stop()
 *   frame.mjs    Kustomer's widget frame, watched: a router that swaps the body takes it
 *                (kustomer.mjs then restarts Kustomer, so chat stays)
 *   early.mjs    conversations created before Python took over, with their page snapshot
 *   landing.mjs  the visit's landing page, at rest until Python has stored it redacted
 *   tab.mjs      the keys of what a page leaves in the tab's sessionStorage
 *   face.mjs     window.kustomerBridge: the page's requests to the core, held until it is up
 *   ready.mjs    kustomerBridge.ready and its bounds
 *   demand.mjs   when Python loads: at the first sign it has something to do (data-python)
 *   python-on-page.mjs  whether Python can run here; the page's own Python or PyScript; the
 *                boot module, loaded until it is
 *   main.mjs     wiring: consent and data-load, ready, the signs, window.__kustomerBridge__
 * ../port/ is the port's JavaScript side: what Python defines that JavaScript needs, generated.
 */
import { main } from "./main.mjs";

main();
