/*
 * A runtime file that does not download (a 404, a blocked request, a lost network) fails
 * Python's boot at once, naming the file: Pyodide would otherwise wait forever for a missing
 * .wasm, and its conversations would wait with it. Both runners guard the fetch the runtime
 * uses, for the runtime's own folder only: the worker runner its worker's (this function's
 * source goes into the worker), the main-thread runner the page's, while the runtime boots.
 */

// fetchFile guarded: a request under folder that fails, or answers with an error status,
// calls failed(detail) (maybe more than once: the caller says it once) and is answered as
// it was; any other request is passed through untouched.
export function guardFetch(fetchFile, folder, failed) {
  return async (resource, ...rest) => {
    const url = String(resource?.url || resource);
    if (!url.startsWith(folder)) return fetchFile(resource, ...rest);
    const name = url.split("?")[0].split("/").pop();
    try {
      const response = await fetchFile(resource, ...rest);
      if (!response.ok) failed(`${name} did not download (HTTP ${response.status})`);
      return response;
    } catch (error) {
      failed(`${name} did not download (${error.message || error})`);
      throw error;
    }
  };
}

// What Python's failure says when its runtime did not start (detail: why).
export const runtimeDidNotStart = (runtimeName, detail) => `the ${runtimeName} runtime did ` +
  `not start (${detail}); serve the bridge's whole folder, runtime/ included`;
