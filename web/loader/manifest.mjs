// What the build writes for each bundle: its version, and the boot module's content-hashed
// name in the loader's folder. These are the values of an unbuilt source tree.
export const MANIFEST = { version: "dev", boot: "" };
