// The `pnpm demo` tour. It will walk through Sparseland end to end on the vendored digits data
// (data/digits.csv.gz); for now it only proves that the demo pipeline runs.
console.log('Sparseland tour');
