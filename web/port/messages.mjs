/*
 * Messages of the port, by their fields' names. kustomer_bridge/browser/port.py defines each
 * event and command and its fields (generated.mjs is its copy); a message crosses as a JSON
 * list, its name then its fields in that order, and each side writes and reads it by name
 * only: a field renamed, dropped or added on one side and not the other throws a PortError
 * where the message is made or read, never reaching the other side as a wrong value.
 */
import { PORT } from "./generated.mjs";

export class PortError extends Error {
  name = "PortError";
}

// kind: "events" or "commands"; fields: {field: value} with exactly the defined fields.
export function compose(kind, name, fields = {}) {
  const names = defined(kind, name);
  const given = Object.keys(fields);
  if (given.length !== names.length || !names.every((field) => given.includes(field))) {
    throw new PortError(`the port's ${name} takes {${names.join(", ")}}, ` +
      `not {${given.join(", ")}}`);
  }
  return [name, ...names.map((field) => fields[field])];
}

// A message's fields by name ({callId: 3, ...}); a name or a field count the port does not
// define throws.
export function read(kind, message) {
  const names = defined(kind, message[0]);
  if (names.length !== message.length - 1) {
    throw new PortError(`the port's ${message[0]} has ${names.length} fields, ` +
      `not ${message.length - 1}`);
  }
  return Object.fromEntries(names.map((field, index) => [field, message[index + 1]]));
}

export const event = (name, fields) => compose("events", name, fields);

// Runs actions[name]({fields}) for a command of the port; the actions must be exactly the
// port's commands (checked once, by dispatcher).
export function dispatcher(actions) {
  const names = Object.keys(PORT.commands);
  const missing = names.filter((name) => !actions[name]);
  const extra = Object.keys(actions).filter((name) => !names.includes(name));
  if (missing.length || extra.length) {
    throw new PortError(`the driver's actions differ from the port's commands: ` +
      `missing ${missing.join(", ") || "none"}, extra ${extra.join(", ") || "none"}`);
  }
  return (command) => actions[command[0]](read("commands", command));
}

function defined(kind, name) {
  const names = Object.prototype.hasOwnProperty.call(PORT[kind], name) ? PORT[kind][name] : null;
  if (!names) throw new PortError(`the port has no ${kind.slice(0, -1)} ${name}`);
  return names;
}
