/*
 * The describes kept for the tab (the driver's). The core keeps each describe from when it
 * begins until Kustomer has answered it (its keep and forget commands; core/kept.py
 * defines the record, which is what will be sent, already redacted). They are stored here, in
 * the tab's sessionStorage, so that the next page of the tab resumes them if this one goes
 * first (a link, a reload, a lost network): the core gets them in its kept event. The newest
 * KEPT_LIMIT are kept for the next page (a burst may have more in flight at once: this page
 * still describes them). Where sessionStorage is full or disabled (Safari's private mode, a
 * sandboxed iframe) they stay in this page's memory, said once in debug.
 */
const KEPT_KEY = "kustomer-bridge:describes";
const KEPT_LIMIT = 100;

function createKept(log) {
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
  return {
    // The tab's kept describes, each with the patience it has left (the kept event's).
    records: () => read().map(({ expiresAt, ...record }) =>
      ({ ...record, patienceMs: expiresAt - Date.now() })),
    // A record's time runs from when it was first kept.
    keep({ patienceMs, ...record }) {
      const records = read();
      const first = records.find((kept) => kept.key === record.key);
      record.expiresAt = first ? first.expiresAt : Date.now() + patienceMs;
      write([...records.filter((kept) => kept.key !== record.key), record]);
    },
    forget(key) {
      const records = read();
      if (records.some((kept) => kept.key === key)) {
        write(records.filter((kept) => kept.key !== key));
      }
    },
  };
}
