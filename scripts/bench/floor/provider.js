// The floor's dynamic provider: each operation only waits as long as the API would answer, and
// create keeps the inputs as outputs, as a dynamic resource must for its diff to see them (the
// host gives diff the old outputs only). It has no check and no diff, so the engine compares
// inputs itself. It is the exports object of a module of an installed package, so Pulumi
// stores it as one `require("smile-links-floor/provider")`: the shortest `__provider` a
// dynamic resource can have.
const apiLatency = require("./latency");
const { newId } = require("./shape");

module.exports = {
  async create(inputs) {
    await apiLatency();
    return { id: newId(), outs: inputs };
  },
  async read(id, props) {
    await apiLatency();
    return { id, props };
  },
  async delete() {
    await apiLatency();
  },
};
