// The shaped floor's dynamic provider: it does nothing either, but its resources have a
// SmileLink's shape. Check fills in the same defaults, and create and read keep the same
// outputs (shape.js), so that state holds as many bytes and values per resource as for a
// SmileLink. Ours against it is what our provider's own work costs; it against the floor is
// what a resource of this shape costs the engine and the SDK.
const apiLatency = require("./latency");
const { createdOutputs, newId, refreshedOutputs } = require("./shape");

module.exports = {
  async check(_olds, news) {
    return { inputs: { isSingleUse: false, isDisabled: false, ...news } };
  },
  async create(inputs) {
    await apiLatency();
    const id = newId();
    return { id, outs: createdOutputs(inputs, id) };
  },
  async read(id, props) {
    await apiLatency();
    return { id, props: refreshedOutputs(props) };
  },
  async delete() {
    await apiLatency();
  },
};
