// What a SmileLink keeps, made up: the outputs the shaped floors (dynamic and native) give a
// resource, so that state holds as many bytes and values per resource as for a SmileLink.
const { randomBytes } = require("node:crypto");
const { URL } = require("node:url");

/** An id as long as the emulator's ref_ids, so that every kind of resource stores ids of one size. */
function newId() {
  return randomBytes(8).toString("hex");
}

/** Where a SmileLink would live: the bench gives the CLI the emulator's address. */
function location() {
  return {
    apiUrl: process.env.SMILE_ID_API_URL ?? "",
    partnerId: process.env.SMILE_ID_PARTNER_ID ?? "",
  };
}

/**
 * A created link's outputs: its inputs without resourceKey (a SmileLink's outputs leave it
 * out), then what the API would say; its times are not known until a refresh.
 */
function createdOutputs(inputs, id) {
  const { resourceKey: _resourceKey, ...outputs } = inputs;
  const { apiUrl, partnerId } = location();
  return {
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
  };
}

/** A refresh learns when the link was made and changed, as a SmileLink's does. */
function refreshedOutputs(props) {
  const now = new Date().toISOString();
  return { ...props, createdAt: props.createdAt ?? now, updatedAt: now };
}

module.exports = { newId, createdOutputs, refreshedOutputs };
