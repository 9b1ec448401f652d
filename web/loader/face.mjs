/*
 * window.kustomerBridge, the page's face: each call is a request event for the Python core
 * (port.py), held here until the core is connected, and settled by its answer; on(event)
 * subscribes the page to a Kustomer or bridge event through the core. When Python cannot run,
 * every held and later request is refused with the reason.
 */
import { notify } from "./config.mjs";

export function createFace(log) {
  const outbox = [];
  const requests = new Map();
  const subscribers = new Map();
  const state = { deliver: null, refusal: null, lastId: 0 };
  const send = (event) => (state.deliver ? state.deliver(event) : outbox.push(event));
  const request = (kind, args) => new Promise((resolve, reject) => {
    if (state.refusal) return reject(state.refusal);
    requests.set(++state.lastId, [resolve, reject, kind, args]);
    send(["request", state.lastId, kind, args]);
  });
  const subscribe = (event, fn) => {
    let set = subscribers.get(event = String(event));
    if (!set) {
      subscribers.set(event, set = new Set());
      request("on", [event]).catch(() => {});
    }
    const entry = (payload) => fn(payload);
    set.add(entry);
    return () => {
      if (set.delete(entry) && !set.size && subscribers.get(event) === set) {
        subscribers.delete(event);
        request("off", [event]).catch(() => {});
      }
    };
  };
  return {
    send,
    request,
    subscribe,
    get connected() {
      return !!state.deliver;
    },
    // The boot module's driver: from now on events go to the core, held ones first.
    // A core started again (the first failed) hears the subscriptions and every request
    // still unanswered, as the first did.
    connect(driver) {
      if (state.deliver) {
        subscribers.forEach((set, event) => outbox.push(["request", 0, "on", [event]]));
        requests.forEach(([, , kind, args], id) => outbox.push(["request", id, kind, args]));
      }
      state.deliver = driver;
      outbox.splice(0).forEach(driver);
    },
    // What the core's ["answer", ...] command reaches.
    answer(id, ok, value) {
      const pending = requests.get(id);
      requests.delete(id);
      pending?.[ok ? 0 : 1](ok ? value : Object.assign(new Error(value.text), { name: value.name,
        status: value.status, code: value.code, method: value.method, timeoutMs: value.timeoutMs,
        answer: value }));
    },
    emit: (event, payload) => notify(log, subscribers.get(event) || [], payload),
    refuse(error) {
      state.refusal = error;
      outbox.length = 0;
      requests.forEach(([, reject]) => reject(error));
      requests.clear();
    },
  };
}
