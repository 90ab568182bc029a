/**
 * The blueprint stack: typed config -> validated args -> components -> resources.
 * Composes only the components that exist so far; later issues extend it.
 */
export {};
