/*
 * The main-thread runner: PyScript, which then also runs the page's own <script type="mpy">
 * (or "py") tags when the page has Python but no PyScript of its own; also the fallback when
 * a worker cannot start. The core connects itself (runners.run_on_main_thread) with a
 * function that makes a core: one now, a new one in the same interpreter if that one fails.
 */
import { FILES, PATHS } from "./inline.mjs";
import { installPackage, runnerScript } from "./package.mjs";

const PLUGINS_OFF = ["!error", "!py-editor", "!py-terminal", "!py-game", "!donkey",
  "!deprecations-manager", "!codemirror"];

// PyScript reads its configs once, when it loads: ours points the runtime at this bundle
// and turns plugins off; the type we do not use gets plugins off too, unless the page uses it.
function configure(internal) {
  const { config } = internal;
  const other = config.runtime === "mpy" ? "py" : "mpy";
  const configs = { [config.runtime]: {
    interpreter: new URL(PATHS[config.runtime], import.meta.url).href, plugins: PLUGINS_OFF } };
  if (!document.querySelector(`script[type=${other}], ${other}-script`)) {
    configs[other] = { plugins: PLUGINS_OFF };
  }
  for (const type in configs) {
    const element = document.createElement(`${type}-config`);
    element.setAttribute("data-kustomer-bridge", "");
    element.textContent = JSON.stringify(configs[type]);
    element.hidden = true;
    (document.head || document.documentElement).appendChild(element);
  }
}

// A runtime that fails inside PyScript rejects a promise nobody handles: while the core
// boots, such a rejection is the bridge's to report, never the page's error.
function catchRuntimeFailure(internal) {
  const caught = (event) => {
    if (!/Aborted\(/.test(String(event.reason))) return;
    event.preventDefault();
    internal.pythonFailed(`${event.reason} (${internal.config.runtime} runtime)`);
  };
  addEventListener("unhandledrejection", caught);
  internal.mainThreadConnected.then(() => removeEventListener("unhandledrejection", caught));
}

export async function startMainThread(internal) {
  configure(internal);
  internal.ownPyScript = true;
  catchRuntimeFailure(internal);
  let pyscript;
  try {
    pyscript = await import(new URL(PATHS.pyscript, import.meta.url).href);
  } catch (error) {
    throw new Error("PyScript did not load (" + error.message + ")");
  }
  pyscript.hooks.main.onReady.add((wrap) => installPackage(wrap.interpreter, FILES));
  const tag = document.createElement("script");
  tag.type = internal.config.runtime;
  tag.setAttribute("data-kustomer-bridge", "");
  tag.nonce = internal.nonce;
  tag.textContent = internal.trusted.script(runnerScript(internal, "runners.run_on_main_thread()"));
  (document.head || document.documentElement).appendChild(tag);
  const newCore = await internal.mainThreadConnected;
  return { handle: newCore(), restart: async () => newCore() };
}
