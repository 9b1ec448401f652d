// What the build writes into the boot module: the runtime's files, relative to it, and the
// Python package that ships to the browser, path -> source. Empty in an unbuilt source tree.
export const PATHS = { pyscript: "", mpy: "", py: "" };
export const FILES = {};
