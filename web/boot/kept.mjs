/*
 * The describes kept for the tab (the driver's). The core keeps each describe from when it
 * begins until Kustomer has answered it (its keep and forget commands; core/kept.py
 * defines the record, which is what will be sent, already redacted). They are stored here, in
 * the tab's sessionStorage, so that the next page of the tab resumes them if this one goes
 * first (a link, a reload, a lost network): the core gets them in its kept event. The newest
 * KEPT_LIMIT are kept for the next page (a burst may have more in flight at once: this page
 * still describes them). Where sessionStorage is full or disabled (Safari's private mode, a
 * sandboxed iframe) they stay in this page's memory, said once in debug.
 *
 * A page has the describes it is describing, each under a Web Lock of its key (navigator.locks,
 * across the site's frames and tabs), until it forgets them or goes: a kept describe another
 * frame of the tab, or a duplicated tab, is describing cannot be claimed (claim answers false).
 * Without Web Locks (an insecure context, Safari before 15.4) every claim is granted.
 */
import { KEPT_KEY } from "../loader/tab.mjs";

const KEPT_LIMIT = 100;

// has(key, ifAvailable) -> Promise of whether this page has the lock of key now; release(key).
export function describeLocks() {
  const held = new Map(); // key -> the lock's release, or null while it is asked for
  const release = (key) => {
    held.get(key)?.();
    held.delete(key);
  };
  const has = (key, ifAvailable) => new Promise((answer) => {
    if (held.has(key)) return answer(true);
    if (!navigator.locks) return answer(true);
    held.set(key, null);
    navigator.locks.request("kustomer-bridge:" + key, { ifAvailable }, (lock) => {
      if (!lock || !held.has(key)) {
        if (!lock) held.delete(key);
        return answer(!!lock); // not to be had, or forgotten while it was asked for
      }
      answer(true);
      return new Promise((done) => held.set(key, done));
    }).catch(() => answer(true));
  });
  return { has, release };
}

export function createKept(log) {
  const locks = describeLocks();
  let memory = null; // the records, once sessionStorage has failed this page
  const fallBack = (error, records) => {
    log.once("debug", "describes are kept in this page's memory only: sessionStorage failed (" +
      error.message + ")");
    return (memory = records);
  };
  const read = () => {
    if (memory) return memory;
    try {
      const records = JSON.parse(sessionStorage.getItem(KEPT_KEY) || "[]");
      return Array.isArray(records) ? records : [];
    } catch (error) {
      return fallBack(error, []);
    }
  };
  const write = (records) => {
    if (records.length > KEPT_LIMIT) {
      log.once("debug", `more than ${KEPT_LIMIT} describes are waiting: the oldest are not ` +
        "kept for the next page");
      records.splice(0, records.length - KEPT_LIMIT);
    }
    if (memory) return (memory = records);
    try {
      sessionStorage.setItem(KEPT_KEY, JSON.stringify(records));
    } catch (error) {
      fallBack(error, records);
    }
  };
  // Changes are stored together at the end of the task (a burst writes once, and never
  // after the page could have gone): [key, record or null to forget it].
  const changes = [];
  const store = () => {
    if (!changes.length) return;
    let records = read();
    for (const [key, record] of changes.splice(0)) {
      const first = records.find((kept) => kept.key === key);
      records = records.filter((kept) => kept.key !== key);
      if (record) records.push(first ? { ...record, expiresAt: first.expiresAt } : record);
    }
    write(records);
  };
  const change = (key, record) => {
    if (!changes.length) queueMicrotask(store);
    changes.push([key, record]);
  };
  return {
    // The tab's kept describes, each with the patience it has left (the kept event's).
    records() {
      store();
      return read().map(({ expiresAt, ...record }) =>
        ({ ...record, patienceMs: expiresAt - Date.now() }));
    },
    // A record's time runs from when it was first kept.
    keep({ patienceMs, ...record }) {
      locks.has(record.key, false);
      change(record.key, { ...record, expiresAt: Date.now() + patienceMs });
    },
    // Whether this page may describe a kept describe: no other page has it.
    claim: (key) => locks.has(key, true),
    forget(key) {
      locks.release(key);
      change(key, null);
    },
  };
}
