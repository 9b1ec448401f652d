/*
 * A page for the JavaScript unit tests (node --test): just the globals the loader and the
 * boot module touch, each as a browser has it, with what a test needs to arrange and read.
 * What only a real browser shows (the parser's order, Trusted Types enforcement, workers)
 * is tested in tests/e2e/.
 */

// An element: attributes, dataset (data-kustomer-api-key -> kustomerApiKey), events.
export class FakeElement extends EventTarget {
  constructor(tagName, attributes = {}) {
    super();
    this.tagName = tagName.toUpperCase();
    this.attributes = new Map();
    this.dataset = {};
    this.children = [];
    this.parentNode = null;
    this.src = "";
    this.defer = false;
    this.async = false;
    for (const [name, value] of Object.entries(attributes)) this.setAttribute(name, value);
  }

  setAttribute(name, value) {
    this.attributes.set(name, String(value));
    if (name === "src" || name === "id") this[name] = String(value);
    if (name === "defer") this.defer = true;
    if (name.startsWith("data-")) {
      this.dataset[name.slice(5).replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = String(value);
    }
  }

  getAttribute(name) {
    return this.attributes.has(name) ? this.attributes.get(name) : null;
  }

  hasAttribute(name) {
    return this.attributes.has(name);
  }

  appendChild(child) {
    this.children.push(child);
    child.parentNode = this;
    page.appended.push(child);
    return child;
  }

  remove() {
    if (!this.parentNode) return;
    this.parentNode.children = this.parentNode.children.filter((node) => node !== this);
    this.parentNode = null;
  }

  // In the document while its parents lead to the document's element.
  get isConnected() {
    let node = this;
    while (node.parentNode) node = node.parentNode;
    return node === document.documentElement;
  }
}

// A MutationObserver: hears what a test says changed (mutated), on the nodes it observes.
class FakeMutationObserver {
  constructor(callback) {
    this.callback = callback;
    this.targets = [];
  }

  observe(target) {
    this.targets.push(target);
  }

  disconnect() {
    this.targets = [];
  }
}

// The children of `target` changed: every observer of it is called, as a browser's would be.
export function mutated(target) {
  for (const observer of page.observers) {
    if (observer.targets.includes(target)) observer.callback([]);
  }
}

// The session's storage, as a browser's: strings only; `broken` makes it throw (Safari's
// private mode, a sandboxed iframe).
class FakeStorage {
  constructor() {
    this.items = new Map();
    this.broken = false;
  }

  getItem(key) {
    if (this.broken) throw new Error("SecurityError");
    return this.items.has(key) ? this.items.get(key) : null;
  }

  setItem(key, value) {
    if (this.broken) throw new Error("QuotaExceededError");
    this.items.set(key, String(value));
  }
}

// What the current test arranged and what the code did: appended elements, console lines.
export const page = { appended: [], console: [], observers: [] };

// A fresh page: the document's state, its scripts (FakeElements), its URL.
export function fakePage({ readyState = "complete", scripts = [], href = "https://shop.test/p",
  elements = {} } = {}) {
  const target = new EventTarget();
  const head = new FakeElement("head");
  Object.assign(page, { appended: [], console: [], observers: [], target, elements });
  const document = Object.assign(new EventTarget(), {
    readyState, head, documentElement: head, title: "A page", referrer: "",
    scripts, currentScript: scripts[0] || null,
    createElement: (tag) => new FakeElement(tag),
    getElementById: (id) => selectorMatches("#" + id, scripts)[0] || null,
    querySelector: (selector) => document.querySelectorAll(selector)[0] || null,
    querySelectorAll: (selector) => selectorMatches(selector, scripts),
  });
  const globals = {
    window: globalThis, document, sessionStorage: new FakeStorage(), location: new URL(href),
    navigator: { language: "en-GB", userAgent: "fake", maxTouchPoints: 0, locks: undefined },
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
    dispatchEvent: target.dispatchEvent.bind(target),
    Kustomer: undefined, kustomerBridge: undefined, __kustomerBridge__: undefined,
    kustomerBridgeTrustedTypes: undefined, kustomerBridgeSettings: undefined, trustedTypes: undefined,
    MutationObserver: class extends FakeMutationObserver {
      constructor(callback) {
        super(callback);
        page.observers.push(this);
      }
    },
  };
  for (const [name, value] of Object.entries(globals)) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true });
  }
  for (const level of ["log", "warn", "error"]) {
    console[level] = (text) => page.console.push([level, text]);
  }
  return page;
}

// The few selectors the code asks: by a data- attribute of a script, an element in the
// document by id, or what a test set.
function selectorMatches(selector, scripts) {
  if (page.elements[selector]) return page.elements[selector];
  const id = /^#([\w-]+)$/.exec(selector);
  if (id) return page.appended.filter((node) => node.id === id[1] && node.isConnected);
  const attribute = /^script\[([\w-]+)\]$/.exec(selector);
  return attribute ? scripts.filter((script) => script.hasAttribute(attribute[1])) : [];
}

export const fire = (type) => page.target.dispatchEvent(new Event(type));

// Until every pending microtask has run (setImmediate: tests may mock setTimeout).
export const settle = () => new Promise((resolve) => setImmediate(resolve));
