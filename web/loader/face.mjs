/*
 * window.kustomerBridge, the page's face: each call is a request event for the Python core
 * (port.py), held here until the core is connected, and settled by its answer. Events go to
 * the driver as (name, fields): the boot module makes the port's messages of them, so the
 * loader carries no copy of the port. on(event)
 * subscribes the page to a Kustomer or bridge event through the core. When Python cannot run,
 * every held and later request is refused with the reason.
 */
import { notify } from "./config.mjs";

// requested(kind, args): the page asked (a sign that Python may be wanted: demand.mjs).
export function createFace(log, requested) {
  const outbox = [];
  const requests = new Map();
  const subscribers = new Map();
  const state = { deliver: null, refusal: null, lastId: 0 };
  const send = (name, fields) =>
    (state.deliver ? state.deliver(name, fields) : outbox.push([name, fields]));
  const request = (kind, args) => new Promise((resolve, reject) => {
    if (state.refusal) return reject(state.refusal);
    requests.set(++state.lastId, [resolve, reject, kind, args]);
    send("request", { requestId: state.lastId, kind, args });
    requested(kind, args);
  });
  const subscribe = (name, fn) => {
    let set = subscribers.get(name = String(name));
    if (!set) {
      subscribers.set(name, set = new Set());
      request("on", { event: name }).catch(() => {});
    }
    const entry = (payload) => fn(payload);
    set.add(entry);
    return () => {
      if (set.delete(entry) && !set.size && subscribers.get(name) === set) {
        subscribers.delete(name);
        request("off", { event: name }).catch(() => {});
      }
    };
  };
  return {
    send,
    request,
    subscribe,
    // The boot module's driver: from now on events go to the core, held ones first.
    // A core started again (the first failed) hears the subscriptions and every request
    // still unanswered, as the first did.
    connect(driver) {
      if (state.deliver) {
        subscribers.forEach((set, name) =>
          outbox.push(["request", { requestId: 0, kind: "on", args: { event: name } }]));
        requests.forEach(([, , kind, args], requestId) =>
          outbox.push(["request", { requestId, kind, args }]));
      }
      state.deliver = driver;
      outbox.splice(0).forEach(([name, fields]) => driver(name, fields));
    },
    // What the core's ["answer", ...] command reaches.
    answer(id, ok, value) {
      const pending = requests.get(id);
      requests.delete(id);
      pending?.[ok ? 0 : 1](ok ? value : Object.assign(new Error(value.text), { name: value.name,
        status: value.status, code: value.code, method: value.method, timeoutMs: value.timeoutMs,
        answer: value }));
    },
    emit: (name, payload) => notify(log, subscribers.get(name) || [], payload),
    refuse(error) {
      state.refusal = error;
      outbox.length = 0;
      requests.forEach(([, reject]) => reject(error));
      requests.clear();
    },
  };
}
