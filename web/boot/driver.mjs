/*
 * The driver: port events to the core, one batch at a time, and the core's commands carried
 * out in order. kustomer_bridge/browser/port.py defines the port's events and commands (the
 * build writes them into ../port/generated.mjs); the driver sends and runs nothing else.
 */
import { commandActions, errorInfo, plain, wellFormed } from "./actions.mjs";
import { createKept } from "./kept.mjs";
import { dispatcher, event, read } from "../port/messages.mjs";

// The driver: one batch of events at a time to the core, its commands carried out in order.
// runner: {handle(eventsJson) -> (Promise of) commandsJson, restart() -> Promise of a handle}.
// A core that fails (the handle throws: a wasm trap, a worker gone) is said once and started
// again, at most MAX_RESTARTS times: the new core is greeted as the first was, and gets the
// tab's kept describes, the conversations not yet taken and the page's unanswered requests.
export const MAX_RESTARTS = 3;

export function drive(internal, runner) {
  const { sdk } = internal;
  const kept = createKept(internal.log);
  const core = coreQueue(internal, runner, kept, () => greet(internal.earlyStored()));
  const { send } = core;
  // The conversations the loader heard (the ones it held, then each new one) go to the core
  // with the page snapshot of their moment.
  const conversation = (payload, snapshot) =>
    send("conversationCreated", { payload: plain(payload), snapshot });
  const greet = (conversations) => {
    send("boot", { config: plain(internal.config), sdk: { start: sdk.start,
      startError: errorInfo(sdk.startError), landingUrl: internal.landingUrl } });
    // The describes earlier pages of the tab left (before this page's own).
    send("kept", { records: null });
    conversations.forEach(([payload, snapshot]) => conversation(payload, snapshot));
    internal.connect(core.send);
  };
  sdk.onStart.push((response, error) => send("started", { error: errorInfo(error) }));
  sdk.onStop.push(() => {
    core.reset.listeners(); // Kustomer.stop() dropped them
    send("stopped");
  });
  greet(internal.takeEarlyEvents(conversation));
  // Back from the back/forward cache: another page of the tab may have finished some.
  addEventListener("pageshow", (shown) => shown.persisted && send("kept", { records: null }));
  addEventListener("online", () => send("wake", { reason: "online" }));
  document.addEventListener("visibilitychange", () =>
    document.visibilityState === "visible" && send("wake", { reason: "visible" }));
}

// The queue to the core: send(name, fields) makes the port's event and queues it (the
// loader's face sends the page's requests so too). greetAgain() gives a core started again
// what is still due.
function coreQueue(internal, runner, kept, greetAgain) {
  const { log } = internal;
  const queue = [];
  const core = { handle: runner.handle, restarts: 0, busy: false };
  const send = (name, fields) => {
    if (!core.handle) return; // Python could not be started again: the loader said so
    try {
      queue.push(event(name, fields));
    } catch (error) {
      return log("error", "internal error: " + error.message);
    }
    pump();
  };
  const { actions, reset } = commandActions(internal, send, kept);
  const carryOut = dispatcher(actions);
  const pump = async () => {
    if (core.busy) return;
    core.busy = true;
    while (queue.length) {
      // The tab's kept describes are read as the batch leaves, after the commands of the
      // batch before (its keep and forget) have run.
      const batch = queue.splice(0).map((message) =>
        (message[0] === "kept" ? event("kept", { records: kept.records() }) : message));
      let commands;
      try {
        commands = JSON.parse(await core.handle(JSON.stringify(batch, wellFormed)));
      } catch (error) {
        if (!(await restart(error))) return;
        continue;
      }
      commands.forEach((command) => {
        try {
          carryOut(command);
        } catch (error) {
          log("error", "internal error on " + command[0] + ": " + error.message);
        }
      });
      taken(batch);
    }
    core.busy = false;
  };
  // The core has taken these conversations: it keeps their describes from now on.
  const taken = (batch) => batch.filter(([name]) => name === "conversationCreated")
    .forEach((message) => internal.earlySettled(read("events", message).payload?.conversationId));
  const restart = async (error) => {
    log.once("warn", `the Python core failed (${error.message || error}); it is started ` +
      "again, and its held calls and kept describes go on");
    try {
      if (++core.restarts > MAX_RESTARTS) throw new Error(`it failed ${core.restarts} times`);
      core.handle = await runner.restart();
    } catch (failure) {
      core.handle = null;
      internal.pythonFailed(failure.message);
      return false;
    }
    queue.length = 0; // for the core that failed; greetAgain gives the new one what is due
    reset();
    greetAgain();
    return true;
  };
  return { send, reset };
}
