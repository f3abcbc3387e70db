// The shaped floor's dynamic provider: it does nothing either, but its resources have a
// SmileLink's shape. Check fills in the same defaults, and create and read keep the same
// outputs (what the API would say, made up), so that state holds as many bytes and values per
// resource as for a SmileLink. Ours against it is what our provider's own work costs; it
// against the floor is what a resource of this shape costs the engine and the SDK.
const { randomBytes } = require("node:crypto");
const { URL } = require("node:url");
const apiLatency = require("./latency");

/** Where a SmileLink would live: the bench gives the CLI the emulator's address. */
function location() {
  return {
    apiUrl: process.env.SMILE_ID_API_URL ?? "",
    partnerId: process.env.SMILE_ID_PARTNER_ID ?? "",
  };
}

module.exports = {
  async check(_olds, news) {
    return { inputs: { isSingleUse: false, isDisabled: false, ...news } };
  },
  async create(inputs) {
    await apiLatency();
    const id = randomBytes(8).toString("hex");
    // A SmileLink's outputs leave out resourceKey; its times are not known until a refresh.
    const { resourceKey: _resourceKey, ...outputs } = inputs;
    const { apiUrl, partnerId } = location();
    return {
      id,
      outs: {
        ...outputs,
        refId: id,
        url: `${new URL(apiUrl).origin}/links/${id}`,
        createdAt: null,
        updatedAt: null,
        disabledAt: null,
        totalJobs: 0,
        successfulJobs: 0,
        failedJobs: 0,
        apiUrl,
        partnerId,
      },
    };
  },
  async read(id, props) {
    await apiLatency();
    // A refresh learns when the link was made and changed, as a SmileLink's does.
    const now = new Date().toISOString();
    return { id, props: { ...props, createdAt: props.createdAt ?? now, updatedAt: now } };
  },
  async delete() {
    await apiLatency();
  },
};
