/*
 * The main-thread runner: PyScript, which then also runs the page's own <script type="mpy">
 * (or "py") tags when the page has Python but no PyScript of its own; also the fallback when
 * a worker cannot start. The core connects itself (runners.run_on_main_thread) with a
 * function that makes a core: one now, a new one in the same interpreter if that one fails.
 */
import { guardFetch, runtimeDidNotStart } from "./downloads.mjs";
import { FILES, PATHS } from "./inline.mjs";
import { installPackage, runnerScript } from "./package.mjs";

const PLUGINS_OFF = ["!error", "!py-editor", "!py-terminal", "!py-game", "!donkey",
  "!deprecations-manager", "!codemirror"];

// PyScript reads its configs once, when it loads: ours points the runtime at this bundle
// and turns plugins off; the type we do not use gets plugins off too, unless the page uses it.
function configure(internal, runtime) {
  const { config } = internal;
  const other = config.runtime === "mpy" ? "py" : "mpy";
  const configs = { [config.runtime]: { interpreter: runtime, plugins: PLUGINS_OFF } };
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

// While the core boots, a runtime that fails is the bridge's to report (once), never the
// page's error: a file of it that does not download (the page's fetch is guarded for the
// runtime's folder until the core is up or has failed: Pyodide would wait forever), or a
// failure inside PyScript, which rejects a promise nobody handles.
function watchRuntime(internal, runtime) {
  const pageFetch = window.fetch;
  const state = { over: false }; // the core is up, or its failure has been said
  // the page's own fetch back, unless the page has wrapped the guarded one since
  const unguard = () => window.fetch === guarded && (window.fetch = pageFetch);
  const fail = (reason) => {
    if (state.over) return;
    state.over = true;
    unguard();
    internal.pythonFailed(reason);
  };
  const guarded = guardFetch(pageFetch, new URL(".", runtime).href,
    (detail) => fail(runtimeDidNotStart(internal.runtimeName, detail)));
  const caught = (event) => {
    if (!/Aborted\(/.test(String(event.reason))) return;
    event.preventDefault();
    fail(`${event.reason} (${internal.config.runtime} runtime)`);
  };
  try {
    window.fetch = guarded;
  } catch (error) {
    // the page made fetch read-only: a file that does not download goes unnamed
  }
  addEventListener("unhandledrejection", caught);
  internal.mainThreadConnected.then(() => {
    state.over = true;
    removeEventListener("unhandledrejection", caught);
    unguard();
  });
}

export async function startMainThread(internal) {
  const runtime = new URL(PATHS[internal.config.runtime], import.meta.url).href;
  configure(internal, runtime);
  internal.ownPyScript = true;
  watchRuntime(internal, runtime);
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
