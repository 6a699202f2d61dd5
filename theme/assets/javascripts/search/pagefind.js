// Pagefind's search API as the search page's Component UI loads it (its bundlePath points to this folder),
// with one difference: the filter tables (kind, topic, year) are fetched only once the reader opens the
// filters. Every Pagefind UI asks for all of them as soon as it loads, and at ten thousand sources they
// weigh more than the rest of a first search for a rare word. Everything else is Pagefind's own module,
// which still finds its index, WebAssembly and worker beside itself in pagefind/.
import * as pagefind from "../../../pagefind/pagefind.js";

export * from "../../../pagefind/pagefind.js";

const engines = [];
let filtersWanted = false;

export function createInstance(options) {
  const engine = pagefind.createInstance(options);
  const filters = engine.filters.bind(engine);
  // Until then the UI is told there are no filters, so it neither fetches nor shows any.
  engine.filters = async () => (filtersWanted ? filters() : {});
  engines.push(engine);
  return engine;
}

// From now on the filters are real: fetch the tables for every instance already loaded.
export async function loadFilters() {
  filtersWanted = true;
  await Promise.all(engines.map((engine) => engine.filters()));
}
